// The feedback talk after a private result (谈话反馈): the meeting's list of deputies with their
// feedback so far, recording a talk (and releasing the result in the same step), and a deputy's own
// records and their confirmation. Releasing alone stays `releaseResult` in meetings.ts.
import { request } from './client';
import type { FeedbackItem, MyFeedback, RecordFeedbackRequest } from './types';

interface Items<T> {
  items: T[];
}

/** Every deputy of the meeting's closed polls (final, or counting while paper is keyed) with their feedback. */
export async function listMeetingFeedback(meetingId: number): Promise<FeedbackItem[]> {
  return (await request<Items<FeedbackItem>>('GET', `/meetings/${meetingId}/feedback`)).items;
}

/** Records or corrects the talk with a deputy about a poll; answers the deputy's row as it now stands. */
export function recordFeedback(pollId: number, deputyId: number, body: RecordFeedbackRequest): Promise<FeedbackItem> {
  return request<FeedbackItem>('PUT', `/polls/${pollId}/feedback/${deputyId}`, { body });
}

/** The deputy confirms having received the feedback (again is harmless). */
export function confirmFeedback(pollId: number, deputyId: number): Promise<void> {
  return request<void>('POST', `/polls/${pollId}/feedback/${deputyId}/confirm`);
}

/** The logged-in deputy's own feedback records, newest talk first. */
export async function myFeedback(): Promise<MyFeedback[]> {
  return (await request<Items<MyFeedback>>('GET', '/me/feedback')).items;
}
