// The choices on the check step of an import: for each row matching known persons (same name and
// birth date), link it to one of them or create a new person; and whether the rows with problems
// are skipped. From these follow whether the job may be applied and what applying it will write.
import { computed, reactive, ref, type Ref } from 'vue';
import type { ImportJob } from '@/api/types';

export type Decision = number | 'new';
type ImportMatch = ImportJob['matches'][number];

/**
 * The persons applying will create and link. The server counted each match of a row without
 * problems as it offered it (linked when it has a decision); the rows whose choice differs move.
 */
function plannedPersons(current: ImportJob, problemRows: Set<number>, decisions: Record<number, Decision | undefined>) {
  let created = current.summary.new_persons;
  let linked = current.summary.linked_persons;
  for (const match of current.matches) {
    if (problemRows.has(match.row)) continue;
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
}

export function useImportDecisions(job: Ref<ImportJob | null>, missingRequired: Ref<string[]>) {
  const decisions = reactive<Record<number, Decision | undefined>>({});
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
  const matches = computed<ImportMatch[]>(() => job.value?.matches ?? []);
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
  const plannedNew = computed(() => (job.value ? plannedPersons(job.value, problemRows.value, decisions) : { created: 0, linked: 0 }));

  /**
   * Every match gets a choice: kept from before when it still fits this job, otherwise the server's
   * offer (the one candidate); rows with several candidates wait for the user.
   */
  function keepDecisions(next: ImportJob): void {
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

  function clearDecisions(): void {
    for (const key of Object.keys(decisions)) delete decisions[Number(key)];
  }

  /** What applying sends: a choice for every row written, and whether rows with problems are skipped. */
  function applyBody() {
    return {
      decisions: toWrite.value.map((match) => {
        const decision = decisions[match.row] ?? match.decision ?? 'new';
        return { row: match.row, deputy_id: decision === 'new' ? null : decision };
      }),
      skip_problem_rows: skipping.value,
    };
  }

  return { decisions, skipProblemRows, canSkip, matches, undecided, canApply, plannedNew, keepDecisions, clearDecisions, applyBody };
}
