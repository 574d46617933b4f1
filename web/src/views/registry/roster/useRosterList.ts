// 代表名册, the list: the filters, the paged table, and the filter the export links and the charts
// follow (the table's as last loaded).
import { computed, reactive, ref, watch } from 'vue';
import { listRoster, rosterExportUrl, type ExportFormat, type RosterFilter } from '@/api/registry';
import type { MandateStatus, Occupation, RosterRow } from '@/api/types';
import { usePagedQuery } from '@/utils/usePagedQuery';
import type { RosterRefs } from './rosterRefs';

interface Filter {
  congress_id: number | null;
  term_id: number | null;
  group_id: number | null;
  constituency_id: number | null;
  occupation: Occupation | null;
  status: MandateStatus | null;
  q: string;
}

const emptyFilter = (): Filter => ({ congress_id: null, term_id: null, group_id: null, constituency_id: null, occupation: null, status: null, q: '' });

export function useRosterList({ terms, groups, constituencies }: Pick<RosterRefs, 'terms' | 'groups' | 'constituencies'>) {
  const filter = reactive<Filter>(emptyFilter());
  const ofCongress = (item: { congress_id: number }) => !filter.congress_id || item.congress_id === filter.congress_id;
  const filterTerms = computed(() => terms.value.filter(ofCongress));
  const filterGroups = computed(() => groups.value.filter(ofCongress));
  const filterConstituencies = computed(() => constituencies.value.filter(ofCongress));
  watch(
    () => filter.congress_id,
    () => {
      filter.term_id = null;
      filter.group_id = null;
      filter.constituency_id = null;
    },
  );

  const apiFilter = computed<RosterFilter>(() => ({
    congress_id: filter.congress_id ?? undefined,
    term_id: filter.term_id ?? undefined,
    group_id: filter.group_id ?? undefined,
    constituency_id: filter.constituency_id ?? undefined,
    occupation: filter.occupation ?? undefined,
    status: filter.status ?? undefined,
    q: filter.q.trim() || undefined,
  }));
  // The export links follow the filters of the table as last loaded; the charts are drawn again
  // after each load (a new object each time, even for the same filters).
  const appliedFilter = ref<RosterFilter>({});
  const statsFilter = ref<RosterFilter | null>(null);
  const exportUrl = (format: ExportFormat) => rosterExportUrl(format, appliedFilter.value);

  const { page, pageSize, items, total, loading, load, search, onPageChange, onPageSizeChange } = usePagedQuery<RosterRow>(
    (pageNumber, size) => {
      appliedFilter.value = { ...apiFilter.value };
      return listRoster(appliedFilter.value, pageNumber, size);
    },
    { settled: () => (statsFilter.value = { ...appliedFilter.value }) },
  );

  function resetFilters(): void {
    Object.assign(filter, emptyFilter());
    search();
  }

  return {
    filter,
    filterTerms,
    filterGroups,
    filterConstituencies,
    page,
    pageSize,
    items,
    total,
    loading,
    load,
    search,
    resetFilters,
    onPageChange,
    onPageSizeChange,
    exportUrl,
    statsFilter,
  };
}
