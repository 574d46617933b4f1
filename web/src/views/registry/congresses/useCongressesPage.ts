// 人大与届次: the congress list and, for the chosen congress, its terms, constituencies and groups.
// Their create and edit dialogs are in useCongressDialogs.ts.
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Constituency, Group, Term } from '@/api/types';
import { showError } from '@/utils/errors';
import { useRegistryAccess } from '../shared/access';
import { loadCongressRefs, useCongresses } from '../shared/refData';

export function useCongressesPage() {
  const { t } = useI18n();
  const access = useRegistryAccess();
  const { congresses, loadCongresses, congressName } = useCongresses();
  const loading = ref(false);
  const selectedId = ref<number | null>(null);
  const selected = computed(() => congresses.value.find((congress) => congress.id === selectedId.value) ?? null);
  const canEdit = computed(() => access.canEditCongress(selectedId.value));
  const terms = ref<Term[]>([]);
  const constituencies = ref<Constituency[]>([]);
  const groups = ref<Group[]>([]);
  const tab = ref<'terms' | 'constituencies' | 'groups'>('terms');

  async function loadAll(): Promise<void> {
    loading.value = true;
    await loadCongresses();
    loading.value = false;
    if (selectedId.value === null && congresses.value.length > 0) await select(congresses.value[0].id);
  }

  async function loadDetails(): Promise<void> {
    try {
      const refs = await loadCongressRefs(selectedId.value);
      terms.value = refs.terms;
      constituencies.value = refs.constituencies;
      groups.value = refs.groups;
    } catch (error) {
      // Not the congress dialog's error (it showed there, unseen, with the dialog closed).
      showError(error);
    }
  }

  async function select(id: number): Promise<void> {
    selectedId.value = id;
    await loadDetails();
  }

  onMounted(loadAll);

  return { t, access, loading, congresses, congressName, loadCongresses, selectedId, selected, canEdit, select, loadDetails, tab, terms, constituencies, groups };
}
