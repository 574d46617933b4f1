// Welcome card: the user and a readable list of their role grants.
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useSessionStore } from '@/stores/session';
import { useGrantLabel } from '@/utils/useGrantLabel';
import { formatTime } from '@/utils/format';

export function useHome() {
  const session = useSessionStore();
  const { t } = useI18n();
  const grantLabel = useGrantLabel();

  const user = computed(() => {
    const current = session.user;
    return current ? { ...current, last_login_at: current.last_login_at ? formatTime(current.last_login_at) : null } : null;
  });
  const grants = computed(() =>
    (session.user?.roles ?? []).map((grant, index) => ({
      key: `${index}-${grant.role}`,
      role: grant.role,
      label: grantLabel(grant),
    })),
  );

  return { user, grants, t };
}
