// Role grants while they are being edited: the scope may still be unchosen. `toGrants` turns drafts
// into API grants, keeping only the scope fields the role carries.
import type { Role, RoleGrant, UserRoleGrant } from '@/api/types';
import { scopeFields } from '@/utils/roles';

export interface GrantDraft {
  role: Role;
  congress_id?: number;
  group_id?: number;
  deputy_id?: number;
  /**
   * The names the user reply gave the grant's scope, for a scope the pickers' lists do not hold (a
   * congress or group outside what the editor may list, a deputy not searched for yet).
   */
  given?: Pick<UserRoleGrant, 'congress_id' | 'group_id' | 'deputy_id' | 'congress_name' | 'group_name' | 'deputy_name'>;
}

export type ScopeField = 'congress_id' | 'group_id' | 'deputy_id';

export function toDrafts(grants: readonly UserRoleGrant[]): GrantDraft[] {
  return grants.map((grant) => ({
    role: grant.role,
    congress_id: grant.congress_id ?? undefined,
    group_id: grant.group_id ?? undefined,
    deputy_id: grant.deputy_id ?? undefined,
    given: { ...grant },
  }));
}

/** The name the user reply gave the draft's scope field, if the draft still holds that id. */
export function givenName(draft: GrantDraft, field: 'congress' | 'group' | 'deputy'): string | undefined {
  const given = draft.given;
  if (!given || given[`${field}_id`] !== draft[`${field}_id`]) return undefined;
  return given[`${field}_name`] ?? undefined;
}

export function toGrants(drafts: readonly GrantDraft[]): RoleGrant[] {
  return drafts.map((draft) => {
    const scope = scopeFields(draft.role);
    return {
      role: draft.role,
      congress_id: scope.congress ? (draft.congress_id ?? null) : null,
      group_id: scope.group ? (draft.group_id ?? null) : null,
      deputy_id: scope.deputy ? (draft.deputy_id ?? null) : null,
    };
  });
}

/** The first scope field a draft needs but lacks, or null when the draft is complete. */
export function missingScope(draft: GrantDraft): ScopeField | null {
  const scope = scopeFields(draft.role);
  if (scope.congress && draft.congress_id === undefined) return 'congress_id';
  if (scope.group && draft.group_id === undefined) return 'group_id';
  if (scope.deputy && draft.deputy_id === undefined) return 'deputy_id';
  return null;
}
