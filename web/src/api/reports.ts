// Duty reports (述职报告) written for a campaign: progress, drafts, submission, review, the diff of
// two versions, Word import, and the printable PDFs of one report or a group's reports.
import { apiUrl, request } from './client';
import type { DocxParagraphs, Report, ReportContent, ReportDiff, ReportProgress, ReviewRequest } from './types';

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
export function reportPdfUrl(id: number, deputyId: number): string {
  return apiUrl(`/campaigns/${id}/reports/${deputyId}/report.pdf`);
}
export function groupReportsPdfUrl(id: number, groupId: number): string {
  return apiUrl(`/campaigns/${id}/groups/${groupId}/reports.pdf`);
}
