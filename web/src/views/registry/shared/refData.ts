// Reference lists the registry pages share: congresses (with name lookup), and per congress its
// terms, constituencies and groups. Each page keeps its own copy; the lists are small.
import { computed, ref } from 'vue';
import { listCongresses, listConstituencies, listGroups, listTerms } from '@/api/registry';
import type { Congress, Constituency, Group, Term } from '@/api/types';
import { i18n } from '@/locales';
import { showError } from '@/utils/errors';

export function useCongresses() {
  const congresses = ref<Congress[]>([]);
  const loaded = ref(false);
  const byId = computed(() => new Map(congresses.value.map((congress) => [congress.id, congress])));
  async function loadCongresses(): Promise<void> {
    try {
      congresses.value = await listCongresses();
    } catch (error) {
      showError(error);
    } finally {
      loaded.value = true;
    }
  }
  /** The congress's name; nothing while the list loads, and never its id (scope.hidden when unlisted). */
  function congressName(id: number | null | undefined): string {
    if (id === null || id === undefined) return '';
    return byId.value.get(id)?.name ?? (loaded.value ? i18n.global.t('scope.hidden') : '');
  }
  return { congresses, loadCongresses, congressName };
}

export interface CongressRefs {
  terms: Term[];
  constituencies: Constituency[];
  groups: Group[];
}

/** Terms, constituencies and groups of one congress (empty lists when it is null). */
export async function loadCongressRefs(congressId: number | null | undefined): Promise<CongressRefs> {
  if (!congressId) return { terms: [], constituencies: [], groups: [] };
  const [terms, constituencies, groups] = await Promise.all([
    listTerms(congressId),
    listConstituencies(congressId),
    listGroups(congressId),
  ]);
  return { terms, constituencies, groups };
}
