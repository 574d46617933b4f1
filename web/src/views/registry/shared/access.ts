// What the current user may change in the registry. The server enforces the same scopes; this only
// decides which buttons to show (reviewers see everything read-only).
import { computed } from 'vue';
import { useSessionStore } from '@/stores/session';

export function useRegistryAccess() {
  const session = useSessionStore();
  const grants = computed(() => session.user?.roles ?? []);
  const isAdmin = computed(() => grants.value.some((grant) => grant.role === 'admin'));
  const organizerCongresses = computed(
    () => new Set(grants.value.filter((grant) => grant.role === 'organizer').map((grant) => grant.congress_id)),
  );
  const ledGroups = computed(
    () => new Set(grants.value.filter((grant) => grant.role === 'group_leader').map((grant) => grant.group_id)),
  );

  /** May create and edit records of this congress (its terms, groups, deputies, members). */
  function canEditCongress(congressId: number | null | undefined): boolean {
    if (isAdmin.value) return true;
    return congressId !== null && congressId !== undefined && organizerCongresses.value.has(congressId);
  }

  /** The congress is named by one of the user's grants (any role). */
  function inScope(congressId: number): boolean {
    return grants.value.some((grant) => grant.congress_id === congressId);
  }

  /** May edit anything in some congress (shows create buttons before a congress is chosen). */
  const canEditAny = computed(() => isAdmin.value || organizerCongresses.value.size > 0);

  /** May manage a group's rotation plan and voter representatives. */
  function canManageGroup(group: { id: number; congress_id: number } | null): boolean {
    if (!group) return false;
    return canEditCongress(group.congress_id) || ledGroups.value.has(group.id);
  }

  return { isAdmin, canEditCongress, canEditAny, canManageGroup, inScope };
}
