// Campaigns (述职评议活动): the plan, its state, the reporting list, the plan's PDF. The duty
// reports written for a campaign are in reports.ts.
import { i18n } from '@/locales';
import { apiUrl, request } from './client';
import type {
  Campaign,
  CampaignDashboard,
  CampaignSpec,
  CampaignState,
  CreateCampaignRequest,
  ReportingDeputies,
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

/** The summary for the presidium / standing committee (评议情况报告), as a PDF or an XLSX workbook. */
export function summaryUrl(id: number, format: 'pdf' | 'xlsx'): string {
  return apiUrl(`/campaigns/${id}/summary.${format}`, { lang: i18n.global.locale.value });
}

/** The campaign's plan as a printable PDF (a plain link, opened in a new tab). */
export function planPdfUrl(id: number): string {
  return apiUrl(`/campaigns/${id}/plan.pdf`);
}
