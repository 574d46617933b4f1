// The audit log (admin, organizer) and its chain head (also reviewer).
import { request } from './client';
import type { AuditHead, AuditPage } from './types';

export interface AuditQuery {
  page?: number;
  page_size?: number;
}

export function listAudit(query: AuditQuery = {}): Promise<AuditPage> {
  return request<AuditPage>('GET', '/audit', { query: { page: query.page, page_size: query.page_size } });
}

export function getAuditHead(): Promise<AuditHead> {
  return request<AuditHead>('GET', '/audit/head');
}
