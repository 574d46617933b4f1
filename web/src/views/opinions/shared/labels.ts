// Labels and tag colours of opinion sources and states.
import { useI18n } from 'vue-i18n';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

const STATUS_TAG: Record<string, TagType> = { pending: 'warning', rejected: 'info', new: 'danger', answered: 'success', addressed: 'success' };

export function useOpinionLabels() {
  const { t, te } = useI18n();
  function enumLabel(group: string, code: string | null | undefined): string {
    if (!code) return '';
    const key = `enums.${group}.${code}`;
    return te(key) ? t(key) : code;
  }
  return {
    source: (code: string | null | undefined) => enumLabel('opinionSource', code),
    status: (code: string | null | undefined) => enumLabel('opinionStatus', code),
    statusTag: (code: string | null | undefined): TagType => STATUS_TAG[code ?? ''] ?? 'info',
    constituent: (name: string | null | undefined) => (name ? name : t('opinions.anonymous')),
  };
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
