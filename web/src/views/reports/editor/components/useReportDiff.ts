// 版本对比: two saved versions of a report, section by section, as equal / insert / delete runs.
import { computed, ref, watch, type Ref } from 'vue';
import { reportDiff } from '@/api/reports';
import type { ReportDiff, ReportVersion } from '@/api/types';
import { showError } from '@/utils/errors';

export function useReportDiff(campaignId: Ref<number>, deputyId: Ref<number>, versions: Ref<ReportVersion[]>) {
  const from = ref<number | null>(null);
  const to = ref<number | null>(null);
  const diff = ref<ReportDiff | null>(null);
  const loading = ref(false);
  const numbers = computed(() => versions.value.map((v) => v.version ?? 0).sort((a, b) => a - b));

  // Default: the last two versions.
  watch(
    numbers,
    (list) => {
      if (list.length >= 2) {
        from.value = list[list.length - 2];
        to.value = list[list.length - 1];
      }
    },
    { immediate: true },
  );

  async function show(): Promise<void> {
    if (from.value === null || to.value === null) return;
    loading.value = true;
    try {
      diff.value = await reportDiff(campaignId.value, deputyId.value, from.value, to.value);
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  return { from, to, diff, loading, numbers, show };
}
