// 结果汇总: plan 1 evaluates each deputy in a poll of their own, so the results tab gathers every
// deputy's counts, approval rate and grade into one table above the per-poll details — sortable,
// downloadable as XLSX/CSV (the server builds the file) and printable (a plain table that only
// print media shows, in the order the screen table was sorted).
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Meeting, PollResult } from '@/api/types';

export interface OverviewRow {
  key: string;
  poll: number; // 1-based, as the console numbers polls
  round: number;
  name: string;
  votes: number[];
  valid: number | null;
  invalid: number | null;
  abstentions: number | null;
  approval: number | null; // percent, for sorting
  approvalText: string;
  gradeIndex: number | null; // position in the scale: lower is better
  grade: string;
  state: string;
}

type SortState = { prop: keyof OverviewRow | null; order: 'ascending' | 'descending' | null };

export function useResultsOverview(meeting: () => Meeting, results: () => Record<number, PollResult>) {
  const { t, locale } = useI18n();
  const sort = ref<SortState>({ prop: null, order: null });

  const rows = computed<OverviewRow[]>(() => {
    const out: OverviewRow[] = [];
    for (const poll of meeting().polls) {
      const result = results()[poll.id];
      const record = result?.available ? result.result : undefined;
      if (!record) continue;
      for (const deputy of record.deputies) {
        const shown = !deputy.withheld;
        const gradeIndex = shown ? record.scale.findIndex((option) => option.code === deputy.grade) : -1;
        let state = '';
        if (record.void) state = t('meetings.results.overview.void');
        else if (deputy.withheld) state = t('meetings.results.withheldBelow', { n: record.min_valid_votes ?? 0 });
        else if (meeting().disclosure === 'private') {
          state = result.released?.includes(deputy.deputy_id) ? t('meetings.results.released') : t('meetings.results.notReleased');
        }
        out.push({
          key: `${poll.id}-${deputy.deputy_id}`,
          poll: poll.position + 1,
          round: poll.round,
          name: deputy.name,
          votes: shown ? record.scale.map((_, index) => deputy.votes?.[index] ?? 0) : [],
          valid: shown ? (deputy.valid ?? 0) : null,
          invalid: shown ? (deputy.invalid ?? 0) : null,
          abstentions: shown ? (deputy.abstentions ?? 0) : null,
          approval: shown && deputy.approval_percent ? Number(deputy.approval_percent) : null,
          approvalText: shown && deputy.approval_percent ? `${deputy.approval_percent}%` : '—',
          gradeIndex: gradeIndex >= 0 ? gradeIndex : null,
          grade: gradeIndex >= 0 ? record.scale[gradeIndex].label : '—',
          state,
        });
      }
    }
    return out;
  });

  /** Shown when the meeting has more than one poll with a result (plan 1's per-deputy polls). */
  const visible = computed(() => meeting().polls.filter((poll) => results()[poll.id]?.available).length > 1);

  // Rows without a number sort last whichever way the column is sorted.
  function compare(prop: keyof OverviewRow, a: OverviewRow, b: OverviewRow): number {
    const x = a[prop];
    const y = b[prop];
    if (prop === 'name') return String(x).localeCompare(String(y), 'zh-CN');
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x as number) - (y as number);
  }
  const sortMethod = (prop: keyof OverviewRow) => (a: OverviewRow, b: OverviewRow) => compare(prop, a, b);

  /** The rows in the order the screen table shows them, for the printed table. */
  const printed = computed(() => {
    const { prop, order } = sort.value;
    if (!prop || !order) return rows.value;
    const sorted = [...rows.value].sort((a, b) => compare(prop, a, b));
    return order === 'descending' ? sorted.reverse() : sorted;
  });

  function onSort(change: { prop: string | null; order: 'ascending' | 'descending' | null }): void {
    sort.value = { prop: change.prop as keyof OverviewRow | null, order: change.order };
  }

  function print(): void {
    window.print();
  }

  const printedAt = () => new Date().toLocaleString(locale.value, { hour12: false });

  return { t, rows, visible, sortMethod, printed, onSort, print, printedAt };
}
