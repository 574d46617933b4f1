// Opening and closing the polls from the 主持台: each asks first, with the numbers (who is present,
// the carriers issued, how many have voted), since neither can be taken back. While a poll is
// open only how many have voted is shown, never any count of choices.
import { useI18n } from 'vue-i18n';
import { closePoll, openPoll } from '@/api/meetings';
import type { Meeting, PollSummary } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showSuccess } from '@/utils/errors';

/** `run` is the console's own (useConsole), so the polls' buttons share its busy flag. */
export function useConsolePolls(meeting: () => Meeting, run: (action: () => Promise<unknown>) => Promise<boolean>, reload: () => void) {
  const { t } = useI18n();

  /** What opening or closing a poll will do, with the numbers: neither can be taken back. */
  function pollQuestion(poll: PollSummary, action: 'open' | 'close'): string {
    const issued = meeting().carriers.issued;
    const name = t('meetings.pollName', { n: poll.position + 1, round: poll.round });
    if (action === 'open') {
      return t('meetings.console.openConfirm', { name, present: meeting().attendance.present, phone: issued.phone, paper: issued.paper });
    }
    const left = Math.max(0, issued.phone - poll.voted);
    const text = left > 0
      ? t('meetings.console.closeConfirmLeft', { name, left, voted: poll.voted, phone: issued.phone })
      : t('meetings.console.closeConfirm', { name, voted: poll.voted, phone: issued.phone });
    return issued.paper > 0 ? `${text}${t('meetings.console.closeConfirmPaper', { paper: issued.paper })}` : text;
  }

  async function pollAction(poll: PollSummary, action: 'open' | 'close'): Promise<void> {
    const confirmed = await confirmAction(pollQuestion(poll, action), {
      title: t(action === 'open' ? 'meetings.console.open' : 'meetings.console.close'),
      confirm: t(action === 'open' ? 'meetings.console.open' : 'meetings.console.close'),
      danger: action === 'close',
    });
    if (!confirmed) return;
    await run(async () => {
      await (action === 'open' ? openPoll(poll.id) : closePoll(poll.id));
      showSuccess(t(action === 'open' ? 'meetings.console.opened' : 'meetings.console.closed'));
      reload();
    });
  }

  return { pollAction };
}
