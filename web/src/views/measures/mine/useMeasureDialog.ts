// The dialog writing a new measure or changing one: the evaluation it answers (one of the deputy's
// final polls; fixed once written), the text, the due date (not before the meeting's date: earlier
// days are disabled, and the server's refusal lands on the field), and the opinions about the
// deputy it answers (their approved opinions, loaded for the evaluation's deputy).
import { computed, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { createMeasure, updateMeasure } from '@/api/measures';
import { listOpinions } from '@/api/opinions';
import type { MeasureDetail, MeasureTarget, Opinion } from '@/api/types';
import { showError, showSuccess } from '@/utils/errors';
import { useFormSubmit } from '@/utils/useSubmit';
import { defaultDueOn } from '../shared/labels';

const FIELDS = ['poll_id', 'text', 'due_on', 'opinion_ids'] as const;
/** Opinions a measure can answer: those passed to the deputy (not awaiting moderation, not rejected). */
const ANSWERABLE = new Set(['new', 'answered', 'addressed']);

export const targetKey = (target: Pick<MeasureTarget, 'poll_id' | 'deputy_id'>) => `${target.poll_id}-${target.deputy_id}`;

export function useMeasureDialog(open: Ref<boolean>, targets: () => MeasureTarget[], editing: () => MeasureDetail | null, saved: (measure: MeasureDetail) => void) {
  const { t } = useI18n();
  const form = reactive({ target: '', text: '', dueOn: '', opinionIds: [] as number[] });
  const { errors, summary, clear, busy, run } = useFormSubmit('measures.fieldErrors', {
    fields: FIELDS,
    reasons: { 'measure.due_before_meeting': ['due_on'], 'measure.unknown_opinion': ['opinion_ids'] },
  });
  const opinions = ref<Opinion[]>([]);
  const loadingOpinions = ref(false);
  const target = computed(() => targets().find((item) => targetKey(item) === form.target) ?? null);
  const meetingDate = computed(() => target.value?.meeting_date ?? '');

  async function loadOpinions(deputyId: number | undefined): Promise<void> {
    opinions.value = [];
    if (!deputyId) return;
    loadingOpinions.value = true;
    try {
      opinions.value = (await listOpinions(deputyId)).filter((opinion) => ANSWERABLE.has(opinion.status ?? ''));
    } catch (error) {
      showError(error);
    } finally {
      loadingOpinions.value = false;
    }
  }

  watch(open, (isOpen) => {
    if (!isOpen) return;
    clear();
    const measure = editing();
    const first = targets()[0];
    form.target = measure ? targetKey(measure) : targets().length === 1 && first ? targetKey(first) : '';
    form.text = measure?.text ?? '';
    form.dueOn = measure?.due_on ?? (target.value ? defaultDueOn(target.value.meeting_date) : '');
    form.opinionIds = measure ? [...measure.opinion_ids] : [];
    void loadOpinions(measure?.deputy_id ?? target.value?.deputy_id);
  });

  /** Another evaluation chosen (new measures only): its deputy's opinions, a due date after its meeting. */
  function onTargetChange(): void {
    form.opinionIds = [];
    if (target.value && (!form.dueOn || form.dueOn < target.value.meeting_date)) form.dueOn = defaultDueOn(target.value.meeting_date);
    void loadOpinions(target.value?.deputy_id);
  }

  /** The fields the page itself can check; true when all are filled. */
  function checkFilled(): boolean {
    if (!editing() && !target.value) errors.poll_id = t('measures.targetRequired');
    if (!form.text.trim()) errors.text = t('measures.textRequired');
    if (!form.dueOn) errors.due_on = t('measures.dueRequired');
    return Object.keys(errors).length === 0;
  }

  async function save(): Promise<void> {
    clear();
    if (!checkFilled()) return;
    const measure = editing();
    const fields = { text: form.text.trim(), due_on: form.dueOn, opinion_ids: form.opinionIds };
    await run(async () => {
      const chosen = target.value;
      const result = measure
        ? await updateMeasure(measure.id, fields)
        : await createMeasure({ poll_id: chosen?.poll_id ?? 0, deputy_id: chosen?.deputy_id ?? 0, ...fields });
      open.value = false;
      showSuccess(t(measure ? 'measures.updated' : 'measures.created'));
      saved(result);
    });
  }

  return { t, form, errors, summary, busy, opinions, loadingOpinions, meetingDate, onTargetChange, save };
}
