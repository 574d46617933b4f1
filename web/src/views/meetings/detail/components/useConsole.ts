// 主持台: the chair moves through the agenda (one item per deputy, stages 述职 → 提问 → 测评 →
// 点评), runs the speech countdown, records questions and the leader's remarks, opens and closes
// the polls (useConsolePolls: showing only how many have voted, never any count of choices while
// open), switches the projector to the end-of-meeting summary and finishes the meeting. The projector page shows the same state in the hall.
import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { consoleCommand } from '@/api/meetings';
import type { AgendaStage, ConsoleCommand, Meeting } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showErrorText, showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';
import { useCountdown } from '../../shared/countdown';

export function useConsole(meeting: () => Meeting, update: (next: Meeting) => void) {
  const { t } = useI18n();
  const { busy, run } = useSubmit();
  const live = computed(() => meeting().live);
  const countdown = useCountdown(live);
  const current = computed(() => live.value.item);
  const currentItem = computed(() => meeting().agenda[current.value] ?? null);
  const question = reactive({ askedBy: '', question: '', answer: '' });
  const remarks = ref('');
  const projectorUrl = computed(() => (meeting().projector_token ? `/p/${meeting().projector_token}` : ''));
  const finished = computed(() => meeting().state === 'finished');

  function command(body: ConsoleCommand): Promise<boolean> {
    return run(async () => update(await consoleCommand(meeting().id, body)));
  }

  const goto = (item: number, stage: AgendaStage) => command({ kind: 'goto', item, stage });
  const timerStart = () => command({ kind: 'timer_start' });
  const timerPause = () => command({ kind: 'timer_pause' });
  const timerReset = () => command({ kind: 'timer_reset' });
  // The projector's end-of-meeting summary of every result (plan 1: announced together); choosing an
  // agenda stage again leaves it.
  const showSummary = () => command({ kind: 'summary' });

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

  function openProjector(): void {
    if (projectorUrl.value) window.open(projectorUrl.value, `projector-${meeting().id}`, 'noopener');
  }

  return {
    t,
    busy,
    run,
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
    showSummary,
    openProjector,
  };
}
