// Reporting meetings (述职大会) and their polls: scheduling, check-in (only counts of carriers are
// recorded, never who drew which), printing and voiding carriers, the chair's console, opening and
// closing polls, double entry of paper sheets, results, feedback and the bulletin board; and the
// public projector (no login: the link's token is the capability).
import { API_BASE, apiUrl, request, requestBlob } from './client';
import { i18n } from '@/locales';
import type { ExportFormat } from './registry';
import type {
  AddAttendeeRequest,
  Channel,
  ConsoleCommand,
  CreateMeetingRequest,
  Meeting,
  MeetingSummary,
  MyResult,
  PaperChoice,
  PaperOutcome,
  PaperStatus,
  PollResult,
  ProjectorState,
  UpdateMeetingRequest,
} from './types';

interface Items<T> {
  items: T[];
}

// --- meetings ---
export async function listMeetings(campaignId: number): Promise<MeetingSummary[]> {
  return (await request<Items<MeetingSummary>>('GET', `/campaigns/${campaignId}/meetings`)).items;
}
export function createMeeting(campaignId: number, body: CreateMeetingRequest): Promise<Meeting> {
  return request<Meeting>('POST', `/campaigns/${campaignId}/meetings`, { body });
}
export function getMeeting(id: number): Promise<Meeting> {
  return request<Meeting>('GET', `/meetings/${id}`);
}
/** Changes title, start, venue, chair, tellers or scrutineers; refused (412) once the meeting has finished. */
export function updateMeeting(id: number, body: UpdateMeetingRequest): Promise<Meeting> {
  return request<Meeting>('PUT', `/meetings/${id}`, { body });
}

// --- attendance and carriers ---
export function addAttendee(id: number, body: AddAttendeeRequest): Promise<{ id: number }> {
  return request<{ id: number }>('POST', `/meetings/${id}/attendees`, { body });
}
/** Checks an attendee in; `channel` is the kind of carrier an evaluator drew (null for guests). */
export function checkIn(id: number, attendeeId: number, channel: Channel | null): Promise<void> {
  return request<void>('POST', `/meetings/${id}/attendees/${attendeeId}/check-in`, { body: { channel } });
}
/** Records carriers handed out to those present for a repeated poll's new round. */
export function issueCarriers(id: number, channel: Channel, count: number): Promise<void> {
  return request<void>('POST', `/meetings/${id}/issue`, { body: { channel, count } });
}
/** Prints new carriers as a PDF; their secrets exist only in this document. */
export function printCarriers(id: number, channel: Channel, count: number): Promise<Blob> {
  return requestBlob('POST', `/meetings/${id}/carriers`, { body: { channel, count } });
}
export async function voidCarriers(id: number, codes: string[]): Promise<number> {
  return (await request<{ voided: number }>('POST', `/meetings/${id}/carriers/void`, { body: { codes } })).voided;
}

// --- the chair's console ---
export function consoleCommand(id: number, command: ConsoleCommand): Promise<Meeting> {
  return request<Meeting>('POST', `/meetings/${id}/console`, { body: command });
}

// --- polls ---
export function openPoll(pollId: number): Promise<void> {
  return request<void>('POST', `/polls/${pollId}/open`);
}
export function closePoll(pollId: number): Promise<void> {
  return request<void>('POST', `/polls/${pollId}/close`);
}
export function finalizePoll(pollId: number): Promise<void> {
  return request<void>('POST', `/polls/${pollId}/finalize`);
}
export async function repeatPoll(pollId: number): Promise<number> {
  return (await request<{ poll_id: number }>('POST', `/polls/${pollId}/repeat`)).poll_id;
}
export function setPaperCount(pollId: number, sheets: number): Promise<void> {
  return request<void>('PUT', `/polls/${pollId}/paper-count`, { body: { sheets } });
}
export function paperStatus(pollId: number): Promise<PaperStatus> {
  return request<PaperStatus>('GET', `/polls/${pollId}/paper-sheets`);
}
export async function keyPaperSheet(pollId: number, code: string, choices: PaperChoice[]): Promise<PaperOutcome> {
  return (await request<{ outcome: PaperOutcome }>('POST', `/polls/${pollId}/paper-sheets`, { body: { code, choices } })).outcome;
}
export async function resolvePaperSheet(pollId: number, code: string, choices: PaperChoice[]): Promise<string> {
  return (await request<{ outcome: string }>('POST', `/polls/${pollId}/paper-sheets/resolve`, { body: { code, choices } })).outcome;
}
export function pollResult(pollId: number): Promise<PollResult> {
  return request<PollResult>('GET', `/polls/${pollId}/result`);
}
export function releaseResult(pollId: number, deputyId: number): Promise<void> {
  return request<void>('POST', `/polls/${pollId}/release`, { body: { deputy_id: deputyId } });
}
/** The logged-in deputy's own results: announced ones, and private ones their group leader released. */
export async function myResults(): Promise<MyResult[]> {
  return (await request<Items<MyResult>>('GET', '/me/results')).items;
}
/** The bulletin board as the server wrote it: its SHA-256 is the digest on the tally certificate. */
export function pollBoardFile(pollId: number): Promise<Blob> {
  return requestBlob('GET', `/polls/${pollId}/board`);
}
/** The meeting's minutes (会议记录), a PDF; a private result's figures are never in it. */
export function meetingMinutes(meetingId: number): Promise<Blob> {
  return requestBlob('GET', `/meetings/${meetingId}/minutes`);
}
/** The tally certificate (计票结果报告单), a PDF. */
export function pollCertificate(pollId: number): Promise<Blob> {
  return requestBlob('GET', `/polls/${pollId}/certificate`);
}

// --- the public projector ---
export function projectorState(token: string): Promise<ProjectorState> {
  return request<ProjectorState>('GET', `/public/projector/${encodeURIComponent(token)}`, { quiet401: true });
}
/** The projector's server-sent events (`state` with a ProjectorState, `count` with a ProjectorCounts). */
export function projectorEvents(token: string): EventSource {
  return new EventSource(`${API_BASE}/public/projector/${encodeURIComponent(token)}/events`);
}

/** The meeting's results on one sheet (XLSX or CSV), in the user's language; a plain link downloads it. */
export function meetingResultsExportUrl(meetingId: number, format: ExportFormat): string {
  return apiUrl(`/meetings/${meetingId}/results/export`, { format, lang: i18n.global.locale.value });
}
