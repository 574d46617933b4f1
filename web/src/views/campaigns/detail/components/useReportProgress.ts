// 报告进度: how many reports are in each state, and one row per reporting deputy with a link to
// the report (read-only, with the review buttons for group leaders and organizers).
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { reportProgress } from '@/api/campaigns';
import type { ReportProgress } from '@/api/types';
import { showError } from '@/utils/errors';
import { barOption } from '@/views/registry/shared/charts';
import { useCampaignLabels } from '../../shared/labels';

const COUNT_ORDER = ['not_started', 'draft', 'submitted', 'late', 'returned', 'accepted'] as const;

export function useReportProgress(campaignId: number) {
  const { t } = useI18n();
  const labels = useCampaignLabels();
  const progress = ref<ReportProgress>({ items: [], counts: {} });
  const loading = ref(false);
  const counts = computed(() => COUNT_ORDER.map((state) => ({ state, count: progress.value.counts?.[state] ?? 0 })));
  const chart = computed(() => barOption(counts.value.map((entry) => ({ name: labels.reportState(entry.state), value: entry.count }))));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      progress.value = await reportProgress(campaignId);
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  onMounted(load);
  return { t, labels, progress, loading, counts, chart };
}
