// Welcome card: the user and a readable list of their role grants (scopes by name, as the session
// reply names them); and what waits for them, as the bell lists it, with links.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useSessionStore } from '@/stores/session';
import { useGrantLabel } from '@/utils/useGrantLabel';
import { formatTime } from '@/utils/format';
import { listNotifications } from '@/api/notifications';
import type { Notification } from '@/api/types';
import { toEntries } from '@/layout/useNotifications';

export function useHome() {
  const session = useSessionStore();
  const { t } = useI18n();
  const grantLabel = useGrantLabel();

  const user = computed(() => {
    const current = session.user;
    // 上次登录 is the login before the one that opened this session.
    return current ? { ...current, previous_login_at: current.previous_login_at ? formatTime(current.previous_login_at) : null } : null;
  });
  const grants = computed(() =>
    (session.user?.roles ?? []).map((grant, index) => ({
      key: `${index}-${grant.role}`,
      role: grant.role,
      label: grantLabel(grant),
    })),
  );

  const notifications = ref<Notification[]>([]);
  const todosLoaded = ref(false);
  const todos = computed(() => toEntries(notifications.value, t));

  onMounted(() => {
    void listNotifications()
      .then((items) => (notifications.value = items))
      .catch(() => (notifications.value = []))
      .finally(() => (todosLoaded.value = true));
  });

  return { user, grants, todos, todosLoaded, t };
}
