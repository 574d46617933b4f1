// The rotation board of a group: one column per window year plus 已离任 / 无法安排. The two
// actions on a person are their own composables: move to another year (dry run first, then
// confirm; useRotationMove) and mark reported (useRotationReported).
import { computed, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { getRotation, moveInRotation, setReported } from '@/api/registry';
import type { MoveResult, Rotation, RotationPerson } from '@/api/types';
import { errorMessage, showSuccess } from '@/utils/errors';
import { useFormErrors } from '@/utils/fieldErrors';
import { useSubmit } from '@/utils/useSubmit';

/** The move target that removes a pin and lets the planner choose again. */
export const AUTO = 'auto';

export function useRotation(groupId: Ref<number>) {
  const rotation = ref<Rotation | null>(null);
  const { busy: loading, run: runLoading } = useSubmit();

  async function load(): Promise<void> {
    await runLoading(async () => {
      rotation.value = await getRotation(groupId.value);
    });
  }
  watch(groupId, load, { immediate: true });

  const windowYears = computed(() => rotation.value?.years_summary.map((year) => year.year) ?? []);
  const columns = computed(() =>
    (rotation.value?.years_summary ?? []).map((summary) => ({
      summary,
      persons: (rotation.value?.persons ?? []).filter(
        (person) => (person.state === 'planned' || person.state === 'reported') && person.year === summary.year,
      ),
    })),
  );
  const left = computed(() => (rotation.value?.persons ?? []).filter((person) => person.state === 'left'));
  const unplaceable = computed(() => (rotation.value?.persons ?? []).filter((person) => person.state === 'unplaceable'));
  const nameOf = (deputyId: number) => rotation.value?.persons.find((person) => person.deputy_id === deputyId)?.name ?? '';

  return { rotation, loading, load, windowYears, columns, left, unplaceable, nameOf };
}

/** Moving a person to another year: each choice of year is checked first (a dry run), then confirmed. */
export function useRotationMove(groupId: Ref<number>, rotation: Ref<Rotation | null>) {
  const { t } = useI18n();
  const moveOpen = ref(false);
  const moving = ref<RotationPerson | null>(null);
  /** The chosen year, or AUTO to let the planner choose again (removes a pin). */
  const moveYear = ref<number | typeof AUTO | undefined>(undefined);
  const targetYear = () => (moveYear.value === AUTO || moveYear.value === undefined ? null : moveYear.value);
  const check = ref<MoveResult | null>(null);
  const moveError = ref('');
  const showMoveError = (error: unknown) => (moveError.value = errorMessage(error));
  const { busy: checking, run: runCheck } = useSubmit(showMoveError);
  const { busy: moveSaving, run: runMove } = useSubmit(showMoveError);

  function openMove(person: RotationPerson): void {
    moving.value = person;
    moveYear.value = undefined;
    check.value = null;
    moveError.value = '';
    moveOpen.value = true;
  }

  async function dryRun(): Promise<void> {
    if (!moving.value || moveYear.value === undefined) return;
    const deputyId = moving.value.deputy_id;
    moveError.value = '';
    check.value = null;
    await runCheck(async () => {
      check.value = await moveInRotation(groupId.value, deputyId, targetYear(), true);
    });
  }
  watch(moveYear, () => void dryRun());

  async function confirmMove(): Promise<void> {
    if (!moving.value || moveYear.value === undefined || !check.value?.allowed) return;
    const deputyId = moving.value.deputy_id;
    moveError.value = '';
    await runMove(async () => {
      const result = await moveInRotation(groupId.value, deputyId, targetYear(), false);
      rotation.value = result.rotation;
      moveOpen.value = false;
      showSuccess(t('rotation.moved'));
    });
  }

  return { moveOpen, moving, moveYear, check, checking, moveSaving, moveError, openMove, confirmMove };
}

/** Marking a person reported in one year of the window (or not reported). */
export function useRotationReported(groupId: Ref<number>, rotation: Ref<Rotation | null>, windowYears: Ref<number[]>) {
  const { t } = useI18n();
  const reportedOpen = ref(false);
  const reporting = ref<RotationPerson | null>(null);
  /** 0: not reported. */
  const reportedYear = ref<number>(0);
  const { busy: reportedSaving, run: runReportedSaving } = useSubmit((error) => reportedErrors.take(error));
  const reportedErrors = useFormErrors('rotation.fieldErrors', { fields: ['year'] });

  /** Years that may be marked: the window start up to the current year (the server refuses later ones). */
  const reportableYears = computed(() => {
    const current = rotation.value?.current_year ?? 0;
    return windowYears.value.filter((year) => year <= current);
  });

  function openReported(person: RotationPerson): void {
    reporting.value = person;
    const years = reportableYears.value;
    const current = rotation.value?.current_year ?? 0;
    // Already reported: keep that year; otherwise the current year (or the last year of a past window).
    const fallback = years.includes(current) ? current : (years[years.length - 1] ?? 0);
    reportedYear.value = person.reported_year !== null && years.includes(person.reported_year) ? person.reported_year : fallback;
    reportedErrors.clear();
    reportedOpen.value = true;
  }

  async function saveReported(): Promise<void> {
    const person = reporting.value;
    if (!person) return;
    reportedErrors.clear();
    await runReportedSaving(async () => {
      rotation.value = await setReported(groupId.value, person.deputy_id, reportedYear.value === 0 ? null : reportedYear.value);
      reportedOpen.value = false;
      showSuccess(t('rotation.reportedSaved'));
    });
  }

  return {
    reportedOpen,
    reporting,
    reportedYear,
    reportableYears,
    reportedSaving,
    reportedError: reportedErrors.summary,
    reportedFieldErrors: reportedErrors.errors,
    openReported,
    saveReported,
  };
}
