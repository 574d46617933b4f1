// The reference lists of every visible congress (small) that the whole roster page reads: terms,
// constituencies and groups, their labels, and what the user may manage. The page makes them once
// (`provideRosterRefs`); its drawer and dialogs take them with `useRosterRefs`.
import { computed, inject, provide, ref, type InjectionKey } from 'vue';
import { getGroup, listConstituencies, listGroups, listTerms } from '@/api/registry';
import type { Constituency, Group, Term } from '@/api/types';
import { i18n } from '@/locales';
import { showError } from '@/utils/errors';
import { useRegistryAccess } from '../shared/access';
import { useCongresses } from '../shared/refData';

/** The lists themselves, loaded once; a group a mandate names but the list lacks is read on demand. */
function useRosterLists() {
  const { congresses, loadCongresses, congressName } = useCongresses();
  const terms = ref<Term[]>([]);
  const constituencies = ref<Constituency[]>([]);
  const groups = ref<Group[]>([]);
  const termById = computed(() => new Map(terms.value.map((term) => [term.id, term])));
  const groupById = computed(() => new Map(groups.value.map((group) => [group.id, group])));
  const constituencyById = computed(() => new Map(constituencies.value.map((item) => [item.id, item])));
  // Until the lists are in, a label is empty rather than "not visible to you".
  const loaded = ref(false);

  async function loadRefs(): Promise<void> {
    await loadCongresses();
    const settled = await Promise.allSettled([
      ...congresses.value.map((congress) => listTerms(congress.id)),
      ...congresses.value.map((congress) => listConstituencies(congress.id)),
    ]);
    const n = congresses.value.length;
    terms.value = settled.slice(0, n).flatMap((result) => (result.status === 'fulfilled' ? (result.value as Term[]) : []));
    constituencies.value = settled.slice(n).flatMap((result) => (result.status === 'fulfilled' ? (result.value as Constituency[]) : []));
    try {
      groups.value = await listGroups();
    } catch (error) {
      showError(error);
    } finally {
      loaded.value = true;
    }
  }

  /** A group named by a mandate but missing from the list (loaded on demand so its name shows). */
  async function ensureGroup(groupId: number | null | undefined): Promise<void> {
    if (!groupId || groupById.value.has(groupId)) return;
    try {
      const group = await getGroup(groupId);
      if (!groupById.value.has(group.id)) groups.value = [...groups.value, group];
    } catch {
      // Not readable: the label says so (scope.hidden).
    }
  }

  return { congresses, congressName, terms, constituencies, groups, termById, groupById, constituencyById, loaded, loadRefs, ensureGroup };
}

function makeRosterRefs() {
  const { t } = i18n.global;
  const access = useRegistryAccess();
  const lists = useRosterLists();
  const { congressName, terms, constituencies, groups, termById, groupById, loaded } = lists;
  const unlisted = () => (loaded.value ? t('scope.hidden') : '');

  /** "第一代表小组（洞桥镇人民代表大会）": a group with its congress, since a mandate may sit in another congress's group. */
  function groupLabel(groupId: number | null | undefined): string {
    if (!groupId) return '';
    const group = groupById.value.get(groupId);
    if (!group) return unlisted();
    return t('roster.groupOption', { group: group.name, congress: congressName(group.congress_id) });
  }

  function termLabel(termId: number | null | undefined): string {
    const term = termId ? termById.value.get(termId) : undefined;
    if (!term) return termId ? unlisted() : '';
    return `${congressName(term.congress_id)} ${t('congresses.termLabel', { n: term.number })}`;
  }

  /**
   * May the user manage a mandate with this term and group? As on the server: when the term's
   * congress or the group's congress is one the user manages (a district mandate in a town group
   * belongs to the town's organizer too).
   */
  function canManageMandate(mandate: { term_id: number | null; group_id: number | null }): boolean {
    const termCongress = mandate.term_id ? termById.value.get(mandate.term_id)?.congress_id : undefined;
    const groupCongress = mandate.group_id ? groupById.value.get(mandate.group_id)?.congress_id : undefined;
    return access.canEditCongress(termCongress) || access.canEditCongress(groupCongress);
  }

  /**
   * Choices for a mandate: every visible group (a mandate may sit in a group of another congress,
   * e.g. district deputies in a town group), the term's congress's groups first; the constituencies
   * of the term's congress. The mandate's own group stays listed so its name shows.
   */
  function mandateChoices(termId: number | null): { groups: Group[]; constituencies: Constituency[] } {
    const congressId = termId ? termById.value.get(termId)?.congress_id : undefined;
    const own = (group: Group) => (group.congress_id === congressId ? 0 : 1);
    return {
      groups: [...groups.value].sort((a, b) => own(a) - own(b)),
      constituencies: constituencies.value.filter((item) => item.congress_id === congressId),
    };
  }

  /**
   * Terms a new mandate may name: those of the user's congresses, and, when the user manages some
   * visible group, every term (a mandate of another congress is theirs when it sits in their group).
   */
  const editableTerms = computed(() => {
    const managesGroup = groups.value.some((group) => access.canEditCongress(group.congress_id));
    return terms.value.filter((term) => managesGroup || access.canEditCongress(term.congress_id));
  });

  return { ...lists, access, groupLabel, termLabel, canManageMandate, mandateChoices, editableTerms };
}

export type RosterRefs = ReturnType<typeof makeRosterRefs>;
const KEY: InjectionKey<RosterRefs> = Symbol('roster-refs');

/** Makes the lists for the roster page and its parts (call once, in the page). */
export function provideRosterRefs(): RosterRefs {
  const refs = makeRosterRefs();
  provide(KEY, refs);
  return refs;
}

/** The roster page's lists, in one of its parts. */
export function useRosterRefs(): RosterRefs {
  const refs = inject(KEY);
  if (!refs) throw new Error('useRosterRefs outside the roster page');
  return refs;
}
