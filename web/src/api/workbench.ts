// The home page's workbench (工作台): for each role the user holds, cards of what waits for them — a
// count, the deputy's report deadline, and the page where it is dealt with. Counted by the server on
// each call.
import { request } from './client';
import type { Workbench } from './types';

export function getWorkbench(): Promise<Workbench> {
  return request<Workbench>('GET', '/me/workbench');
}
