// Which roles see which parts of the admin app. The server enforces the same rules; this only
// decides what to show.
import type { Role } from '@/api/types';

export const STAFF_ROLES: readonly Role[] = ['admin', 'organizer'];
/** Staff and reviewers (read-only): the roster, groups and committee members. */
export const REVIEW_ROLES: readonly Role[] = ['admin', 'organizer', 'reviewer'];
/** Everyone who reads some part of the registry (group leaders: their own groups). */
export const REGISTRY_READ_ROLES: readonly Role[] = ['admin', 'organizer', 'reviewer', 'group_leader'];
/** Who records opinions, creates 代表码 links and reviews opinions left through them. */
export const OPINION_MODERATOR_ROLES: readonly Role[] = ['admin', 'organizer', 'group_leader'];
export const ALL_ROLES: readonly Role[] = ['admin', 'organizer', 'reviewer', 'group_leader', 'deputy'];
export const MIN_PASSWORD_LENGTH = 12;

/** Which scope fields a grant of this role carries. */
export function scopeFields(role: Role): { congress: boolean; group: boolean; deputy: boolean } {
  switch (role) {
    case 'admin':
      return { congress: false, group: false, deputy: false };
    case 'organizer':
    case 'reviewer':
      return { congress: true, group: false, deputy: false };
    case 'group_leader':
      return { congress: true, group: true, deputy: false };
    case 'deputy':
      // The person alone: a deputy's account follows them to every congress they report in.
      return { congress: false, group: false, deputy: true };
  }
}
