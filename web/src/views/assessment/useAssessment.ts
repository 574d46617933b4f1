// The 年度考核 page's state: the congress and year, the criteria, the ranking and its chart.
import { computed, onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { assessmentExportUrl, getAssessment, type AssessmentCriteria } from '@/api/assessment';
import { listCongresses } from '@/api/registry';
import type { Assessment, Congress } from '@/api/types';
import type { ChartOption } from '@/components/EChart.vue';
import { showError } from '@/utils/errors';

export function useAssessment() {
  const { t } = useI18n();
  const congresses = ref<Congress[]>([]);
  const congressId = ref<number | null>(null);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const criteria = reactive<AssessmentCriteria>({
    year: thisYear,
    grades: [],
    minApproval: null,
    allMeasuresDone: false,
    onTime: false,
    groupId: null,
    candidatesOnly: false,
  });
  const data = ref<Assessment | null>(null);
  const loading = ref(false);

  /** The label of a grade code, from the year's scales; the code when no scale names it. */
  const gradeLabel = (code: string) => {
    for (const c of data.value?.campaigns ?? []) {
      const o = c.scale?.find((s) => s.code === code);
      if (o?.label) return o.label;
    }
    return t(`assessment.grades.${code}`, code);
  };

  async function load(): Promise<void> {
    if (congressId.value == null) return;
    loading.value = true;
    try {
      data.value = await getAssessment(congressId.value, criteria);
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  onMounted(async () => {
    try {
      congresses.value = await listCongresses();
      if (congresses.value.length) congressId.value = congresses.value[congresses.value.length - 1]!.id;
      await load();
    } catch (error) {
      showError(error);
    }
  });

  const gradeChart = computed<ChartOption>(() => {
    const counts = new Map<string, number>();
    for (const r of data.value?.rows ?? []) {
      const key = r.result?.grade ? gradeLabel(r.result.grade) : t('assessment.noResult');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: [...counts].map(([name, value]) => ({ name, value })) }],
    };
  });

  const approvalChart = computed<ChartOption>(() => {
    const bands = ['<60', '60–70', '70–80', '80–90', '90–100'];
    const counts = [0, 0, 0, 0, 0];
    for (const r of data.value?.rows ?? []) {
      const p = r.result?.approval_percent;
      if (p == null) continue;
      counts[p < 60 ? 0 : p < 70 ? 1 : p < 80 ? 2 : p < 90 ? 3 : 4]! += 1;
    }
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: bands.map((b) => `${b}%`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('assessment.deputies'), data: counts }],
    };
  });

  const exportUrl = (kind: 'xlsx' | 'pdf') =>
    congressId.value == null ? '' : assessmentExportUrl(congressId.value, criteria, kind);

  return { t, congresses, congressId, years, criteria, data, loading, load, gradeLabel, gradeChart, approvalChart, exportUrl };
}
