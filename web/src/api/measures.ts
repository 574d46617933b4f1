// Rectification measures (整改措施): a deputy's own measures and the evaluations they may write
// them against, a campaign's measures for its leaders, organizers and reviewers, writing and
// changing one, marking it done, the review, progress notes and their evidence files (uploaded one
// by one after the note exists, with progress), and the address of a file to show or download.
import { apiUrl, request, upload } from './client';
import type {
  CreateMeasureRequest,
  EvidenceFile,
  EvidenceType,
  Measure,
  MeasureDetail,
  MeasureNote,
  MeasureReviewRequest,
  MeasureState,
  MyMeasures,
  UpdateMeasureRequest,
} from './types';

interface Items<T> {
  items: T[];
}

export interface MeasureFilter {
  groupId?: number | null;
  deputyId?: number | null;
  state?: MeasureState | null;
  /** Only the overdue ones. */
  overdue?: boolean;
}

/** The campaign's measures the caller may read (a leader: their groups'). */
export async function listCampaignMeasures(campaignId: number, filter: MeasureFilter = {}): Promise<Measure[]> {
  const query = { group_id: filter.groupId, deputy_id: filter.deputyId, state: filter.state, overdue: filter.overdue ? true : undefined };
  return (await request<Items<Measure>>('GET', `/campaigns/${campaignId}/measures`, { query })).items;
}
/** The logged-in deputy's measures and the final evaluations they may write new ones against. */
export function myMeasures(): Promise<MyMeasures> {
  return request<MyMeasures>('GET', '/me/measures');
}
export function getMeasure(id: number): Promise<MeasureDetail> {
  return request<MeasureDetail>('GET', `/measures/${id}`);
}
export function createMeasure(body: CreateMeasureRequest): Promise<MeasureDetail> {
  return request<MeasureDetail>('POST', '/measures', { body });
}
/** Changes an open or returned measure (412 measure.closed otherwise). */
export function updateMeasure(id: number, body: UpdateMeasureRequest): Promise<MeasureDetail> {
  return request<MeasureDetail>('PATCH', `/measures/${id}`, { body });
}
/** The deputy marks it done: it then waits for review. */
export function markMeasureDone(id: number): Promise<MeasureDetail> {
  return request<MeasureDetail>('POST', `/measures/${id}/done`);
}
/** Accepts a done measure, or returns it (a comment is required to return). */
export function reviewMeasure(id: number, body: MeasureReviewRequest): Promise<MeasureDetail> {
  return request<MeasureDetail>('POST', `/measures/${id}/review`, { body });
}
export function addMeasureNote(id: number, text: string): Promise<MeasureNote> {
  return request<MeasureNote>('POST', `/measures/${id}/notes`, { body: { text } });
}

// --- evidence files ---

/** Largest evidence file the server takes (413 request.too_large above it). */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** Most evidence one measure may hold (413 evidence.measure_full above it). */
export const MAX_MEASURE_EVIDENCE_BYTES = 50 * 1024 * 1024;
/** The file endings accepted, for the file picker's `accept`. */
export const EVIDENCE_ACCEPT = '.png,.jpg,.jpeg,.pdf';

const TYPES_BY_ENDING: Record<string, EvidenceType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
};

/** The media type a file is sent as, by its name's ending; null when it is not one the server takes. */
export function evidenceType(fileName: string): EvidenceType | null {
  const ending = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return TYPES_BY_ENDING[ending] ?? null;
}

/**
 * Attaches one file to a note, sent as its media type (the server checks the content matches:
 * 415 evidence.unsupported_type otherwise). `onProgress` gets the share sent, 0–1.
 */
export function uploadEvidence(id: number, noteId: number, file: File, type: EvidenceType, onProgress: (share: number) => void): Promise<EvidenceFile> {
  return upload<EvidenceFile>(
    `/measures/${id}/notes/${noteId}/files`,
    { query: { name: file.name }, rawBody: file, headers: { 'Content-Type': type } },
    onProgress,
  );
}

/** The address of an evidence file: an image's thumbnail source, or a download link. */
export function evidenceUrl(id: number, fileId: number): string {
  return apiUrl(`/measures/${id}/files/${fileId}`);
}
