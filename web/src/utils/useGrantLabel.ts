// "组织者 · 洞桥镇人民代表大会" — a role grant as one translated label, from the names the server
// sends with each grant (never an id: a scope whose record is gone reads "（已不存在）").
import { useI18n } from 'vue-i18n';
import type { UserRoleGrant } from '@/api/types';

export function useGrantLabel() {
  const { t } = useI18n();
  return (grant: UserRoleGrant): string => {
    const parts = [t(`roles.${grant.role}`)];
    if (grant.congress_id !== null) parts.push(grant.congress_name ?? t('scope.gone'));
    if (grant.group_id !== null) parts.push(grant.group_name ?? t('scope.gone'));
    if (grant.deputy_id !== null) parts.push(grant.deputy_name ?? t('scope.gone'));
    return parts.join(' · ');
  };
}
