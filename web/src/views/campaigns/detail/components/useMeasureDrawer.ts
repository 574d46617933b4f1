// One measure of the campaign in a drawer: what the deputy wrote and did (notes, evidence), and,
// when the server says the user may review it now (`may_review`: the deputy's group leader or an
// organizer, the measure marked done), 通过 (asked once) or 退回 (a comment is required, so the
// deputy knows what to do). Reviewers and others read only.
import { ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { getMeasure, reviewMeasure } from '@/api/measures';
import type { MeasureDecision, MeasureDetail } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showSuccess } from '@/utils/errors';
import { useFormSubmit, useSubmit } from '@/utils/useSubmit';

export function useMeasureDrawer(measureId: () => number | null, changed: () => void) {
  const { t } = useI18n();
  const measure = ref<MeasureDetail | null>(null);
  const comment = ref('');
  const { busy: loading, run: runLoading } = useSubmit();
  const { errors, summary, clear, busy, run } = useFormSubmit('measures.review.fieldErrors', { fields: ['comment', 'decision'] });

  async function load(id: number | null): Promise<void> {
    clear();
    comment.value = '';
    if (id === null) return;
    if (measure.value?.id !== id) measure.value = null;
    await runLoading(async () => {
      measure.value = await getMeasure(id);
    });
  }
  watch(measureId, load, { immediate: true });
  // A comment written after 退回 was refused: the mark goes.
  watch(comment, (value) => {
    if (value.trim()) delete errors.comment;
  });

  async function review(decision: MeasureDecision): Promise<void> {
    const current = measure.value;
    if (!current) return;
    const text = comment.value.trim();
    await run(async () => {
      measure.value = await reviewMeasure(current.id, { decision, comment: text || undefined });
      comment.value = '';
      showSuccess(t(decision === 'accept' ? 'measures.review.accepted' : 'measures.review.returned', { name: current.deputy_name }));
      changed();
    });
  }

  async function accept(): Promise<void> {
    clear();
    const current = measure.value;
    if (!current || !(await confirmAction(t('measures.review.acceptConfirm', { name: current.deputy_name }), { confirm: t('measures.review.accept') }))) return;
    await review('accept');
  }

  /** 退回: only with a comment saying what is still to do. */
  async function giveBack(): Promise<void> {
    clear();
    if (!comment.value.trim()) {
      errors.comment = t('measures.review.commentRequired');
      return;
    }
    await review('return');
  }

  return { t, measure, comment, loading, errors, summary, busy, accept, giveBack };
}
