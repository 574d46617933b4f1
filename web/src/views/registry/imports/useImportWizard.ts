// 导入名册: choose what to import and where (with the template to fill in), upload the file (raw
// bytes), watch validation, fix the column mapping or the file, decide ambiguous matches, apply
// (all rows, or skipping the rows with problems), and see the summary. The job runs on the server;
// this polls it every 400 ms while it validates or applies.
import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/client';
import { applyImport, getImport, MAX_IMPORT_BYTES, setImportMapping, uploadImport, type ImportTarget } from '@/api/imports';
import { listGroups, listTerms } from '@/api/registry';
import type { Group, ImportJob, ImportKind, Term } from '@/api/types';
import { errorMessage } from '@/utils/errors';
import { useRegistryAccess } from '../shared/access';
import { useRegistryLabels } from '../shared/labels';
import { useCongresses } from '../shared/refData';

const POLL_MS = 400;
export type Decision = number | 'new';

export function useImportWizard() {
  const { t, te } = useI18n();
  const labels = useRegistryLabels();
  const access = useRegistryAccess();
  const { congresses, loadCongresses } = useCongresses();

  // --- step 1: target ---
  const step = ref(0);
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

  function toUpload(): void {
    targetError.value = target.value ? '' : t('imports.targetRequired');
    if (target.value) step.value = 1;
  }

  // --- step 2: upload and validation ---
  const job = ref<ImportJob | null>(null);
  const uploading = ref(false);
  const uploadError = ref('');
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function stopPolling(): void {
    if (pollTimer !== null) clearTimeout(pollTimer);
    pollTimer = null;
  }

  function onJob(next: ImportJob): void {
    job.value = next;
    if (next.state === 'validating' || next.state === 'applying') {
      stopPolling();
      if (!stopped) pollTimer = setTimeout(() => void poll(), POLL_MS);
    }
    if (next.state === 'ready' || (next.state === 'failed' && next.applied === null && step.value <= 2)) step.value = 2;
    if (next.state === 'applying') step.value = 3;
    if (next.state === 'applied') step.value = 4;
    if (next.state === 'ready') initDecisions(next);
  }

  async function poll(): Promise<void> {
    pollTimer = null;
    if (!job.value) return;
    try {
      onJob(await getImport(job.value.id));
    } catch (error) {
      uploadError.value = errorMessage(error);
    }
  }

  async function upload(file: File): Promise<void> {
    if (!target.value) return;
    uploadError.value = '';
    if (file.size > MAX_IMPORT_BYTES) {
      uploadError.value = t('imports.fileTooLarge');
      return;
    }
    stopPolling();
    uploading.value = true;
    try {
      job.value = null;
      skipProblemRows.value = false;
      step.value = 1;
      onJob(await uploadImport(target.value, file));
    } catch (error) {
      uploadError.value = errorMessage(error);
    } finally {
      uploading.value = false;
    }
  }

  const progressPercent = computed(() => {
    const progress = job.value?.progress;
    if (!progress || progress.total <= 0) return progress?.phase === 'done' ? 100 : 0;
    return Math.min(100, Math.round((progress.done / progress.total) * 100));
  });
  const busy = computed(() => uploading.value || job.value?.state === 'validating' || job.value?.state === 'applying');

  // --- step 3: mapping, problems, decisions ---
  const mapping = reactive<Record<number, string | null>>({});
  const mappingError = ref('');
  /** What the server refused in the mapping, marked on the columns it concerns (by column index). */
  const mappingErrors = reactive<Record<number, string>>({});
  const decisions = reactive<Record<number, Decision | undefined>>({});

  function clearMappingErrors(): void {
    for (const key of Object.keys(mappingErrors)) delete mappingErrors[Number(key)];
  }

  /**
   * Marks the columns a refused mapping concerns; true when it marked any. The server says what is
   * wrong (`columns`: field_twice, unknown_field) but not where, so the columns are found here: those
   * sharing a field, or mapped to a field the import does not know.
   */
  function markMapping(error: unknown): boolean {
    clearMappingErrors();
    if (!(error instanceof ApiError) || !job.value) return false;
    const columns = job.value.columns;
    const known = new Set(job.value.fields.map((field) => field.field));
    for (const detail of error.details) {
      if (detail.field !== 'columns') continue;
      for (const column of columns) {
        const field = mapping[column.index];
        if (!field) continue;
        const shared = columns.filter((other) => mapping[other.index] === field).length > 1;
        if (detail.code === 'field_twice' && shared) mappingErrors[column.index] = t('imports.mappingErrors.field_twice', { field: labels.importField(field) });
        if (detail.code === 'unknown_field' && !known.has(field)) mappingErrors[column.index] = t('imports.mappingErrors.unknown_field');
      }
    }
    return Object.keys(mappingErrors).length > 0;
  }

  /** The words for a refused mapping whose columns could not be found (a column the file lacks). */
  function mappingMessage(error: unknown): string {
    const detail = error instanceof ApiError ? error.details.find((item) => item.field === 'columns') : undefined;
    const key = `imports.mappingErrors.${detail?.code ?? ''}`;
    // field_twice names its field: without the columns found, the server's words stand.
    return detail && detail.code !== 'field_twice' && te(key) ? t(key) : errorMessage(error);
  }

  function initDecisions(next: ImportJob): void {
    clearMappingErrors();
    for (const key of Object.keys(mapping)) delete mapping[Number(key)];
    for (const column of next.columns) mapping[column.index] = column.field;
    // Every match gets a choice: kept from before when it still fits this file, otherwise the
    // server's offer (the one candidate); rows with several candidates wait for the user.
    const byRow = new Map(next.matches.map((match) => [match.row, match]));
    for (const key of Object.keys(decisions)) {
      const row = Number(key);
      const match = byRow.get(row);
      const decision = decisions[row];
      const fits = match && (decision === 'new' || match.candidates.some((candidate) => candidate.deputy_id === decision));
      if (!fits) delete decisions[row];
    }
    for (const match of next.matches) {
      if (decisions[match.row] === undefined && match.decision !== null) decisions[match.row] = match.decision;
    }
  }

  const missingRequired = computed(() => {
    const mapped = new Set(Object.values(mapping));
    return (job.value?.fields ?? []).filter((field) => field.required && !mapped.has(field.field)).map((field) => field.field);
  });
  /**
   * Skipping the rows with problems (the others are imported, these not at all): offered when some
   * row is free of problems and no problem is of the whole file (a required column missing, row 1).
   */
  const skipProblemRows = ref(false);
  const problemRows = computed(() => new Set((job.value?.problems ?? []).map((problem) => problem.row)));
  const canSkip = computed(() => {
    const current = job.value;
    if (!current || current.state !== 'ready' || current.problems.length === 0) return false;
    return current.summary.valid_rows > 0 && !problemRows.value.has(1) && missingRequired.value.length === 0;
  });
  const skipping = computed(() => skipProblemRows.value && canSkip.value);
  /** Rows matching known persons (same name and birth date): each is linked or created as the user chooses. */
  const matches = computed(() => job.value?.matches ?? []);
  /** The matches whose rows will be written: a skipped row needs no choice. */
  const toWrite = computed(() => matches.value.filter((match) => !(skipping.value && problemRows.value.has(match.row))));
  const undecided = computed(() => toWrite.value.filter((match) => decisions[match.row] === undefined).length);
  const canApply = computed(
    () =>
      job.value?.state === 'ready' &&
      (job.value.problems.length === 0 || skipping.value) &&
      undecided.value === 0 &&
      missingRequired.value.length === 0,
  );
  const plannedNew = computed(() => {
    const summary = job.value?.summary;
    if (!summary) return { created: 0, linked: 0 };
    // The server counted each match of a row without problems as it offered it (linked when it has
    // a decision); move the rows whose choice differs.
    let created = summary.new_persons;
    let linked = summary.linked_persons;
    for (const match of matches.value) {
      if (problemRows.value.has(match.row)) continue;
      const decision = decisions[match.row];
      if (decision === undefined) continue;
      const offeredLink = match.decision !== null;
      const chosenLink = decision !== 'new';
      if (offeredLink && !chosenLink) {
        linked -= 1;
        created += 1;
      } else if (!offeredLink && chosenLink) {
        created -= 1;
        linked += 1;
      }
    }
    return { created, linked };
  });

  async function revalidate(): Promise<void> {
    if (!job.value) return;
    mappingError.value = '';
    clearMappingErrors();
    try {
      const columns = job.value.columns.map((column) => ({ index: column.index, field: mapping[column.index] ?? null }));
      step.value = 1;
      onJob(await setImportMapping(job.value.id, { columns }));
    } catch (error) {
      step.value = 2;
      mappingError.value = markMapping(error) ? t('imports.mappingCheck') : mappingMessage(error);
    }
  }

  // --- step 4: apply ---
  const applyError = ref('');
  async function apply(): Promise<void> {
    if (!job.value || !canApply.value) return;
    applyError.value = '';
    try {
      const body = {
        decisions: toWrite.value.map((match) => {
          const decision = decisions[match.row] ?? match.decision ?? 'new';
          return { row: match.row, deputy_id: decision === 'new' ? null : decision };
        }),
        skip_problem_rows: skipping.value,
      };
      step.value = 3;
      onJob(await applyImport(job.value.id, body));
    } catch (error) {
      step.value = 2;
      applyError.value = errorMessage(error);
    }
  }

  function restart(): void {
    stopPolling();
    job.value = null;
    uploadError.value = '';
    applyError.value = '';
    skipProblemRows.value = false;
    for (const key of Object.keys(decisions)) delete decisions[Number(key)];
    step.value = 0;
  }

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
  onBeforeUnmount(() => {
    stopped = true;
    stopPolling();
  });

  return {
    t,
    step,
    kind,
    congressId,
    termId,
    groupId,
    terms,
    editableCongresses,
    editableGroups,
    targetError,
    toUpload,
    job,
    uploading,
    uploadError,
    upload,
    progressPercent,
    busy,
    mapping,
    mappingError,
    mappingErrors,
    missingRequired,
    decisions,
    matches,
    undecided,
    skipProblemRows,
    canSkip,
    canApply,
    plannedNew,
    revalidate,
    applyError,
    apply,
    restart,
    resultLink,
  };
}
