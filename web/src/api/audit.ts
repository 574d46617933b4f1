// The audit log (admin, organizer) and its chain head (also reviewer). Entries come with their codes
// and, in the UI language, the actor's name, the action and the object in words.
import { apiUrl, request } from './client';
import { i18n } from '@/locales';
import type { AuditHead, AuditPage } from './types';
import type { ExportFormat } from './registry';

/** The filters of the log: a username, an action (`poll.open`, or `poll.` for an area), days (YYYY-MM-DD). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface AuditQuery extends AuditFilter {
  page?: number;
  page_size?: number;
}

export interface AuditFacets {
  actors: { username: string; name: string }[];
  actions: { code: string; label: string }[];
}

const lang = () => i18n.global.locale.value;

export function listAudit(query: AuditQuery = {}): Promise<AuditPage> {
  return request<AuditPage>('GET', '/audit', { query: { ...query, lang: lang() } });
}

export function getAuditFacets(): Promise<AuditFacets> {
  return request<AuditFacets>('GET', '/audit/facets', { query: { lang: lang() } });
}

/** The address of the filtered log as a file (a plain link: the browser saves what the server names). */
export function auditExportUrl(filter: AuditFilter, format: ExportFormat): string {
  return apiUrl('/audit/export', { ...filter, format, lang: lang() });
}

export function getAuditHead(): Promise<AuditHead> {
  return request<AuditHead>('GET', '/audit/head');
}
