// Campaign archives (归档): the list with each build's progress, starting a build of a group (or
// of the whole campaign), one archive, and the address of a finished ZIP to download.
import { apiUrl, request } from './client';
import type { Archive } from './types';

interface Items<T> {
  items: T[];
}

/** The campaign's archives the user may read (a group leader: their groups'), oldest first. */
export async function listArchives(campaignId: number): Promise<Archive[]> {
  return (await request<Items<Archive>>('GET', `/campaigns/${campaignId}/archives`)).items;
}
/** Starts building the next archive of a group (null: the whole campaign); it answers at once. */
export function buildArchive(campaignId: number, groupId: number | null): Promise<Archive> {
  return request<Archive>('POST', `/campaigns/${campaignId}/archives`, { body: { group_id: groupId } });
}
export function getArchive(id: number): Promise<Archive> {
  return request<Archive>('GET', `/archives/${id}`);
}
export function archiveDownloadUrl(id: number): string {
  return apiUrl(`/archives/${id}/download`);
}
