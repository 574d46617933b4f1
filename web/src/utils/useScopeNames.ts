// What the role editor chooses a grant's scope from: the lists of congresses and groups the user may
// see, and deputies found by a name search over the roster (remembered, so a chosen one keeps its
// name). Grants already given carry their names in the user reply.
import { ref } from 'vue';
import { listCongresses, listGroups, listRoster } from '@/api/registry';
import type { Congress, Group } from '@/api/types';

export interface DeputyName {
  id: number;
  name: string;
  birth_date: string;
  /** The congresses of the person's mandates, when found by a roster search. */
  congresses?: string[];
}

export function useScopeNames() {
  const congresses = ref<Congress[]>([]);
  const groups = ref<Group[]>([]);
  const deputies = ref<Record<number, DeputyName>>({});

  /** Loads the congress and group lists (each silently empty when it may not be read). */
  async function loadLists(): Promise<void> {
    const [congressList, groupList] = await Promise.allSettled([listCongresses(), listGroups()]);
    if (congressList.status === 'fulfilled') congresses.value = congressList.value;
    if (groupList.status === 'fulfilled') groups.value = groupList.value;
  }

  function remember(deputy: DeputyName): void {
    deputies.value = { ...deputies.value, [deputy.id]: { id: deputy.id, name: deputy.name, birth_date: deputy.birth_date } };
  }

  /** Deputies whose name contains `q` (one entry per person, with the congresses of their mandates), optionally within one congress. */
  async function searchDeputies(q: string, congressId?: number): Promise<DeputyName[]> {
    const page = await listRoster({ q: q.trim() || undefined, congress_id: congressId }, 1, 50);
    const seen = new Map<number, DeputyName>();
    for (const row of page.items) {
      const known = seen.get(row.deputy.id);
      if (known) {
        if (!known.congresses?.includes(row.congress.name)) known.congresses?.push(row.congress.name);
        continue;
      }
      const { id, name, birth_date } = row.deputy;
      seen.set(id, { id, name, birth_date, congresses: [row.congress.name] });
      remember(row.deputy);
    }
    return [...seen.values()];
  }

  const congressName = (id: number | null | undefined) => (id ? congresses.value.find((item) => item.id === id)?.name : undefined);
  const group = (id: number | null | undefined) => (id ? groups.value.find((item) => item.id === id) : undefined);
  const deputy = (id: number | null | undefined) => (id ? deputies.value[id] : undefined);

  return { congresses, groups, loadLists, searchDeputies, congressName, group, deputy };
}

export type ScopeNames = ReturnType<typeof useScopeNames>;
