// A deputy's own measure (my-measures/:id): the measure as it stands, and what the deputy may do
// with it: change it and mark it done while it is open or returned (`may_edit`), add progress with
// evidence until it is accepted. The evaluations list (for the edit dialog's evaluation line) comes
// with /me/measures.
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { getMeasure, markMeasureDone, myMeasures } from '@/api/measures';
import type { MeasureDetail, MeasureTarget } from '@/api/types';
import { confirmAction } from '@/utils/confirm';
import { showSuccess } from '@/utils/errors';
import { useSubmit } from '@/utils/useSubmit';

export function useMeasurePage() {
  const { t } = useI18n();
  const route = useRoute();
  const measureId = computed(() => Number(route.params.id));
  const measure = ref<MeasureDetail | null>(null);
  const targets = ref<MeasureTarget[]>([]);
  const { busy: loading, run: runLoading } = useSubmit();
  const { busy, run } = useSubmit();
  const editOpen = ref(false);
  const noteOpen = ref(false);
  const mayAddNote = computed(() => measure.value !== null && measure.value.state !== 'accepted');

  async function load(): Promise<void> {
    await runLoading(async () => {
      const [detail, mine] = await Promise.all([getMeasure(measureId.value), myMeasures()]);
      measure.value = detail;
      targets.value = mine.targets;
    });
  }

  async function reload(): Promise<void> {
    await runLoading(async () => {
      measure.value = await getMeasure(measureId.value);
    });
  }

  async function markDone(): Promise<void> {
    const current = measure.value;
    if (!current || !(await confirmAction(t('measures.markDoneConfirm'), { title: t('measures.markDone'), confirm: t('measures.markDone') }))) return;
    await run(async () => {
      measure.value = await markMeasureDone(current.id);
      showSuccess(t('measures.markedDone'));
    });
  }

  function saved(next: MeasureDetail): void {
    measure.value = next;
  }

  watch(measureId, load, { immediate: true });
  return { t, measure, targets, loading, busy, editOpen, noteOpen, mayAddNote, reload, markDone, saved };
}
