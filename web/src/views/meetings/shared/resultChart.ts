// The chart of a poll's result: one horizontal bar per deputy, stacked by scale option (votes), from
// already translated labels. Withheld deputies have no numbers and are drawn empty.
import type { ChartOption } from '@/components/EChart.vue';
import type { ResultRecord } from '@/api/types';

const OPTION_COLORS = ['#c0392b', '#e6a23c', '#5b8ff9', '#909399', '#7262fd', '#61ddaa'];

export function resultChartOption(
  result: ResultRecord,
  options: { dark?: boolean; fontSize?: number; label?: (deputy: ResultRecord['deputies'][number]) => string } = {},
): ChartOption {
  const text = options.dark ? '#f2f2f2' : '#303133';
  const fontSize = options.fontSize ?? 12;
  const names = result.deputies.map((deputy) => (options.label ? options.label(deputy) : deputy.name));
  const series: NonNullable<ChartOption['series']> = result.scale.map((option, index) => ({
    type: 'bar',
    name: option.label,
    stack: 'votes',
    barMaxWidth: options.dark ? 56 : 28,
    data: result.deputies.map((deputy) => (deputy.withheld ? 0 : (deputy.votes?.[index] ?? 0))),
    label: { show: true, color: '#fff', fontSize, formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
  }));
  return {
    color: OPTION_COLORS,
    textStyle: { color: text, fontSize },
    legend: { top: 0, textStyle: { color: text, fontSize } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: fontSize * 3, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: text, fontSize }, splitLine: { lineStyle: { color: options.dark ? '#444' : '#e4e7ed' } } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { color: text, fontSize } },
    series,
  };
}
