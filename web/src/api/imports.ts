// Roster imports: the template to fill in, upload the raw file, poll the job, fix the column
// mapping, apply (all or nothing, or skipping the rows with problems), download the skipped rows.
import { request } from './client';
import { exportUrl, type ExportFormat } from './registry';
import type { ImportApplyRequest, ImportJob, ImportKind, ImportMappingRequest } from './types';

export interface ImportTarget {
  kind: ImportKind;
  term_id?: number;
  group_id?: number;
  congress_id?: number;
}

/** Largest file the server accepts (413 request.too_large above it). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export function uploadImport(target: ImportTarget, file: File): Promise<ImportJob> {
  return request<ImportJob>('POST', '/imports', {
    query: { ...target },
    rawBody: file,
    headers: { 'X-File-Name': encodeURIComponent(file.name) },
  });
}

export function getImport(id: string): Promise<ImportJob> {
  return request<ImportJob>('GET', `/imports/${encodeURIComponent(id)}`);
}

export function setImportMapping(id: string, body: ImportMappingRequest): Promise<ImportJob> {
  return request<ImportJob>('PUT', `/imports/${encodeURIComponent(id)}/mapping`, { body });
}

export function applyImport(id: string, body: ImportApplyRequest): Promise<ImportJob> {
  return request<ImportJob>('POST', `/imports/${encodeURIComponent(id)}/apply`, { body });
}

/** The template workbook of a roster kind, in the UI language. */
export function importTemplateUrl(kind: ImportKind): string {
  return exportUrl('/imports/template', { kind });
}

/** The rows an applied import skipped, with their problems in words (in the UI language). */
export function skippedRowsUrl(id: string, format: ExportFormat): string {
  return exportUrl(`/imports/${encodeURIComponent(id)}/skipped`, { format });
}
