// Campaigns (述职评议活动): the plan, its state, the reporting list; and the duty reports written
// for it (drafts, submission, review, version diff, Word import); the printable PDFs.
import { apiUrl, request } from './client';
import type {
  Campaign,
  CampaignDashboard,
  CampaignSpec,
  CampaignState,
  CreateCampaignRequest,
  DocxParagraphs,
  Report,
  ReportContent,
  ReportDiff,
  ReportingDeputies,
  ReportProgress,
  ReviewRequest,
} from './types';

interface Items<T> {
  items: T[];
}

// --- campaigns ---
export async function listCampaigns(congressId?: number): Promise<Campaign[]> {
  return (await request<Items<Campaign>>('GET', '/campaigns', { query: { congress_id: congressId } })).items;
}
export function getCampaign(id: number): Promise<Campaign> {
  return request<Campaign>('GET', `/campaigns/${id}`);
}
export function createCampaign(body: CreateCampaignRequest): Promise<Campaign> {
  return request<Campaign>('POST', '/campaigns', { body });
}
export function updateCampaign(id: number, spec: CampaignSpec, groupIds: number[]): Promise<Campaign> {
  return request<Campaign>('PUT', `/campaigns/${id}`, { body: { spec, group_ids: groupIds } });
}
export function setCampaignState(id: number, state: CampaignState): Promise<Campaign> {
  return request<Campaign>('POST', `/campaigns/${id}/state`, { body: { state } });
}

export function campaignDashboard(id: number): Promise<CampaignDashboard> {
  return request<CampaignDashboard>('GET', `/campaigns/${id}/dashboard`);
}

// --- reporting list ---
export function listReportingDeputies(id: number): Promise<ReportingDeputies> {
  return request<ReportingDeputies>('GET', `/campaigns/${id}/deputies`);
}
export function addReportingDeputy(id: number, deputyId: number, groupId: number | null): Promise<ReportingDeputies> {
  return request<ReportingDeputies>('POST', `/campaigns/${id}/deputies`, { body: { deputy_id: deputyId, group_id: groupId } });
}
export function addDeputiesFromRotation(id: number): Promise<ReportingDeputies> {
  return request<ReportingDeputies>('POST', `/campaigns/${id}/deputies/from-rotation`);
}
export function removeReportingDeputy(id: number, deputyId: number): Promise<void> {
  return request<void>('DELETE', `/campaigns/${id}/deputies/${deputyId}`);
}
export function confirmGroupList(id: number, groupId: number): Promise<ReportingDeputies> {
  return request<ReportingDeputies>('POST', `/campaigns/${id}/deputies/confirm`, { body: { group_id: groupId } });
}

// --- reports ---
export function reportProgress(id: number): Promise<ReportProgress> {
  return request<ReportProgress>('GET', `/campaigns/${id}/reports`);
}
export function getReport(id: number, deputyId: number): Promise<Report> {
  return request<Report>('GET', `/campaigns/${id}/reports/${deputyId}`);
}
export function saveDraft(id: number, deputyId: number, content: ReportContent): Promise<Report> {
  return request<Report>('PUT', `/campaigns/${id}/reports/${deputyId}/draft`, { body: { content } });
}
export function submitReport(id: number, deputyId: number): Promise<Report> {
  return request<Report>('POST', `/campaigns/${id}/reports/${deputyId}/submit`);
}
export function reviewReport(id: number, deputyId: number, body: ReviewRequest): Promise<Report> {
  return request<Report>('POST', `/campaigns/${id}/reports/${deputyId}/review`, { body });
}
export function reportDiff(id: number, deputyId: number, from: number, to: number): Promise<ReportDiff> {
  return request<ReportDiff>('GET', `/campaigns/${id}/reports/${deputyId}/diff`, { query: { from, to } });
}

/** Largest .docx the server reads (400 import.too_large above it). */
export const MAX_DOCX_BYTES = 20 * 1024 * 1024;

/** Reads a Word .docx into paragraphs (nothing is stored; the deputy places them into sections). */
export async function readDocx(id: number, deputyId: number, file: File): Promise<string[]> {
  const result = await request<DocxParagraphs>('POST', `/campaigns/${id}/reports/${deputyId}/docx`, {
    rawBody: file,
    headers: { 'X-File-Name': encodeURIComponent(file.name) },
  });
  return result.paragraphs ?? [];
}

// --- printable PDFs (plain links, opened in a new tab) ---
export function planPdfUrl(id: number): string {
  return apiUrl(`/campaigns/${id}/plan.pdf`);
}
export function reportPdfUrl(id: number, deputyId: number): string {
  return apiUrl(`/campaigns/${id}/reports/${deputyId}/report.pdf`);
}
export function groupReportsPdfUrl(id: number, groupId: number): string {
  return apiUrl(`/campaigns/${id}/groups/${groupId}/reports.pdf`);
}
