// One announced result on the hall's screen, as rows of text rather than a drawn chart, so that
// its type can be sized for the back of a 200-seat hall and its colours checked (issue 16 §3,
// docs/design/accessibility.md): each deputy a row at least 4 % of the screen's height (at most
// 9 %, smaller rows as deputies are more, scrolling beyond 14), with the votes per option as a
// stacked bar whose segments print their count, the approval rate and the grade.
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ProjectorPoll } from '@/api/types';

export type AnnouncedPoll = ProjectorPoll & { result: NonNullable<ProjectorPoll['result']> };

export interface ResultSegment {
  index: number;
  label: string;
  votes: number;
}

export interface ResultRow {
  name: string;
  /** Empty for a withheld deputy, whose row says why instead. */
  segments: ResultSegment[];
  rate: string;
  grade: string;
  withheld: string;
}

export function useProjectorResult(poll: Ref<AnnouncedPoll>) {
  const { t } = useI18n();
  const scale = computed(() => poll.value.result.scale);

  const rows = computed<ResultRow[]>(() =>
    poll.value.result.deputies.map((deputy) => {
      if (deputy.withheld) {
        const n = poll.value.result.min_valid_votes;
        const withheld = n === undefined ? t('meetings.results.withheld') : t('meetings.results.withheldBelow', { n });
        return { name: deputy.name, segments: [], rate: '', grade: '', withheld };
      }
      const segments = scale.value
        .map((option, index) => ({ index, label: option.label, votes: deputy.votes?.[index] ?? 0 }))
        .filter((segment) => segment.votes > 0);
      const grade = scale.value.find((option) => option.code === deputy.grade)?.label ?? '';
      return { name: deputy.name, segments, rate: deputy.approval_percent ? `${deputy.approval_percent}%` : '', grade, withheld: '' };
    }),
  );

  const layout = computed(() => {
    const rowVh = Math.min(9, Math.max(4, 56 / Math.max(1, rows.value.length)));
    return { '--result-row': `${rowVh}vh` };
  });

  return { t, scale, rows, layout };
}
