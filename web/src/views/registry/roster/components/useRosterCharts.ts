// The roster's statistics: deputies by occupation (pie), by level (bar) and by group (bar), for the
// filter of the table as last loaded. A chart whose numbers cannot be read stays empty.
import { computed, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { rosterStats, type RosterFilter } from '@/api/registry';
import type { RosterStats } from '@/api/types';
import { barOption, pieOption, type Slice } from '../../shared/charts';
import { useRegistryLabels } from '../../shared/labels';
import { useRosterRefs } from '../rosterRefs';

function slices(stats: RosterStats | null, label: (key: string) => string): Slice[] {
  return (stats?.items ?? []).map((item) => ({ name: label(item.key), value: item.count }));
}

export function useRosterCharts(filter: () => RosterFilter | null) {
  const { t } = useI18n();
  const labels = useRegistryLabels();
  const { groupById } = useRosterRefs();
  const statsOccupation = ref<RosterStats | null>(null);
  const statsLevel = ref<RosterStats | null>(null);
  const statsGroup = ref<RosterStats | null>(null);

  async function loadStats(applied: RosterFilter): Promise<void> {
    const [occupation, level, group] = await Promise.allSettled([
      rosterStats('occupation', applied),
      rosterStats('level', applied),
      rosterStats('group', applied),
    ]);
    statsOccupation.value = occupation.status === 'fulfilled' ? occupation.value : null;
    statsLevel.value = level.status === 'fulfilled' ? level.value : null;
    statsGroup.value = group.status === 'fulfilled' ? group.value : null;
  }
  watch(filter, (applied) => {
    if (applied) void loadStats(applied);
  });

  function groupLabel(key: string): string {
    if (key === '') return t('registry.noGroup');
    const id = Number(key);
    return Number.isInteger(id) ? (groupById.value.get(id)?.name ?? key) : key;
  }
  const occupationChart = computed(() => pieOption(slices(statsOccupation.value, labels.occupation)));
  const levelChart = computed(() => barOption(slices(statsLevel.value, labels.level)));
  const groupChart = computed(() => barOption(slices(statsGroup.value, groupLabel), { horizontal: true }));

  return { t, occupationChart, levelChart, groupChart };
}
