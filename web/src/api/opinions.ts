// Opinions (意见建议): recorded by organizers and group leaders, left by constituents through the
// public form of a deputy's link (代表码), moderated, and answered by the deputy.
import { request, requestBlob } from './client';
import type { Opinion, OpinionLink, PublicOpinionForm, PublicOpinionRequest, RecordOpinionRequest } from './types';

interface Items<T> {
  items?: T[];
}

export async function listOpinions(deputyId: number): Promise<Opinion[]> {
  return (await request<Items<Opinion>>('GET', `/deputies/${deputyId}/opinions`)).items ?? [];
}
export function recordOpinion(deputyId: number, body: RecordOpinionRequest): Promise<Opinion> {
  return request<Opinion>('POST', `/deputies/${deputyId}/opinions`, { body });
}
export function answerOpinion(id: number, answer: string): Promise<Opinion> {
  return request<Opinion>('PUT', `/opinions/${id}/answer`, { body: { answer } });
}
export function moderateOpinion(id: number, approve: boolean): Promise<Opinion> {
  return request<Opinion>('POST', `/opinions/${id}/moderation`, { body: { approve } });
}
export async function listPendingOpinions(): Promise<Opinion[]> {
  return (await request<Items<Opinion>>('GET', '/opinions/pending')).items ?? [];
}
/** A new 代表码 link; the deputy's previous link stops working. */
export function createOpinionLink(deputyId: number): Promise<OpinionLink> {
  return request<OpinionLink>('POST', `/deputies/${deputyId}/opinion-link`);
}

/** A printable 代表码 card (PDF) with a new link; the previous link stops working. */
export function printOpinionCard(deputyId: number): Promise<Blob> {
  return requestBlob('POST', `/deputies/${deputyId}/opinion-card`);
}

// --- the public form (no login) ---
export function getPublicForm(token: string): Promise<PublicOpinionForm> {
  return request<PublicOpinionForm>('GET', `/public/opinion-forms/${encodeURIComponent(token)}`, { quiet401: true });
}
export function submitPublicOpinion(token: string, body: PublicOpinionRequest): Promise<void> {
  return request<void>('POST', `/public/opinion-forms/${encodeURIComponent(token)}`, { body, quiet401: true });
}
