// Health of the server (no login needed).
import { request } from './client';
import type { Health } from './types';

export function getHealth(): Promise<Health> {
  return request<Health>('GET', '/health');
}
