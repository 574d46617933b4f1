// Step 1 of 导入名册: what to import (deputies of a term, voter representatives of a group, or the
// standing committee's members of a congress) and where; the choices the user may edit only.
import { computed, onMounted, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ImportTarget } from '@/api/imports';
import { listGroups, listTerms } from '@/api/registry';
import type { Group, ImportKind, Term } from '@/api/types';
import { errorMessage } from '@/utils/errors';
import { useRegistryAccess } from '../shared/access';
import { useCongresses } from '../shared/refData';

export function useImportTarget() {
  const { t } = useI18n();
  const access = useRegistryAccess();
  const { congresses, loadCongresses } = useCongresses();
  const kind = ref<ImportKind>('deputies');
  const congressId = ref<number | null>(null);
  const termId = ref<number | null>(null);
  const groupId = ref<number | null>(null);
  const terms = ref<Term[]>([]);
  const groups = ref<Group[]>([]);
  const targetError = ref('');
  const editableCongresses = computed(() => congresses.value.filter((congress) => access.canEditCongress(congress.id)));
  const editableGroups = computed(() => groups.value.filter((group) => access.canManageGroup(group)));

  watch(congressId, async (id) => {
    termId.value = null;
    terms.value = [];
    if (id === null) return;
    try {
      terms.value = await listTerms(id);
    } catch (error) {
      targetError.value = errorMessage(error);
    }
  });

  const target = computed<ImportTarget | null>(() => {
    if (kind.value === 'deputies') return termId.value ? { kind: 'deputies', term_id: termId.value } : null;
    if (kind.value === 'voter_reps') return groupId.value ? { kind: 'voter_reps', group_id: groupId.value } : null;
    return congressId.value ? { kind: 'committee_members', congress_id: congressId.value } : null;
  });

  /** Where the imported rows are seen once applied. */
  const resultLink = computed(() => {
    if (kind.value === 'deputies') return { path: '/registry/roster', label: t('imports.toRoster') };
    if (kind.value === 'voter_reps') return { path: `/registry/groups/${groupId.value ?? ''}`, label: t('imports.toGroup') };
    return { path: '/registry/committee', label: t('imports.toCommittee') };
  });

  onMounted(async () => {
    await loadCongresses();
    try {
      groups.value = await listGroups();
    } catch (error) {
      targetError.value = errorMessage(error);
    }
  });

  return { kind, congressId, termId, groupId, terms, editableCongresses, editableGroups, targetError, target, resultLink };
}
