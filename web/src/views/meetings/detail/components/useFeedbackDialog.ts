// The dialog recording a feedback talk: when (Beijing time, now by default), how (当面 / 电话 /
// 书面), who held it (the user by default: the leader usually talks in person), what was said, and
// whether to release the result in the same step. A recorded talk opens with its own values for a
// correction. The server's refusals land on the fields (a time before the meeting or still to come).
import { computed, reactive, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { recordFeedback } from '@/api/feedback';
import type { FeedbackItem, FeedbackMethod } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { showSuccess } from '@/utils/errors';
import { BEIJING_OFFSET, wallClock, wallClockNow } from '@/utils/format';
import { useFormSubmit } from '@/utils/useSubmit';

const FIELDS = ['given_at', 'method', 'given_by', 'notes'] as const;

export function useFeedbackDialog(open: Ref<boolean>, item: () => FeedbackItem | null, withheld: () => boolean, recorded: (next: FeedbackItem) => void) {
  const { t } = useI18n();
  const session = useSessionStore();
  const form = reactive({ givenAt: '', method: 'in_person' as FeedbackMethod, givenBy: '', notes: '', release: false });
  const { errors, summary, clear, busy, run } = useFormSubmit('meetings.feedback.fieldErrors', { fields: FIELDS });
  /** Released already (or nothing to release): the checkbox has nothing to do. */
  const releaseShown = computed(() => !item()?.released && !withheld());

  watch(open, (isOpen) => {
    if (!isOpen) return;
    clear();
    const given = item()?.feedback;
    form.givenAt = given ? wallClock(given.given_at) : wallClockNow();
    form.method = given?.method ?? 'in_person';
    form.givenBy = given?.given_by ?? session.user?.display_name ?? '';
    form.notes = given?.notes ?? '';
    form.release = false;
  });

  async function save(): Promise<void> {
    const row = item();
    if (!row) return;
    clear();
    if (!form.givenBy.trim()) {
      errors.given_by = t('meetings.feedback.fieldErrors.given_by');
      return;
    }
    await run(async () => {
      const next = await recordFeedback(row.poll_id, row.deputy_id, {
        given_at: `${form.givenAt}${BEIJING_OFFSET}`,
        method: form.method,
        given_by: form.givenBy.trim(),
        notes: form.notes.trim(),
        release: releaseShown.value && form.release,
      });
      recorded(next);
      open.value = false;
      showSuccess(t(next.released && !row.released ? 'meetings.feedback.savedReleased' : 'meetings.feedback.saved', { name: row.deputy_name }));
    });
  }

  return { t, form, errors, summary, busy, releaseShown, save };
}
