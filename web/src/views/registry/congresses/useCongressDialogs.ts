// The four dialogs of the congresses page: a congress, and for the chosen congress a term, a
// constituency and a deputy group, each created or edited. Every save marks the refused fields
// (useFormSubmit) and, once done, reloads what the page shows.
import { computed, reactive, ref, type Ref } from 'vue';
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
import { i18n } from '@/locales';
import { showSuccess } from '@/utils/errors';
import { useFormSubmit, useSubmit } from '@/utils/useSubmit';
import { formToGroupInput, groupToForm, newGroupForm, useGroupFormErrors, type GroupFormModel } from '../shared/groupForm';

// A name the server found taken comes without field details; it is the name field's fault.
const NAME_TAKEN = { 'registry.name_taken': ['name'] };

const savedWord = (editing: unknown) => i18n.global.t(editing ? 'registry.updated' : 'registry.created');

/** The congress dialog; a saved congress is selected. */
export function useCongressDialog(reload: () => Promise<void>, select: (id: number) => Promise<void>) {
  const { t } = i18n.global;
  const congressOpen = ref(false);
  const congressEditing = ref<Congress | null>(null);
  const congressForm = reactive<{ level: CongressLevel | ''; name: string; parent_id: number | null }>({ level: '', name: '', parent_id: null });
  const { errors: congressErrors, summary: congressError, clear, busy: congressSaving, run } = useFormSubmit('congresses.fieldErrors.congress', {
    fields: Object.keys(congressForm),
    reasons: NAME_TAKEN,
  });
  const congressRules = computed<FormRules<typeof congressForm>>(() => ({
    level: [{ required: true, message: t('congresses.levelRequired'), trigger: 'change' }],
    name: [{ required: true, whitespace: true, message: t('congresses.nameRequired'), trigger: ['blur', 'change'] }],
  }));
  function openCongress(congress: Congress | null): void {
    congressEditing.value = congress;
    Object.assign(congressForm, congress ? { level: congress.level, name: congress.name, parent_id: congress.parent_id } : { level: '', name: '', parent_id: null });
    clear();
    congressOpen.value = true;
  }
  async function saveCongress(valid: boolean): Promise<void> {
    clear();
    const level = congressForm.level;
    if (!valid || level === '') return;
    const body = { level, name: congressForm.name.trim(), parent_id: congressForm.parent_id };
    const editing = congressEditing.value;
    await run(async () => {
      const saved = editing ? await updateCongress(editing.id, body) : await createCongress(body);
      congressOpen.value = false;
      showSuccess(savedWord(editing));
      await reload();
      await select(saved.id);
    });
  }
  return { congressOpen, congressEditing, congressSaving, congressErrors, congressError, congressForm, congressRules, openCongress, saveCongress };
}

/** The term dialog; a new term takes the next number. */
export function useTermDialog(selectedId: Ref<number | null>, terms: Ref<Term[]>, reload: () => Promise<void>) {
  const { t } = i18n.global;
  const termOpen = ref(false);
  const termEditing = ref<Term | null>(null);
  const termForm = reactive({ number: 1, start_date: '', end_date: '' });
  const { errors: termErrors, summary: termError, clear, busy: termSaving, run } = useFormSubmit('congresses.fieldErrors.term', {
    fields: Object.keys(termForm),
    reasons: { 'registry.term_exists': ['number'] },
  });
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
    clear();
    termOpen.value = true;
  }
  async function saveTerm(valid: boolean): Promise<void> {
    clear();
    const congressId = selectedId.value;
    if (!valid || congressId === null) return;
    const editing = termEditing.value;
    await run(async () => {
      const body = { ...termForm };
      if (editing) await updateTerm(editing.id, body);
      else await createTerm(congressId, body);
      termOpen.value = false;
      showSuccess(savedWord(editing));
      await reload();
    });
  }
  return { termOpen, termEditing, termSaving, termErrors, termError, termForm, termRules, openTerm, saveTerm };
}

/** The constituency dialog (with its villages). */
export function useConstituencyDialog(selectedId: Ref<number | null>, reload: () => Promise<void>) {
  const { t } = i18n.global;
  const constituencyOpen = ref(false);
  const constituencyEditing = ref<Constituency | null>(null);
  const constituencyForm = reactive<{ name: string; kind: ConstituencyKind; villages: string[] }>({ name: '', kind: 'constituency', villages: [] });
  const {
    errors: constituencyErrors,
    summary: constituencyError,
    clear,
    busy: constituencySaving,
    run,
  } = useFormSubmit('congresses.fieldErrors.constituency', { fields: Object.keys(constituencyForm), reasons: NAME_TAKEN });
  const constituencyRules = computed<FormRules<typeof constituencyForm>>(() => ({
    name: [{ required: true, whitespace: true, message: t('congresses.nameRequired'), trigger: ['blur', 'change'] }],
  }));
  function openConstituency(item: Constituency | null): void {
    constituencyEditing.value = item;
    Object.assign(constituencyForm, item ? { name: item.name, kind: item.kind, villages: [...item.villages] } : { name: '', kind: 'constituency', villages: [] });
    clear();
    constituencyOpen.value = true;
  }
  async function saveConstituency(valid: boolean): Promise<void> {
    clear();
    const congressId = selectedId.value;
    if (!valid || congressId === null) return;
    const body = {
      name: constituencyForm.name.trim(),
      kind: constituencyForm.kind,
      villages: constituencyForm.villages.map((village) => village.trim()).filter((village) => village !== ''),
    };
    const editing = constituencyEditing.value;
    await run(async () => {
      if (editing) await updateConstituency(editing.id, body);
      else await createConstituency(congressId, body);
      constituencyOpen.value = false;
      showSuccess(savedWord(editing));
      await reload();
    });
  }
  return { constituencyOpen, constituencyEditing, constituencySaving, constituencyErrors, constituencyError, constituencyForm, constituencyRules, openConstituency, saveConstituency };
}

/** The deputy-group dialog (GroupForm). */
export function useGroupDialog(selectedId: Ref<number | null>, reload: () => Promise<void>) {
  const groupOpen = ref(false);
  const groupEditing = ref<Group | null>(null);
  const groupForm = ref<GroupFormModel>(newGroupForm(new Date().getFullYear()));
  const { errors: groupErrors, summary: groupError, clear, take } = useGroupFormErrors();
  const { busy: groupSaving, run } = useSubmit(take);
  function openGroup(group: Group | null): void {
    groupEditing.value = group;
    groupForm.value = group ? groupToForm(group) : newGroupForm(new Date().getFullYear());
    clear();
    groupOpen.value = true;
  }
  async function saveGroup(valid: boolean): Promise<void> {
    clear();
    const congressId = selectedId.value;
    if (!valid || congressId === null) return;
    const editing = groupEditing.value;
    await run(async () => {
      const body = formToGroupInput(groupForm.value);
      if (editing) await updateGroup(editing.id, body);
      else await createGroup(congressId, body);
      groupOpen.value = false;
      showSuccess(savedWord(editing));
      await reload();
    });
  }
  return { groupOpen, groupEditing, groupSaving, groupErrors, groupError, groupForm, openGroup, saveGroup };
}
