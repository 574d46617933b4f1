// 报告进度: how many reports are in each state, and one row per reporting deputy with a link to
// the report (read-only, with the review buttons for group leaders and organizers); printable PDFs
// of each started report and of all started reports of a group.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { groupReportsPdfUrl, reportPdfUrl, reportProgress } from '@/api/reports';
import type { ReportProgress, ReportProgressRow } from '@/api/types';
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

  /** The groups in the list, each with its 打印本组报告 link (404 report.none_in_group when none started). */
  const groups = computed(() => {
    const seen = new Map<number, { id: number; name: string; url: string }>();
    for (const row of progress.value.items ?? []) {
      if (row.group_id == null || seen.has(row.group_id)) continue;
      seen.set(row.group_id, { id: row.group_id, name: row.group_name ?? '', url: groupReportsPdfUrl(campaignId, row.group_id) });
    }
    return [...seen.values()];
  });
  /** report.pdf of a started report, null before the deputy has written anything. */
  const pdfUrl = (row: ReportProgressRow): string | null =>
    row.state && row.state !== 'not_started' && row.deputy_id !== undefined ? reportPdfUrl(campaignId, row.deputy_id) : null;

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
  return { t, labels, progress, loading, counts, chart, groups, pdfUrl };
}
