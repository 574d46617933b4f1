// Labels and tag colours of measure states, the line naming an evaluation, file sizes, and the
// default due date of a new measure.
import { useI18n } from 'vue-i18n';
import type { MeasureState, MeasureTarget } from '@/api/types';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

const STATE_TAG: Record<MeasureState, TagType> = { open: 'primary', done: 'warning', accepted: 'success', returned: 'danger' };

export function useMeasureLabels() {
  const { t, te } = useI18n();
  return {
    state: (code: MeasureState) => (te(`enums.measureState.${code}`) ? t(`enums.measureState.${code}`) : code),
    stateTag: (code: MeasureState): TagType => STATE_TAG[code] ?? 'info',
    target: (target: Pick<MeasureTarget, 'campaign_title' | 'meeting_title' | 'meeting_date'>) =>
      t('measures.targetLabel', { campaign: target.campaign_title, meeting: target.meeting_title, date: target.meeting_date }),
  };
}

/**
 * 1536 → "1.5 KB", 10485760 → "10.0 MB". `up` rounds up, for a size said to be over a limit: a byte
 * over 10 MB reads "10.1 MB", not "10.0 MB".
 */
export function formatBytes(bytes: number, up = false): string {
  const round = (value: number) => (up ? Math.ceil(value * 10) / 10 : value).toFixed(1);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${round(bytes / 1024)} KB`;
  return `${round(bytes / 1024 / 1024)} MB`;
}

const DAY_MS = 86_400_000;

/** A month from today in Beijing, or from the meeting's date when that is later: YYYY-MM-DD. */
export function defaultDueOn(meetingDate: string): string {
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const from = meetingDate > today ? meetingDate : today;
  return new Date(Date.parse(`${from}T00:00:00Z`) + 30 * DAY_MS).toISOString().slice(0, 10);
}

/** For a date picker's `disabled-date`: the days before the meeting's date (YYYY-MM-DD). */
export function beforeDate(first: string): (day: Date) => boolean {
  return (day: Date) => {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}` < first;
  };
}
