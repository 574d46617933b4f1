// In-app notifications: what waits for the logged-in user (their report's deadline, a returned
// report, reports to review, opinions to moderate, feedback talks, rectification measures to review,
// returned or overdue). Computed by the server on each call.
import { request } from './client';
import type { Notification, NotificationList } from './types';

export async function listNotifications(): Promise<Notification[]> {
  return (await request<NotificationList>('GET', '/notifications')).items ?? [];
}
