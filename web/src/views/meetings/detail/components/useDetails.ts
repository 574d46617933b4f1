// 会议信息: the meeting's title, start, venue and the people who run it (主持人, 计票人, 监票人,
// free-text names, not accounts), edited by those who may run the meeting until it has finished.
// Also the result-signing key fingerprint and, for the staff, the projector link.
import { computed, reactive, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { updateMeeting } from '@/api/meetings';
import type { Meeting } from '@/api/types';
import { showErrorText, showSuccess } from '@/utils/errors';
import { BEIJING_OFFSET, wallClock } from '@/utils/format';
import { useSubmit } from '@/utils/useSubmit';

const cleanNames = (names: string[]) => names.map((name) => name.trim()).filter((name) => name !== '');

export function useDetails(meeting: () => Meeting, update: (next: Meeting) => void) {
  const { t } = useI18n();
  const { busy: saving, run: runSaving } = useSubmit();
  const form = reactive({ title: '', startsAt: '', venue: '', chair: '', tellers: [] as string[], scrutineers: [] as string[] });
  const finished = computed(() => meeting().state === 'finished');
  const editable = computed(() => meeting().may_run && !finished.value);
  const projectorUrl = computed(() => {
    const token = meeting().projector_token;
    return token ? `${window.location.origin}/p/${token}` : '';
  });

  function reset(): void {
    const m = meeting();
    form.title = m.title;
    form.startsAt = wallClock(m.starts_at);
    form.venue = m.venue;
    form.chair = m.chair;
    form.tellers = [...m.tellers];
    form.scrutineers = [...m.scrutineers];
  }

  // The page re-fetches the meeting after check-ins and the like; only a change to these fields
  // (saved here or by someone else) replaces what is being edited.
  const saved = computed(() => {
    const m = meeting();
    return JSON.stringify([m.id, m.title, m.starts_at, m.venue, m.chair, m.tellers, m.scrutineers]);
  });
  watch(saved, reset, { immediate: true });

  async function save(): Promise<void> {
    if (!form.title.trim()) return showErrorText(t('meetings.details.titleRequired'));
    if (!form.startsAt) return showErrorText(t('meetings.details.startRequired'));
    await runSaving(async () => {
      update(
        await updateMeeting(meeting().id, {
          title: form.title.trim(),
          starts_at: `${form.startsAt}${BEIJING_OFFSET}`,
          venue: form.venue.trim(),
          chair: form.chair.trim(),
          tellers: cleanNames(form.tellers),
          scrutineers: cleanNames(form.scrutineers),
        }),
      );
      showSuccess(t('common.saved'));
    });
  }

  async function copyProjectorUrl(): Promise<void> {
    try {
      await navigator.clipboard.writeText(projectorUrl.value);
      showSuccess(t('meetings.details.copied'));
    } catch {
      showErrorText(t('meetings.details.copyFailed'));
    }
  }

  return { t, form, saving, finished, editable, projectorUrl, reset, save, copyProjectorUrl };
}
