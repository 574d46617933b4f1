// Header and menu logic of the logged-in layout.
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { useSessionStore } from '@/stores/session';
import { OPINION_MODERATOR_ROLES, REGISTRY_READ_ROLES, REVIEW_ROLES, STAFF_ROLES } from '@/utils/roles';
import { showError, showSuccess } from '@/utils/errors';
import type { Role } from '@/api/types';

export interface MenuEntry {
  name: 'home' | 'users' | 'audit' | 'roster' | 'groups' | 'myGroups' | 'congresses' | 'committee' | 'imports' | 'campaigns' | 'myReports' | 'myResults' | 'myMeasures' | 'opinions' | 'myOpinions' | 'assessment';
  path: string;
  labelKey: string;
  roles?: readonly Role[];
  /** Hidden from users who also hold one of these roles. */
  hiddenFor?: readonly Role[];
}

const MENU: readonly MenuEntry[] = [
  { name: 'home', path: '/', labelKey: 'menu.home' },
  { name: 'campaigns', path: '/campaigns', labelKey: 'menu.campaigns', roles: REGISTRY_READ_ROLES },
  { name: 'myReports', path: '/my-reports', labelKey: 'menu.myReports', roles: ['deputy'] },
  { name: 'myResults', path: '/my-results', labelKey: 'menu.myResults', roles: ['deputy'] },
  { name: 'myMeasures', path: '/my-measures', labelKey: 'menu.myMeasures', roles: ['deputy'] },
  { name: 'myOpinions', path: '/my-opinions', labelKey: 'menu.myOpinions', roles: ['deputy'] },
  { name: 'assessment', path: '/assessment', labelKey: 'menu.assessment', roles: REVIEW_ROLES },
  { name: 'opinions', path: '/opinions/pending', labelKey: 'menu.opinions', roles: OPINION_MODERATOR_ROLES },
  { name: 'roster', path: '/registry/roster', labelKey: 'menu.roster', roles: REVIEW_ROLES },
  { name: 'groups', path: '/registry/groups', labelKey: 'menu.groups', roles: REVIEW_ROLES },
  { name: 'myGroups', path: '/registry/groups', labelKey: 'menu.myGroups', roles: ['group_leader'], hiddenFor: REVIEW_ROLES },
  { name: 'congresses', path: '/registry/congresses', labelKey: 'menu.congresses', roles: STAFF_ROLES },
  { name: 'committee', path: '/registry/committee', labelKey: 'menu.committee', roles: REVIEW_ROLES },
  { name: 'imports', path: '/registry/import', labelKey: 'menu.imports', roles: STAFF_ROLES },
  { name: 'users', path: '/users', labelKey: 'menu.users', roles: STAFF_ROLES },
  { name: 'audit', path: '/audit', labelKey: 'menu.audit', roles: STAFF_ROLES },
];

export function useLayout() {
  const session = useSessionStore();
  const route = useRoute();
  const router = useRouter();
  const { t } = useI18n();

  const menu = computed(() =>
    MENU.filter(
      (entry) => (!entry.roles || session.hasAnyRole(entry.roles)) && !(entry.hiddenFor && session.hasAnyRole(entry.hiddenFor)),
    ),
  );
  const activePath = computed(() => {
    const match = menu.value.find((entry) => entry.path !== '/' && route.path.startsWith(entry.path));
    return match ? match.path : route.path;
  });
  const displayName = computed(() => session.user?.display_name || session.user?.username || '');

  // Below 768 px (a phone opening a link from WeChat) the menu is a drawer and the page takes the
  // whole width; it closes itself when the user goes somewhere.
  const narrowQuery = window.matchMedia('(max-width: 767px)');
  const narrow = ref(narrowQuery.matches);
  const onNarrowChange = (event: MediaQueryListEvent) => (narrow.value = event.matches);
  narrowQuery.addEventListener('change', onNarrowChange);
  onBeforeUnmount(() => narrowQuery.removeEventListener('change', onNarrowChange));
  const drawerOpen = ref(false);
  watch(() => route.fullPath, () => (drawerOpen.value = false));

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

  return { menu, activePath, displayName, onUserCommand, narrow, drawerOpen, t };
}
