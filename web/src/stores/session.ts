// The logged-in user, their roles and the CSRF token. `ensureLoaded` asks the server once per page
// load (GET /me); after that the store changes only by login, logout and own password change.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { ApiError, setCsrfToken } from '@/api/client';
import * as sessionApi from '@/api/session';
import type { LoginRequest, Role, SessionInfo, User } from '@/api/types';

export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  const csrfToken = ref<string | null>(null);
  const loaded = ref(false);
  let loading: Promise<void> | null = null;

  const isLoggedIn = computed(() => user.value !== null);
  const roles = computed<Role[]>(() => [...new Set((user.value?.roles ?? []).map((grant) => grant.role))]);
  const mustChangePassword = computed(() => user.value?.must_change_password === true);

  function hasAnyRole(wanted: readonly Role[]): boolean {
    return roles.value.some((role) => wanted.includes(role));
  }

  function apply(info: SessionInfo | null): void {
    user.value = info?.user ?? null;
    csrfToken.value = info?.csrf_token ?? null;
    setCsrfToken(csrfToken.value);
  }

  /** Loads the session once; a 401 simply means "not logged in". Other errors are rethrown. */
  async function ensureLoaded(): Promise<void> {
    if (loaded.value) return;
    loading ??= sessionApi
      .fetchMe()
      .then(apply)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) apply(null);
        else throw error;
      })
      .finally(() => {
        loaded.value = true;
        loading = null;
      });
    return loading;
  }

  async function refresh(): Promise<void> {
    apply(await sessionApi.fetchMe());
    loaded.value = true;
  }

  async function login(credentials: LoginRequest): Promise<void> {
    apply(await sessionApi.login(credentials));
    loaded.value = true;
  }

  async function logout(): Promise<void> {
    try {
      await sessionApi.logout();
    } finally {
      clear();
    }
  }

  /** Forgets the session locally (after logout, or when the server says it has ended). */
  function clear(): void {
    apply(null);
    loaded.value = true;
  }

  return { user, csrfToken, loaded, isLoggedIn, roles, mustChangePassword, hasAnyRole, ensureLoaded, refresh, login, logout, clear };
});
