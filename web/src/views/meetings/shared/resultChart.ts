// The chart of a poll's result on the meeting page: one horizontal bar per deputy, stacked by scale
// option (votes), from already translated labels. Withheld deputies have no numbers and are drawn
// empty. (The projector shows results as rows of large text instead: projector/components.)
import type { ChartOption } from '@/components/EChart.vue';
import type { ResultRecord } from '@/api/types';

const OPTION_COLORS = ['#c0392b', '#e6a23c', '#5b8ff9', '#909399', '#7262fd', '#61ddaa'];
const TEXT = '#303133';
const FONT_SIZE = 12;

export function resultChartOption(result: ResultRecord): ChartOption {
  const names = result.deputies.map((deputy) => deputy.name);
  const series: NonNullable<ChartOption['series']> = result.scale.map((option, index) => ({
    type: 'bar',
    name: option.label,
    stack: 'votes',
    barMaxWidth: 28,
    data: result.deputies.map((deputy) => (deputy.withheld ? 0 : (deputy.votes?.[index] ?? 0))),
    label: { show: true, color: '#fff', fontSize: FONT_SIZE, formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
  }));
  return {
    color: OPTION_COLORS,
    textStyle: { color: TEXT, fontSize: FONT_SIZE },
    legend: { top: 0, textStyle: { color: TEXT, fontSize: FONT_SIZE } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: FONT_SIZE * 3, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: FONT_SIZE }, splitLine: { lineStyle: { color: '#e4e7ed' } } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { color: TEXT, fontSize: FONT_SIZE } },
    series,
  };
}
