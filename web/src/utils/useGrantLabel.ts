// "组织者 · 人大 #1" — a role grant as one translated label.
import { useI18n } from 'vue-i18n';
import type { RoleGrant } from '@/api/types';

export function useGrantLabel() {
  const { t } = useI18n();
  return (grant: RoleGrant): string => {
    const parts = [t(`roles.${grant.role}`)];
    if (grant.congress_id !== null) parts.push(t('scope.congress', { id: grant.congress_id }));
    if (grant.group_id !== null) parts.push(t('scope.group', { id: grant.group_id }));
    if (grant.deputy_id !== null) parts.push(t('scope.deputy', { id: grant.deputy_id }));
    return parts.join(' · ');
  };
}
