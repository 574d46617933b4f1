// 代表名册: filters, paged table, statistics charts, export links, the deputy drawer (personal data
// and mandates) and the new-deputy dialog.
import { computed, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormRules } from 'element-plus';
import {
  createDeputy,
  createMandate,
  getDeputy,
  getGroup,
  listConstituencies,
  listGroups,
  listRoster,
  listTerms,
  rosterExportUrl,
  rosterStats,
  updateDeputy,
  updateMandate,
  type ExportFormat,
  type RosterFilter,
} from '@/api/registry';
import type {
  Constituency,
  DeputyDetail,
  DeputyInput,
  Gender,
  Group,
  Mandate,
  MandateStatus,
  Occupation,
  RosterRow,
  RosterStats,
  Term,
} from '@/api/types';
import { showError, showSuccess } from '@/utils/errors';
import { fieldKey, useFormErrors } from '@/utils/fieldErrors';
import { useRegistryAccess } from '../shared/access';
import { useCongresses } from '../shared/refData';

const PHONE = /^[0-9+\-() ]{3,20}$/;

// Conflicts the server sends without field details, and the field each is about.
const DEPUTY_REASONS = { 'registry.person_exists': ['name'], 'registry.duplicate': ['name'], 'registry.name_taken': ['name'] };
const MANDATE_REASONS = { 'registry.mandate_exists': ['term_id'] };

export interface DeputyForm {
  name: string;
  gender: Gender | '';
  birth_date: string;
  ethnicity: string;
  occupation: Occupation | '';
  employer: string;
  title: string;
  phone: string;
}

export interface MandateForm {
  term_id: number | null;
  constituency_id: number | null;
  group_id: number | null;
  status: MandateStatus;
  status_date: string | null;
  by_election: boolean;
  elected_date: string | null;
}

function emptyDeputy(): DeputyForm {
  return { name: '', gender: '', birth_date: '', ethnicity: '', occupation: '', employer: '', title: '', phone: '' };
}

function emptyMandate(termId: number | null = null): MandateForm {
  return { term_id: termId, constituency_id: null, group_id: null, status: 'active', status_date: null, by_election: false, elected_date: null };
}

function toDeputyInput(form: DeputyForm): DeputyInput | null {
  if (form.gender === '' || form.occupation === '') return null;
  return {
    name: form.name.trim(),
    gender: form.gender,
    birth_date: form.birth_date,
    ethnicity: form.ethnicity.trim(),
    occupation: form.occupation,
    employer: form.employer.trim(),
    title: form.title.trim(),
    phone: form.phone.trim(),
  };
}

export function useRoster() {
  const { t } = useI18n();
  const access = useRegistryAccess();
  const { congresses, loadCongresses, congressName } = useCongresses();

  // Reference lists of every visible congress (small), for filters and mandate labels.
  const terms = ref<Term[]>([]);
  const constituencies = ref<Constituency[]>([]);
  const groups = ref<Group[]>([]);
  const termById = computed(() => new Map(terms.value.map((term) => [term.id, term])));
  const groupById = computed(() => new Map(groups.value.map((group) => [group.id, group])));
  const constituencyById = computed(() => new Map(constituencies.value.map((item) => [item.id, item])));

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
    }
  }

  /** "第一代表小组（洞桥镇人民代表大会）": a group with its congress, since a mandate may sit in another congress's group. */
  function groupLabel(groupId: number | null | undefined): string {
    if (!groupId) return '';
    const group = groupById.value.get(groupId);
    if (!group) return `#${groupId}`;
    return t('roster.groupOption', { group: group.name, congress: congressName(group.congress_id) });
  }

  /** A group named by a mandate but missing from the list (loaded on demand so its name shows). */
  async function ensureGroup(groupId: number | null | undefined): Promise<void> {
    if (!groupId || groupById.value.has(groupId)) return;
    try {
      const group = await getGroup(groupId);
      if (!groupById.value.has(group.id)) groups.value = [...groups.value, group];
    } catch {
      // Not readable: the label falls back to the id.
    }
  }

  function termLabel(termId: number | null | undefined): string {
    const term = termId ? termById.value.get(termId) : undefined;
    if (!term) return termId ? `#${termId}` : '';
    return `${congressName(term.congress_id)} ${t('congresses.termLabel', { n: term.number })}`;
  }

  // --- filters and table ---
  const filter = reactive<{
    congress_id: number | null;
    term_id: number | null;
    group_id: number | null;
    constituency_id: number | null;
    occupation: Occupation | null;
    status: MandateStatus | null;
    q: string;
  }>({ congress_id: null, term_id: null, group_id: null, constituency_id: null, occupation: null, status: null, q: '' });
  const filterTerms = computed(() => terms.value.filter((term) => !filter.congress_id || term.congress_id === filter.congress_id));
  const filterGroups = computed(() => groups.value.filter((group) => !filter.congress_id || group.congress_id === filter.congress_id));
  const filterConstituencies = computed(() =>
    constituencies.value.filter((item) => !filter.congress_id || item.congress_id === filter.congress_id),
  );
  watch(
    () => filter.congress_id,
    () => {
      filter.term_id = null;
      filter.group_id = null;
      filter.constituency_id = null;
    },
  );

  const page = ref(1);
  const pageSize = ref(20);
  const items = ref<RosterRow[]>([]);
  const total = ref(0);
  const loading = ref(false);

  const apiFilter = computed<RosterFilter>(() => ({
    congress_id: filter.congress_id ?? undefined,
    term_id: filter.term_id ?? undefined,
    group_id: filter.group_id ?? undefined,
    constituency_id: filter.constituency_id ?? undefined,
    occupation: filter.occupation ?? undefined,
    status: filter.status ?? undefined,
    q: filter.q.trim() || undefined,
  }));
  // The export links follow the filters of the table as last loaded.
  const appliedFilter = ref<RosterFilter>({});
  const exportUrl = (format: ExportFormat) => rosterExportUrl(format, appliedFilter.value);

  const statsOccupation = ref<RosterStats | null>(null);
  const statsLevel = ref<RosterStats | null>(null);
  const statsGroup = ref<RosterStats | null>(null);

  async function loadStats(): Promise<void> {
    const [occupation, level, group] = await Promise.allSettled([
      rosterStats('occupation', appliedFilter.value),
      rosterStats('level', appliedFilter.value),
      rosterStats('group', appliedFilter.value),
    ]);
    statsOccupation.value = occupation.status === 'fulfilled' ? occupation.value : null;
    statsLevel.value = level.status === 'fulfilled' ? level.value : null;
    statsGroup.value = group.status === 'fulfilled' ? group.value : null;
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      appliedFilter.value = { ...apiFilter.value };
      const result = await listRoster(appliedFilter.value, page.value, pageSize.value);
      items.value = result.items;
      total.value = result.total;
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
    void loadStats();
  }

  function search(): void {
    page.value = 1;
    void load();
  }

  function resetFilters(): void {
    Object.assign(filter, { congress_id: null, term_id: null, group_id: null, constituency_id: null, occupation: null, status: null, q: '' });
    search();
  }

  function onPageChange(value: number): void {
    page.value = value;
    void load();
  }

  function onPageSizeChange(value: number): void {
    pageSize.value = value;
    page.value = 1;
    void load();
  }

  // --- deputy form rules (shared by the drawer and the new-deputy dialog) ---
  const deputyRules = computed<FormRules<DeputyForm>>(() => ({
    name: [{ required: true, whitespace: true, message: t('registry.nameRequired'), trigger: ['blur', 'change'] }],
    gender: [{ required: true, message: t('registry.genderRequired'), trigger: 'change' }],
    birth_date: [{ required: true, message: t('roster.birthDateRequired'), trigger: 'change' }],
    occupation: [{ required: true, message: t('registry.occupationRequired'), trigger: 'change' }],
    phone: [{ pattern: PHONE, message: t('registry.phoneInvalid'), trigger: 'blur' }],
  }));
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

  function mandateRulesFor(form: MandateForm): FormRules<MandateForm> {
    return {
      term_id: [{ required: true, message: t('roster.termRequired'), trigger: 'change' }],
      group_id: [
        {
          trigger: 'change',
          validator: (_rule, _value, callback) => {
            if (form.term_id === null || canManageMandate(form)) callback();
            else callback(new Error(t('roster.mandateOutOfScope')));
          },
        },
      ],
    };
  }
  const mandateRules = computed(() => mandateRulesFor(mandateForm));
  const createMandateRules = computed(() => mandateRulesFor(createMandateForm));

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

  // --- drawer ---
  const drawerOpen = ref(false);
  const detail = ref<DeputyDetail | null>(null);
  const detailForm = reactive<DeputyForm>(emptyDeputy());
  const detailSaving = ref(false);
  const detailErrors = useFormErrors('registry.fieldErrors', { fields: Object.keys(detailForm), reasons: DEPUTY_REASONS });
  const canEditDetail = computed(() => (detail.value?.mandates ?? []).some(canManageMandate));

  async function openDeputy(deputyId: number): Promise<void> {
    detailErrors.clear();
    try {
      detail.value = await getDeputy(deputyId);
      await Promise.all(detail.value.mandates.map((mandate) => ensureGroup(mandate.group_id)));
      Object.assign(detailForm, { ...detail.value.deputy });
      drawerOpen.value = true;
    } catch (error) {
      showError(error);
    }
  }

  async function saveDetail(valid: boolean): Promise<void> {
    detailErrors.clear();
    const body = toDeputyInput(detailForm);
    if (!valid || !body || !detail.value) return;
    detailSaving.value = true;
    try {
      detail.value = await updateDeputy(detail.value.deputy.id, body);
      showSuccess(t('registry.updated'));
      void load();
    } catch (error) {
      detailErrors.take(error);
    } finally {
      detailSaving.value = false;
    }
  }

  // --- mandate dialog ---
  const mandateOpen = ref(false);
  const mandateEditing = ref<Mandate | null>(null);
  const mandateForm = reactive<MandateForm>(emptyMandate());
  const mandateSaving = ref(false);
  const mandateErrors = useFormErrors('registry.fieldErrors', { fields: Object.keys(mandateForm), reasons: MANDATE_REASONS });
  /**
   * Terms a new mandate may name: those of the user's congresses, and, when the user manages some
   * visible group, every term (a mandate of another congress is theirs when it sits in their group).
   */
  const editableTerms = computed(() => {
    const managesGroup = groups.value.some((group) => access.canEditCongress(group.congress_id));
    return terms.value.filter((term) => managesGroup || access.canEditCongress(term.congress_id));
  });
  /** The terms offered in the mandate dialog: when editing, the mandate's own term (fixed) is always listed. */
  const mandateTerms = computed(() => {
    const own = mandateEditing.value ? termById.value.get(mandateEditing.value.term_id) : undefined;
    if (!own || editableTerms.value.includes(own)) return editableTerms.value;
    return [own, ...editableTerms.value];
  });

  function openMandate(mandate: Mandate | null): void {
    mandateEditing.value = mandate;
    if (mandate) void ensureGroup(mandate.group_id);
    Object.assign(mandateForm, mandate ? { ...mandate } : emptyMandate());
    mandateErrors.clear();
    mandateOpen.value = true;
  }

  async function saveMandate(valid: boolean): Promise<void> {
    mandateErrors.clear();
    if (!valid || !detail.value || mandateForm.term_id === null) return;
    mandateSaving.value = true;
    const update = {
      constituency_id: mandateForm.constituency_id,
      group_id: mandateForm.group_id,
      status: mandateForm.status,
      status_date: mandateForm.status === 'active' ? null : mandateForm.status_date,
      by_election: mandateForm.by_election,
      elected_date: mandateForm.elected_date,
    };
    try {
      if (mandateEditing.value) await updateMandate(mandateEditing.value.id, update);
      else await createMandate(detail.value.deputy.id, { ...update, term_id: mandateForm.term_id });
      mandateOpen.value = false;
      showSuccess(t(mandateEditing.value ? 'registry.updated' : 'registry.created'));
      detail.value = await getDeputy(detail.value.deputy.id);
      void load();
    } catch (error) {
      mandateErrors.take(error);
    } finally {
      mandateSaving.value = false;
    }
  }

  // --- new deputy ---
  const createOpen = ref(false);
  const createForm = reactive<DeputyForm>(emptyDeputy());
  const createMandateForm = reactive<MandateForm>(emptyMandate());
  const createSaving = ref(false);
  // One body with both parts: a detail names `deputy.name` (a bad character) or plain `term_id`.
  const createErrors = useFormErrors('registry.fieldErrors', {
    fields: [...Object.keys(createForm), ...Object.keys(createMandateForm)],
    keyOf: (field) => fieldKey(field.replace(/^(deputy|mandate)\./, '')),
    reasons: { ...DEPUTY_REASONS, ...MANDATE_REASONS },
  });

  function openCreate(): void {
    Object.assign(createForm, emptyDeputy());
    Object.assign(createMandateForm, emptyMandate(filter.term_id));
    createErrors.clear();
    createOpen.value = true;
  }

  async function saveCreate(valid: boolean): Promise<void> {
    createErrors.clear();
    const deputy = toDeputyInput(createForm);
    if (!valid || !deputy) return;
    if (createMandateForm.term_id === null) {
      createErrors.summary.value = t('roster.termRequired');
      return;
    }
    if (!canManageMandate(createMandateForm)) {
      createErrors.summary.value = t('roster.mandateOutOfScope');
      return;
    }
    createSaving.value = true;
    try {
      const created = await createDeputy({
        deputy,
        mandate: {
          ...createMandateForm,
          term_id: createMandateForm.term_id,
          status_date: createMandateForm.status === 'active' ? null : createMandateForm.status_date,
        },
      });
      createOpen.value = false;
      showSuccess(t('registry.created'));
      await load();
      await openDeputy(created.deputy.id);
    } catch (error) {
      createErrors.take(error);
    } finally {
      createSaving.value = false;
    }
  }

  onMounted(async () => {
    await loadRefs();
    await load();
  });

  return {
    t,
    access,
    congresses,
    congressName,
    termLabel,
    groupLabel,
    groupById,
    constituencyById,
    filter,
    filterTerms,
    filterGroups,
    filterConstituencies,
    page,
    pageSize,
    items,
    total,
    loading,
    search,
    resetFilters,
    onPageChange,
    onPageSizeChange,
    exportUrl,
    statsOccupation,
    statsLevel,
    statsGroup,
    deputyRules,
    mandateRules,
    createMandateRules,
    mandateChoices,
    canManageMandate,
    drawerOpen,
    detail,
    detailForm,
    detailSaving,
    detailErrors,
    canEditDetail,
    openDeputy,
    saveDetail,
    mandateOpen,
    mandateEditing,
    mandateForm,
    mandateSaving,
    mandateErrors,
    editableTerms,
    mandateTerms,
    openMandate,
    saveMandate,
    createOpen,
    createForm,
    createMandateForm,
    createSaving,
    createErrors,
    openCreate,
    saveCreate,
  };
}
