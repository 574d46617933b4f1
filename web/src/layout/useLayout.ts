// Header and menu logic of the logged-in layout.
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { useSessionStore } from '@/stores/session';
import { STAFF_ROLES } from '@/utils/roles';
import { showError, showSuccess } from '@/utils/errors';
import type { Role } from '@/api/types';

export interface MenuEntry {
  name: 'home' | 'users' | 'audit';
  path: string;
  labelKey: string;
  roles?: readonly Role[];
}

const MENU: readonly MenuEntry[] = [
  { name: 'home', path: '/', labelKey: 'menu.home' },
  { name: 'users', path: '/users', labelKey: 'menu.users', roles: STAFF_ROLES },
  { name: 'audit', path: '/audit', labelKey: 'menu.audit', roles: STAFF_ROLES },
];

export function useLayout() {
  const session = useSessionStore();
  const route = useRoute();
  const router = useRouter();
  const { t } = useI18n();

  const menu = computed(() => MENU.filter((entry) => !entry.roles || session.hasAnyRole(entry.roles)));
  const activePath = computed(() => {
    const match = MENU.find((entry) => entry.path !== '/' && route.path.startsWith(entry.path));
    return match ? match.path : route.path;
  });
  const displayName = computed(() => session.user?.display_name || session.user?.username || '');

  async function onUserCommand(command: string | number | object): Promise<void> {
    if (command === 'password') {
      await router.push({ name: 'password' });
    } else if (command === 'logout') {
      try {
        await session.logout();
        showSuccess(t('layout.loggedOut'));
      } catch (error) {
        showError(error);
      }
      await router.push({ name: 'login' });
    }
  }

  return { menu, activePath, displayName, onUserCommand, t };
}
