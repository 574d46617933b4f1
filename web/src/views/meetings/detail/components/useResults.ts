// 结果: each closed poll's result as the caller may see it (the server applies disclosure, release
// and withholding): per deputy the votes per option, valid / invalid, approval rate and grade; the
// ballots issued and returned; a void poll's notice and its repetition; the private feedback
// (反馈给代表) per deputy; the signature and the bulletin board for offline verification.
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { pollBoardFile, pollCertificate, pollResult, repeatPoll } from '@/api/meetings';
import type { Meeting, PollResult, ResultDeputy, ResultRecord } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showSuccess } from '@/utils/errors';
import { useMeetingLabels } from '../../shared/labels';
import { confirmAndRelease } from '../../shared/release';
import { resultChartOption } from '../../shared/resultChart';
import { saveFile } from './useCarriers';
import { openPdf } from '@/utils/openPdf';
import { useSubmit } from '@/utils/useSubmit';

export function useResults(meeting: () => Meeting, reload: () => void) {
  const { t } = useI18n();
  const labels = useMeetingLabels();
  const results = ref<Record<number, PollResult>>({});
  const { busy: loading, run: runLoading } = useSubmit();
  const { busy, run: runBusy } = useSubmit();
  const polls = computed(() => meeting().polls.filter((poll) => poll.state !== 'pending'));

  async function load(): Promise<void> {
    await runLoading(async () => {
      const entries = await Promise.all(polls.value.map(async (poll) => [poll.id, await pollResult(poll.id)] as const));
      results.value = Object.fromEntries(entries);
    });
  }
  watch(() => polls.value.map((poll) => `${poll.id}:${poll.state}`).join(','), load, { immediate: true });

  /** Why a result is not shown: not there yet, or not for this user (private, not released). */
  function unavailableReason(result: PollResult): string {
    return ['pending', 'open', 'counting'].includes(result.state) ? t('meetings.results.notYet') : t('meetings.results.notForYou');
  }

  const chart = (record: ResultRecord) => resultChartOption(record);

  async function release(pollId: number, deputy: ResultDeputy): Promise<void> {
    // Private results (plan 2): the deputy sees theirs once released, and release cannot be undone.
    if (!(await confirmAndRelease(pollId, deputy.deputy_id, deputy.name, runBusy))) return;
    await runBusy(async () => {
      results.value = { ...results.value, [pollId]: await pollResult(pollId) };
    });
  }

  async function repeat(pollId: number): Promise<void> {
    if (!(await confirmAction(t('meetings.results.repeatConfirm')))) return;
    await runBusy(async () => {
      await repeatPoll(pollId);
      showSuccess(t('meetings.results.repeated'));
      reload();
    });
  }

  // Saved byte for byte: `shuzhi verify --digest` checks the file against the certificate's digest.
  async function downloadBoard(pollId: number): Promise<void> {
    await runBusy(async () => {
      saveFile(await pollBoardFile(pollId), `board-${pollId}.json`);
    });
  }

  async function printCertificate(pollId: number): Promise<void> {
    await runBusy(async () => {
      openPdf(await pollCertificate(pollId), `certificate-${pollId}.pdf`);
    });
  }

  return { t, labels, results, loading, busy, polls, unavailableReason, chart, release, repeat, downloadBoard, printCertificate, load };
}
