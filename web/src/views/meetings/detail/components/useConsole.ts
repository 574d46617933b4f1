// 主持台: the chair moves through the agenda (one item per deputy, stages 述职 → 提问 → 测评 →
// 点评), runs the speech countdown, records questions and the leader's remarks, opens and closes
// the polls (showing only how many have voted, never any count of choices while open) and
// finishes the meeting. The projector page shows the same state in the hall.
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { closePoll, consoleCommand, openPoll } from '@/api/meetings';
import type { AgendaStage, ConsoleCommand, Meeting, PollSummary } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showError, showErrorText, showSuccess } from '@/utils/errors';
import { useCountdown } from '../../shared/countdown';

export function useConsole(meeting: () => Meeting, update: (next: Meeting) => void, reload: () => void) {
  const { t } = useI18n();
  const busy = ref(false);
  const live = computed(() => meeting().live);
  const countdown = useCountdown(live);
  const current = computed(() => live.value.item);
  const currentItem = computed(() => meeting().agenda[current.value] ?? null);
  const question = reactive({ askedBy: '', question: '', answer: '' });
  const remarks = ref('');
  const projectorUrl = computed(() => (meeting().projector_token ? `/p/${meeting().projector_token}` : ''));
  const finished = computed(() => meeting().state === 'finished');

  async function command(body: ConsoleCommand): Promise<boolean> {
    busy.value = true;
    try {
      update(await consoleCommand(meeting().id, body));
      return true;
    } catch (error) {
      showError(error);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const goto = (item: number, stage: AgendaStage) => command({ kind: 'goto', item, stage });
  const timerStart = () => command({ kind: 'timer_start' });
  const timerPause = () => command({ kind: 'timer_pause' });
  const timerReset = () => command({ kind: 'timer_reset' });

  async function addQuestion(): Promise<void> {
    if (current.value < 0) return showErrorText(t('meetings.console.noItem'));
    if (!question.question.trim()) return showErrorText(t('meetings.console.questionRequired'));
    const ok = await command({
      kind: 'question',
      item: current.value,
      asked_by: question.askedBy.trim(),
      question: question.question.trim(),
      answer: question.answer.trim(),
    });
    if (ok) {
      question.askedBy = '';
      question.question = '';
      question.answer = '';
      showSuccess(t('common.saved'));
    }
  }

  async function saveRemarks(): Promise<void> {
    if (current.value < 0) return showErrorText(t('meetings.console.noItem'));
    if (await command({ kind: 'remarks', item: current.value, text: remarks.value.trim() })) {
      remarks.value = '';
      showSuccess(t('common.saved'));
    }
  }

  async function finish(): Promise<void> {
    if (!(await confirmAction(t('meetings.console.finishConfirm')))) return;
    await command({ kind: 'finish' });
  }

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
    busy.value = true;
    try {
      await (action === 'open' ? openPoll(poll.id) : closePoll(poll.id));
      showSuccess(t(action === 'open' ? 'meetings.console.opened' : 'meetings.console.closed'));
      reload();
    } catch (error) {
      showError(error);
    } finally {
      busy.value = false;
    }
  }

  function openProjector(): void {
    if (projectorUrl.value) window.open(projectorUrl.value, `projector-${meeting().id}`, 'noopener');
  }

  return {
    t,
    busy,
    live,
    countdown,
    current,
    currentItem,
    question,
    remarks,
    projectorUrl,
    finished,
    goto,
    timerStart,
    timerPause,
    timerReset,
    addQuestion,
    saveRemarks,
    finish,
    pollAction,
    openProjector,
  };
}
