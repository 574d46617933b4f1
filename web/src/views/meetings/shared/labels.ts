// Labels and tag colours of meeting and poll codes (and of the feedback talk's method), and the
// meeting's scale option labels.
import { useI18n } from 'vue-i18n';
import type { MeetingScaleOption } from '@/api/types';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

const MEETING_TAG: Record<string, TagType> = { scheduled: 'info', running: 'success', finished: 'warning' };
const POLL_TAG: Record<string, TagType> = { pending: 'info', open: 'success', counting: 'warning', final: 'primary', void: 'danger' };

export function useMeetingLabels() {
  const { t, te } = useI18n();
  function enumLabel(group: string, code: string | null | undefined): string {
    if (!code) return '';
    const key = `meetings.enums.${group}.${code}`;
    return te(key) ? t(key) : code;
  }
  return {
    meetingState: (code: string | null | undefined) => enumLabel('meetingState', code),
    meetingTag: (code: string | null | undefined): TagType => MEETING_TAG[code ?? ''] ?? 'info',
    pollState: (code: string | null | undefined) => enumLabel('pollState', code),
    pollTag: (code: string | null | undefined): TagType => POLL_TAG[code ?? ''] ?? 'info',
    pollMode: (code: string | null | undefined) => enumLabel('pollMode', code),
    stage: (code: string | null | undefined) => enumLabel('stage', code),
    channel: (code: string | null | undefined) => enumLabel('channel', code),
    outcome: (code: string | null | undefined) => enumLabel('outcome', code),
    role: (code: string | null | undefined) => enumLabel('attendeeRole', code),
    feedbackMethod: (code: string | null | undefined) => enumLabel('feedbackMethod', code),
    /** A scale option's label, or 未划 / 多划 / 弃权 for the paper marks. */
    option: (scale: readonly MeetingScaleOption[], code: string | null | undefined): string =>
      scale.find((option) => option.code === code)?.label ?? enumLabel('mark', code),
  };
}
