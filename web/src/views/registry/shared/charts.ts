// ECharts options for the registry's simple count charts, from already translated labels.
import type { ChartOption } from '@/components/EChart.vue';

export interface Slice {
  name: string;
  value: number;
}

const COLORS = ['#b71c1c', '#e57373', '#f0a35e', '#5b8ff9', '#61ddaa', '#7262fd', '#78d3f8', '#9661bc', '#f6903d'];

export function barOption(items: Slice[], options: { horizontal?: boolean; targets?: (number | null)[]; targetName?: string } = {}): ChartOption {
  const names = items.map((item) => item.name);
  const values = items.map((item) => item.value);
  const category = { type: 'category' as const, data: names, axisLabel: { interval: 0, width: 90, overflow: 'truncate' as const } };
  const value = { type: 'value' as const, minInterval: 1 };
  const series: NonNullable<ChartOption['series']> = [
    { type: 'bar', data: values, itemStyle: { color: COLORS[0] }, barMaxWidth: 36, label: { show: true, position: options.horizontal ? 'right' : 'top' } },
  ];
  if (options.targets) {
    // Targets drawn as a thin marker bar next to each category (a per-category target line).
    series.push({
      type: 'bar',
      name: options.targetName,
      data: options.targets.map((target) => target ?? 0),
      itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#303133', borderType: 'dashed', borderWidth: 1 },
      barGap: '-100%',
      barMaxWidth: 36,
      z: 3,
    });
  }
  return {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: options.horizontal ? value : category,
    yAxis: options.horizontal ? { ...category, inverse: true } : value,
    series,
  };
}

export function pieOption(items: Slice[]): ChartOption {
  return {
    color: COLORS,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['38%', '50%'],
        data: items,
        label: { formatter: '{b}\n{c}' },
      },
    ],
  };
}
