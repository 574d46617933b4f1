// The column mapping of an import job: which field each column of the file fills, the required
// fields no column fills, and what the server refused in a mapping, marked on the columns concerned.
import { computed, reactive, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/api/client';
import type { ImportJob } from '@/api/types';
import { errorMessage } from '@/utils/errors';
import { useRegistryLabels } from '../shared/labels';

export function useImportMapping(job: Ref<ImportJob | null>) {
  const { t, te } = useI18n();
  const labels = useRegistryLabels();
  const mapping = reactive<Record<number, string | null>>({});
  const mappingError = ref('');
  /** What the server refused in the mapping, marked on the columns it concerns (by column index). */
  const mappingErrors = reactive<Record<number, string>>({});

  function clearMappingErrors(): void {
    for (const key of Object.keys(mappingErrors)) delete mappingErrors[Number(key)];
  }

  /** Takes the mapping the server made (or kept) for the job's columns. */
  function resetMapping(next: ImportJob): void {
    clearMappingErrors();
    for (const key of Object.keys(mapping)) delete mapping[Number(key)];
    for (const column of next.columns) mapping[column.index] = column.field;
  }

  /** The mapping as the server takes it: every column of the job, with its field or none. */
  function mappedColumns(current: ImportJob) {
    return current.columns.map((column) => ({ index: column.index, field: mapping[column.index] ?? null }));
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

  /** Shows a refused mapping: on its columns when they are found, otherwise as one message. */
  function showRefusal(error: unknown): void {
    mappingError.value = markMapping(error) ? t('imports.mappingCheck') : mappingMessage(error);
  }

  const missingRequired = computed(() => {
    const mapped = new Set(Object.values(mapping));
    return (job.value?.fields ?? []).filter((field) => field.required && !mapped.has(field.field)).map((field) => field.field);
  });

  return { mapping, mappingError, mappingErrors, clearMappingErrors, resetMapping, mappedColumns, showRefusal, missingRequired };
}
