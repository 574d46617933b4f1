// 我的整改: the logged-in deputy's measures (state, due date, overdue, the evaluation) and the
// 新建整改措施 dialog over the evaluations they may write against. A new measure opens on its own
// page, where its progress is added.
import { onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { myMeasures } from '@/api/measures';
import type { Measure, MeasureDetail, MeasureTarget } from '@/api/types';
import { useSubmit } from '@/utils/useSubmit';

export function useMyMeasures() {
  const { t } = useI18n();
  const router = useRouter();
  const items = ref<Measure[]>([]);
  const targets = ref<MeasureTarget[]>([]);
  const { busy: loading, run } = useSubmit();
  const dialogOpen = ref(false);

  async function load(): Promise<void> {
    await run(async () => {
      const mine = await myMeasures();
      items.value = mine.items;
      targets.value = mine.targets;
    });
  }

  function create(): void {
    dialogOpen.value = true;
  }

  async function created(measure: MeasureDetail): Promise<void> {
    await router.push({ name: 'my-measure', params: { id: measure.id } });
  }

  onMounted(load);
  return { t, items, targets, loading, dialogOpen, create, created };
}
