// 活动看板: the plan's phases on a time bar with today marked and each phase's tasks, the report
// progress of every group as a stacked bar chart, opinions received and answered per group, and per
// group the rectification measures done of all, the overdue ones and the feedback talks owed.
import { computed, onMounted, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { campaignDashboard } from '@/api/campaigns';
import type { CampaignDashboard } from '@/api/types';
import type { ChartOption } from '@/components/EChart.vue';
import { useSubmit } from '@/utils/useSubmit';
import { useCampaignLabels } from '../../shared/labels';

const REPORT_ORDER = ['not_started', 'draft', 'submitted', 'late', 'returned', 'accepted'] as const;
const REPORT_COLORS: Record<(typeof REPORT_ORDER)[number], string> = {
  not_started: '#c0c4cc',
  draft: '#e6a23c',
  submitted: '#409eff',
  late: '#f56c6c',
  returned: '#b71c1c',
  accepted: '#67c23a',
};
const DAY_MS = 86_400_000;
type DashboardGroup = NonNullable<CampaignDashboard['groups']>[number];

export type PhaseWhen = 'done' | 'now' | 'later';

/** Days since the epoch of a YYYY-MM-DD date (UTC, so no time-zone shifts). */
function day(iso: string | null | undefined): number {
  if (!iso) return NaN;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / DAY_MS;
}

/** The report progress of every group: one stacked bar per group, 逾期 beside it. */
function reportChartOption(groups: DashboardGroup[], stateLabel: (state: string) => string): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: groups.map((group) => group.group_name ?? '') },
    series: REPORT_ORDER.map((state) => ({
      type: 'bar' as const,
      name: stateLabel(state),
      // 逾期 overlaps the states (a late report is also submitted or further): its own bar beside.
      stack: state === 'late' ? 'late' : 'reports',
      barMaxWidth: 28,
      itemStyle: { color: REPORT_COLORS[state] },
      label: { show: true, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
      data: groups.map((group) => group.reports?.[state] ?? 0),
    })),
  };
}

/** The plan's phases on a time bar: where each lies, which one is now, and where today sits. */
function usePhaseTimeline(data: Ref<CampaignDashboard | null>) {
  const today = computed(() => day(data.value?.today));
  const phases = computed(() =>
    (data.value?.phases ?? []).map((phase) => {
      const start = day(phase.start_date);
      const end = day(phase.end_date);
      const when: PhaseWhen = today.value > end ? 'done' : today.value >= start ? 'now' : 'later';
      return { ...phase, start, end, when, tasks: phase.tasks ?? [] };
    }),
  );
  /** The whole span from the first start to the last end (inclusive), for the time bar. */
  const span = computed(() => {
    const list = phases.value.filter((phase) => Number.isFinite(phase.start) && Number.isFinite(phase.end));
    if (list.length === 0) return null;
    const first = Math.min(...list.map((phase) => phase.start));
    const last = Math.max(...list.map((phase) => phase.end)) + 1;
    return { first, days: Math.max(1, last - first) };
  });
  const bars = computed(() => {
    const s = span.value;
    if (!s) return [];
    return phases.value.map((phase) => ({
      title: phase.title,
      when: phase.when,
      left: ((phase.start - s.first) / s.days) * 100,
      width: ((phase.end + 1 - phase.start) / s.days) * 100,
    }));
  });
  /** Where today sits on the time bar (0–100), or null when outside the span. */
  const todayAt = computed(() => {
    const s = span.value;
    if (!s || !Number.isFinite(today.value)) return null;
    const at = ((today.value + 0.5 - s.first) / s.days) * 100;
    return at < 0 || at > 100 ? null : at;
  });
  /** Index of the current phase for el-steps (phases before it are finished). */
  const activeStep = computed(() => {
    const now = phases.value.findIndex((phase) => phase.when !== 'done');
    return now === -1 ? phases.value.length : now;
  });

  return { phases, bars, todayAt, activeStep };
}

export function useDashboard(campaignId: number) {
  const { t } = useI18n();
  const labels = useCampaignLabels();
  const data = ref<CampaignDashboard | null>(null);
  const { busy: loading, run } = useSubmit();
  const { phases, bars, todayAt, activeStep } = usePhaseTimeline(data);

  const groups = computed(() => data.value?.groups ?? []);
  const reportChart = computed(() => reportChartOption(groups.value, labels.reportState));
  const opinionRows = computed(() =>
    groups.value.map((group) => {
      const received = group.opinions_received ?? 0;
      const answered = group.opinions_answered ?? 0;
      return { name: group.group_name ?? '', received, answered, rate: received > 0 ? Math.round((answered / received) * 100) : null };
    }),
  );

  /** 整改 per group: done (accepted, or marked done and waiting for review) of all, overdue, and 待反馈. */
  const measureRows = computed(() =>
    groups.value.map((group) => {
      const m = group.measures;
      const total = m?.total ?? 0;
      const done = (m?.accepted ?? 0) + (m?.done ?? 0);
      return {
        id: group.group_id ?? 0,
        name: group.group_name ?? '',
        total,
        done,
        accepted: m?.accepted ?? 0,
        overdue: m?.overdue ?? 0,
        feedbackDue: group.feedback_due ?? 0,
        rate: total > 0 ? Math.round((done / total) * 100) : null,
      };
    }),
  );

  async function load(): Promise<void> {
    await run(async () => {
      data.value = await campaignDashboard(campaignId);
    });
  }

  onMounted(load);
  return { t, data, loading, phases, bars, todayAt, activeStep, groups, reportChart, opinionRows, measureRows };
}
