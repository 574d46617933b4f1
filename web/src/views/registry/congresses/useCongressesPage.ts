// 人大与届次: the congress list and, for the chosen congress, its terms, constituencies and groups,
// each with create and edit dialogs.
import { computed, onMounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormRules } from 'element-plus';
import {
  createCongress,
  createConstituency,
  createGroup,
  createTerm,
  updateCongress,
  updateConstituency,
  updateGroup,
  updateTerm,
} from '@/api/registry';
import type { Congress, CongressLevel, Constituency, ConstituencyKind, Group, Term } from '@/api/types';
import { showError, showSuccess } from '@/utils/errors';
import { useFormErrors } from '@/utils/fieldErrors';
import { useRegistryAccess } from '../shared/access';
import { loadCongressRefs, useCongresses } from '../shared/refData';
import { formToGroupInput, groupToForm, newGroupForm, useGroupFormErrors, type GroupFormModel } from '../shared/groupForm';

// A name the server found taken comes without field details; it is the name field's fault.
const NAME_TAKEN = { 'registry.name_taken': ['name'] };

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

  // --- congress dialog ---
  const congressOpen = ref(false);
  const congressEditing = ref<Congress | null>(null);
  const congressSaving = ref(false);
  const congressForm = reactive<{ level: CongressLevel | ''; name: string; parent_id: number | null }>({
    level: '',
    name: '',
    parent_id: null,
  });
  const congressErrors = useFormErrors('congresses.fieldErrors.congress', { fields: Object.keys(congressForm), reasons: NAME_TAKEN });
  const congressRules = computed<FormRules<typeof congressForm>>(() => ({
    level: [{ required: true, message: t('congresses.levelRequired'), trigger: 'change' }],
    name: [{ required: true, whitespace: true, message: t('congresses.nameRequired'), trigger: ['blur', 'change'] }],
  }));
  function openCongress(congress: Congress | null): void {
    congressEditing.value = congress;
    Object.assign(congressForm, congress ? { level: congress.level, name: congress.name, parent_id: congress.parent_id } : { level: '', name: '', parent_id: null });
    congressErrors.clear();
    congressOpen.value = true;
  }
  async function saveCongress(valid: boolean): Promise<void> {
    congressErrors.clear();
    if (!valid || congressForm.level === '') return;
    congressSaving.value = true;
    const body = { level: congressForm.level, name: congressForm.name.trim(), parent_id: congressForm.parent_id };
    try {
      const saved = congressEditing.value ? await updateCongress(congressEditing.value.id, body) : await createCongress(body);
      congressOpen.value = false;
      showSuccess(t(congressEditing.value ? 'registry.updated' : 'registry.created'));
      await loadCongresses();
      await select(saved.id);
    } catch (error) {
      congressErrors.take(error);
    } finally {
      congressSaving.value = false;
    }
  }

  // --- term dialog ---
  const termOpen = ref(false);
  const termEditing = ref<Term | null>(null);
  const termSaving = ref(false);
  const termForm = reactive({ number: 1, start_date: '', end_date: '' });
  const termErrors = useFormErrors('congresses.fieldErrors.term', { fields: Object.keys(termForm), reasons: { 'registry.term_exists': ['number'] } });
  const termRules = computed<FormRules<typeof termForm>>(() => ({
    number: [{ required: true, message: t('congresses.numberRequired'), trigger: 'change' }],
    start_date: [{ required: true, message: t('congresses.dateRequired'), trigger: 'change' }],
    end_date: [
      { required: true, message: t('congresses.dateRequired'), trigger: 'change' },
      {
        validator: (_rule, value: string, callback) =>
          value && termForm.start_date && value < termForm.start_date ? callback(new Error(t('congresses.dateOrder'))) : callback(),
        trigger: 'change',
      },
    ],
  }));
  function openTerm(term: Term | null): void {
    termEditing.value = term;
    const next = terms.value.reduce((max, item) => Math.max(max, item.number), 0) + 1;
    Object.assign(termForm, term ? { number: term.number, start_date: term.start_date, end_date: term.end_date } : { number: next, start_date: '', end_date: '' });
    termErrors.clear();
    termOpen.value = true;
  }
  async function saveTerm(valid: boolean): Promise<void> {
    termErrors.clear();
    if (!valid || selectedId.value === null) return;
    termSaving.value = true;
    try {
      const body = { ...termForm };
      if (termEditing.value) await updateTerm(termEditing.value.id, body);
      else await createTerm(selectedId.value, body);
      termOpen.value = false;
      showSuccess(t(termEditing.value ? 'registry.updated' : 'registry.created'));
      await loadDetails();
    } catch (error) {
      termErrors.take(error);
    } finally {
      termSaving.value = false;
    }
  }

  // --- constituency dialog ---
  const constituencyOpen = ref(false);
  const constituencyEditing = ref<Constituency | null>(null);
  const constituencySaving = ref(false);
  const constituencyForm = reactive<{ name: string; kind: ConstituencyKind; villages: string[] }>({
    name: '',
    kind: 'constituency',
    villages: [],
  });
  const constituencyErrors = useFormErrors('congresses.fieldErrors.constituency', { fields: Object.keys(constituencyForm), reasons: NAME_TAKEN });
  const constituencyRules = computed<FormRules<typeof constituencyForm>>(() => ({
    name: [{ required: true, whitespace: true, message: t('congresses.nameRequired'), trigger: ['blur', 'change'] }],
  }));
  function openConstituency(item: Constituency | null): void {
    constituencyEditing.value = item;
    Object.assign(constituencyForm, item ? { name: item.name, kind: item.kind, villages: [...item.villages] } : { name: '', kind: 'constituency', villages: [] });
    constituencyErrors.clear();
    constituencyOpen.value = true;
  }
  async function saveConstituency(valid: boolean): Promise<void> {
    constituencyErrors.clear();
    if (!valid || selectedId.value === null) return;
    constituencySaving.value = true;
    const body = {
      name: constituencyForm.name.trim(),
      kind: constituencyForm.kind,
      villages: constituencyForm.villages.map((village) => village.trim()).filter((village) => village !== ''),
    };
    try {
      if (constituencyEditing.value) await updateConstituency(constituencyEditing.value.id, body);
      else await createConstituency(selectedId.value, body);
      constituencyOpen.value = false;
      showSuccess(t(constituencyEditing.value ? 'registry.updated' : 'registry.created'));
      await loadDetails();
    } catch (error) {
      constituencyErrors.take(error);
    } finally {
      constituencySaving.value = false;
    }
  }

  // --- group dialog ---
  const groupOpen = ref(false);
  const groupEditing = ref<Group | null>(null);
  const groupSaving = ref(false);
  const groupForm = ref<GroupFormModel>(newGroupForm(new Date().getFullYear()));
  const groupErrors = useGroupFormErrors();
  function openGroup(group: Group | null): void {
    groupEditing.value = group;
    groupForm.value = group ? groupToForm(group) : newGroupForm(new Date().getFullYear());
    groupErrors.clear();
    groupOpen.value = true;
  }
  async function saveGroup(valid: boolean): Promise<void> {
    groupErrors.clear();
    if (!valid || selectedId.value === null) return;
    groupSaving.value = true;
    try {
      const body = formToGroupInput(groupForm.value);
      if (groupEditing.value) await updateGroup(groupEditing.value.id, body);
      else await createGroup(selectedId.value, body);
      groupOpen.value = false;
      showSuccess(t(groupEditing.value ? 'registry.updated' : 'registry.created'));
      await loadDetails();
    } catch (error) {
      groupErrors.take(error);
    } finally {
      groupSaving.value = false;
    }
  }

  onMounted(loadAll);

  return {
    t,
    access,
    loading,
    congresses,
    congressName,
    selectedId,
    selected,
    canEdit,
    select,
    tab,
    terms,
    constituencies,
    groups,
    congressOpen,
    congressEditing,
    congressSaving,
    congressErrors: congressErrors.errors,
    congressError: congressErrors.summary,
    congressForm,
    congressRules,
    openCongress,
    saveCongress,
    termOpen,
    termEditing,
    termSaving,
    termErrors: termErrors.errors,
    termError: termErrors.summary,
    termForm,
    termRules,
    openTerm,
    saveTerm,
    constituencyOpen,
    constituencyEditing,
    constituencySaving,
    constituencyErrors: constituencyErrors.errors,
    constituencyError: constituencyErrors.summary,
    constituencyForm,
    constituencyRules,
    openConstituency,
    saveConstituency,
    groupOpen,
    groupEditing,
    groupSaving,
    groupErrors: groupErrors.errors,
    groupError: groupErrors.summary,
    groupForm,
    openGroup,
    saveGroup,
  };
}
