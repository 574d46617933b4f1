// Routes and the navigation guard: pages need a session unless `meta.public`; `meta.roles` limits a
// page to those roles; a user who must change their password is held on the password page.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import { OPINION_MODERATOR_ROLES, REGISTRY_READ_ROLES, REVIEW_ROLES, STAFF_ROLES } from '@/utils/roles';
import AppLayout from '@/layout/AppLayout.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** Only these roles may open the page; absent means every logged-in user. */
    roles?: readonly Role[];
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true },
  },
  {
    // The public opinion form (代表码): no login, no admin layout.
    path: '/o/:token',
    name: 'public-opinion',
    component: () => import('@/views/opinions/public/index.vue'),
    meta: { public: true },
  },
  {
    // The projector in the meeting hall: no login (the link's token is the capability), no layout.
    path: '/p/:token',
    name: 'projector',
    component: () => import('@/views/meetings/projector/index.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/views/home/index.vue') },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/users/list/index.vue'),
        meta: { roles: STAFF_ROLES },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/list/index.vue'),
        meta: { roles: STAFF_ROLES },
      },
      {
        path: 'registry/roster',
        name: 'registry-roster',
        component: () => import('@/views/registry/roster/index.vue'),
        meta: { roles: REGISTRY_READ_ROLES },
      },
      {
        path: 'registry/groups',
        name: 'registry-groups',
        component: () => import('@/views/registry/groups/list/index.vue'),
        meta: { roles: REGISTRY_READ_ROLES },
      },
      {
        path: 'registry/groups/:id(\\d+)',
        name: 'registry-group',
        component: () => import('@/views/registry/groups/detail/index.vue'),
        meta: { roles: REGISTRY_READ_ROLES },
      },
      {
        path: 'registry/congresses',
        name: 'registry-congresses',
        component: () => import('@/views/registry/congresses/index.vue'),
        meta: { roles: STAFF_ROLES },
      },
      {
        path: 'registry/committee',
        name: 'registry-committee',
        component: () => import('@/views/registry/committee/index.vue'),
        meta: { roles: REVIEW_ROLES },
      },
      {
        path: 'registry/import',
        name: 'registry-import',
        component: () => import('@/views/registry/imports/index.vue'),
        meta: { roles: STAFF_ROLES },
      },
      {
        path: 'campaigns',
        name: 'campaigns',
        component: () => import('@/views/campaigns/list/index.vue'),
        meta: { roles: REGISTRY_READ_ROLES },
      },
      {
        path: 'campaigns/:id(\\d+)',
        name: 'campaign',
        component: () => import('@/views/campaigns/detail/index.vue'),
        meta: { roles: REGISTRY_READ_ROLES },
      },
      {
        path: 'campaigns/:id(\\d+)/reports/:deputyId(\\d+)',
        name: 'campaign-report',
        component: () => import('@/views/reports/editor/index.vue'),
        meta: { roles: REGISTRY_READ_ROLES },
      },
      {
        path: 'meetings/:id(\\d+)',
        name: 'meeting',
        component: () => import('@/views/meetings/detail/index.vue'),
        meta: { roles: REGISTRY_READ_ROLES },
      },
      {
        path: 'assessment',
        name: 'assessment',
        component: () => import('@/views/assessment/index.vue'),
        meta: { roles: REVIEW_ROLES },
      },
      {
        path: 'deputies/:id(\\d+)/record',
        name: 'duty-record',
        component: () => import('@/views/assessment/record.vue'),
      },
      {
        path: 'my-reports',
        name: 'my-reports',
        component: () => import('@/views/reports/mine/index.vue'),
        meta: { roles: ['deputy'] },
      },
      {
        path: 'my-reports/:id(\\d+)',
        name: 'my-report',
        component: () => import('@/views/reports/editor/index.vue'),
        meta: { roles: ['deputy'] },
      },
      {
        path: 'my-results',
        name: 'my-results',
        component: () => import('@/views/meetings/mine/index.vue'),
        meta: { roles: ['deputy'] },
      },
      {
        path: 'my-measures',
        name: 'my-measures',
        component: () => import('@/views/measures/mine/index.vue'),
        meta: { roles: ['deputy'] },
      },
      {
        path: 'my-measures/:id(\\d+)',
        name: 'my-measure',
        component: () => import('@/views/measures/detail/index.vue'),
        meta: { roles: ['deputy'] },
      },
      {
        path: 'opinions/pending',
        name: 'opinions-pending',
        component: () => import('@/views/opinions/pending/index.vue'),
        meta: { roles: OPINION_MODERATOR_ROLES },
      },
      {
        path: 'my-opinions',
        name: 'my-opinions',
        component: () => import('@/views/opinions/mine/index.vue'),
        meta: { roles: ['deputy'] },
      },
      {
        path: 'account/password',
        name: 'password',
        component: () => import('@/views/account/password/index.vue'),
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/not-found/index.vue'),
    meta: { public: true },
  },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  await session.ensureLoaded();

  if (to.meta.public) {
    if (to.name === 'login' && session.isLoggedIn) return { name: 'home' };
    return true;
  }
  if (!session.isLoggedIn) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (session.mustChangePassword && to.name !== 'password') return { name: 'password' };
  if (to.meta.roles && !session.hasAnyRole(to.meta.roles)) return { name: 'home' };
  return true;
});
