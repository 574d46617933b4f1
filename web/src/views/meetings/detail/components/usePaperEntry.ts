// 计票: the tellers count the sheets in the box, then key every sheet twice (two different users);
// matching entries reconcile the sheet, differing ones wait for an organizer to settle them with the
// marks read off the sheet. Once all are reconciled the result is confirmed (finalize), computed
// and signed.
import { confirmAction } from '@/utils/confirm';
import { computed, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { finalizePoll, keyPaperSheet, paperStatus, resolvePaperSheet, setPaperCount } from '@/api/meetings';
import type { Meeting, PaperChoice, PaperOutcome, PaperStatus } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { showError, showErrorText, showSuccess } from '@/utils/errors';
import { STAFF_ROLES } from '@/utils/roles';
import { useSubmit } from '@/utils/useSubmit';

type Poll = Meeting['polls'][number];

export function usePaperEntry(meeting: () => Meeting, reload: () => void) {
  const { t } = useI18n();
  const session = useSessionStore();
  const isOrganizer = computed(() => session.hasAnyRole(STAFF_ROLES));
  const counting = computed(() => meeting().polls.filter((poll) => poll.state === 'counting'));
  const pollId = ref<number | undefined>(counting.value[0]?.id);
  const poll = computed(() => meeting().polls.find((p) => p.id === pollId.value) ?? null);
  const status = ref<PaperStatus | null>(null);
  const sheets = ref(0);
  const { busy, run: runBusy } = useSubmit();

  async function loadStatus(): Promise<void> {
    if (pollId.value === undefined) {
      status.value = null;
      return;
    }
    try {
      status.value = await paperStatus(pollId.value);
      if (status.value.paper_counted !== null && status.value.paper_counted !== undefined) sheets.value = status.value.paper_counted;
    } catch (error) {
      showError(error);
    }
  }
  watch(pollId, loadStatus, { immediate: true });
  watch(counting, (list) => {
    if (pollId.value === undefined && list.length) pollId.value = list[0].id;
  });

  async function run(action: () => Promise<void>): Promise<void> {
    await runBusy(async () => {
      await action();
    });
  }

  const saveCount = () =>
    run(async () => {
      if (pollId.value === undefined) return;
      await setPaperCount(pollId.value, sheets.value);
      showSuccess(t('common.saved'));
      await loadStatus();
    });

  async function finalize(): Promise<void> {
    if (pollId.value === undefined) return;
    if (!(await confirmAction(t('meetings.paper.finalizeConfirm')))) return;
    const id = pollId.value;
    await run(async () => {
      await finalizePoll(id);
      showSuccess(t('meetings.paper.finalized'));
      reload();
      await loadStatus();
    });
  }

  return { t, isOrganizer, counting, pollId, poll, status, sheets, busy, run, loadStatus, saveCount, finalize };
}


/**
 * Keying a sheet (by a teller; a second teller keys it again) and settling a sheet whose two
 * entries differ (by an organizer, with the marks read off the sheet). `run` and `loadStatus` are
 * usePaperEntry's, so both share its busy flag and refresh its counts.
 */
export function usePaperSheets(
  pollId: Ref<number | undefined>,
  poll: Ref<Poll | null>,
  run: (action: () => Promise<void>) => Promise<void>,
  loadStatus: () => Promise<void>,
) {
  const { t } = useI18n();
  const sheet = reactive({ code: '', marks: {} as Record<number, string> });
  const outcome = ref<PaperOutcome | null>(null);
  const resolve = reactive({ code: '', marks: {} as Record<number, string> });

  function choicesOf(marks: Record<number, string>): PaperChoice[] | null {
    const deputies = poll.value?.deputies ?? [];
    if (deputies.some((deputy) => !marks[deputy.id])) return null;
    return deputies.map((deputy) => ({ deputy_id: deputy.id, option: marks[deputy.id] }));
  }

  const keySheet = () =>
    run(async () => {
      if (pollId.value === undefined) return;
      const choices = choicesOf(sheet.marks);
      if (!sheet.code.trim()) return showErrorText(t('meetings.paper.codeRequired'));
      if (!choices) return showErrorText(t('meetings.paper.marksRequired'));
      outcome.value = await keyPaperSheet(pollId.value, sheet.code.trim().toUpperCase(), choices);
      sheet.code = '';
      sheet.marks = {};
      await loadStatus();
    });

  const resolveSheet = () =>
    run(async () => {
      if (pollId.value === undefined) return;
      const choices = choicesOf(resolve.marks);
      if (!resolve.code.trim()) return showErrorText(t('meetings.paper.codeRequired'));
      if (!choices) return showErrorText(t('meetings.paper.marksRequired'));
      await resolvePaperSheet(pollId.value, resolve.code.trim().toUpperCase(), choices);
      showSuccess(t('meetings.paper.resolved'));
      resolve.code = '';
      resolve.marks = {};
      await loadStatus();
    });

  return { sheet, outcome, resolve, keySheet, resolveSheet };
}
