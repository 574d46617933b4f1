// "组织者 · 洞桥镇人民代表大会" — a role grant as one translated label. With `names`, the scope ids
// are shown by name where known; otherwise (and for unknown ids) as "人大 #1".
import { useI18n } from 'vue-i18n';
import type { RoleGrant } from '@/api/types';
import type { ScopeNames } from './useScopeNames';

export function useGrantLabel(names?: ScopeNames) {
  const { t } = useI18n();
  return (grant: RoleGrant): string => {
    const parts = [t(`roles.${grant.role}`)];
    if (grant.congress_id !== null) parts.push(names?.congressName(grant.congress_id) ?? t('scope.congress', { id: grant.congress_id }));
    if (grant.group_id !== null) parts.push(names?.group(grant.group_id)?.name ?? t('scope.group', { id: grant.group_id }));
    if (grant.deputy_id !== null) parts.push(names?.deputy(grant.deputy_id)?.name ?? t('scope.deputy', { id: grant.deputy_id }));
    return parts.join(' · ');
  };
}
