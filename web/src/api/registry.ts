// The registry: congresses, terms, constituencies, deputy groups, deputies and mandates, the
// roster, standing-committee members, voter representatives, panel make-up and rotation plans.
import { apiUrl, request, type QueryValue } from './client';
import { i18n } from '@/locales';
import type {
  CommitteeMember,
  CommitteeMemberInput,
  Congress,
  CongressInput,
  Constituency,
  ConstituencyInput,
  CreateDeputyRequest,
  DeputyDetail,
  DeputyInput,
  Group,
  GroupInput,
  Mandate,
  MandateInput,
  MandateUpdate,
  MandateStatus,
  MoveResult,
  Occupation,
  Panel,
  RosterDimension,
  RosterPage,
  RosterRow,
  RosterStats,
  Rotation,
  Term,
  TermInput,
  VoterRep,
  VoterRepInput,
} from './types';

export type ExportFormat = 'xlsx' | 'csv';

/** The address of an export: the file's headers follow the UI language (`lang`), not the browser's. */
export function exportUrl(path: string, query: Record<string, QueryValue>): string {
  return apiUrl(path, { ...query, lang: i18n.global.locale.value });
}

interface Items<T> {
  items: T[];
}

// --- congresses, terms, constituencies ---
export async function listCongresses(): Promise<Congress[]> {
  return (await request<Items<Congress>>('GET', '/congresses')).items;
}
export function createCongress(body: CongressInput): Promise<Congress> {
  return request<Congress>('POST', '/congresses', { body });
}
export function updateCongress(id: number, body: CongressInput): Promise<Congress> {
  return request<Congress>('PUT', `/congresses/${id}`, { body });
}
export async function listTerms(congressId: number): Promise<Term[]> {
  return (await request<Items<Term>>('GET', `/congresses/${congressId}/terms`)).items;
}
export function createTerm(congressId: number, body: TermInput): Promise<Term> {
  return request<Term>('POST', `/congresses/${congressId}/terms`, { body });
}
export function updateTerm(id: number, body: TermInput): Promise<Term> {
  return request<Term>('PUT', `/terms/${id}`, { body });
}
export async function listConstituencies(congressId: number): Promise<Constituency[]> {
  return (await request<Items<Constituency>>('GET', `/congresses/${congressId}/constituencies`)).items;
}
export function createConstituency(congressId: number, body: ConstituencyInput): Promise<Constituency> {
  return request<Constituency>('POST', `/congresses/${congressId}/constituencies`, { body });
}
export function updateConstituency(id: number, body: ConstituencyInput): Promise<Constituency> {
  return request<Constituency>('PUT', `/constituencies/${id}`, { body });
}

// --- groups ---
export async function listGroups(congressId?: number): Promise<Group[]> {
  return (await request<Items<Group>>('GET', '/groups', { query: { congress_id: congressId } })).items;
}
export function getGroup(id: number): Promise<Group> {
  return request<Group>('GET', `/groups/${id}`);
}
export function createGroup(congressId: number, body: GroupInput): Promise<Group> {
  return request<Group>('POST', `/congresses/${congressId}/groups`, { body });
}
export function updateGroup(id: number, body: GroupInput): Promise<Group> {
  return request<Group>('PUT', `/groups/${id}`, { body });
}

// --- roster, deputies, mandates ---
export interface RosterFilter {
  congress_id?: number;
  term_id?: number;
  group_id?: number;
  constituency_id?: number;
  occupation?: Occupation;
  status?: MandateStatus;
  q?: string;
}

function filterQuery(filter: RosterFilter): Record<string, QueryValue> {
  return { ...filter };
}

export function listRoster(filter: RosterFilter, page: number, pageSize: number): Promise<RosterPage> {
  return request<RosterPage>('GET', '/roster', { query: { ...filterQuery(filter), page, page_size: pageSize } });
}
export function rosterStats(dimension: RosterDimension, filter: RosterFilter): Promise<RosterStats> {
  return request<RosterStats>('GET', '/roster/stats', { query: { ...filterQuery(filter), dimension } });
}
export function rosterExportUrl(format: ExportFormat, filter: RosterFilter): string {
  return exportUrl('/roster/export', { ...filterQuery(filter), format });
}
export function createDeputy(body: CreateDeputyRequest): Promise<DeputyDetail> {
  return request<DeputyDetail>('POST', '/deputies', { body });
}
export function getDeputy(id: number): Promise<DeputyDetail> {
  return request<DeputyDetail>('GET', `/deputies/${id}`);
}
export function updateDeputy(id: number, body: DeputyInput): Promise<DeputyDetail> {
  return request<DeputyDetail>('PUT', `/deputies/${id}`, { body });
}
export function createMandate(deputyId: number, body: MandateInput): Promise<Mandate> {
  return request<Mandate>('POST', `/deputies/${deputyId}/mandates`, { body });
}
export function updateMandate(id: number, body: MandateUpdate): Promise<Mandate> {
  return request<Mandate>('PUT', `/mandates/${id}`, { body });
}

// --- standing-committee members ---
export async function listCommitteeMembers(congressId: number): Promise<CommitteeMember[]> {
  return (await request<Items<CommitteeMember>>('GET', `/congresses/${congressId}/committee-members`)).items;
}
export function createCommitteeMember(congressId: number, body: CommitteeMemberInput): Promise<CommitteeMember> {
  return request<CommitteeMember>('POST', `/congresses/${congressId}/committee-members`, { body });
}
export function updateCommitteeMember(id: number, body: CommitteeMemberInput): Promise<CommitteeMember> {
  return request<CommitteeMember>('PUT', `/committee-members/${id}`, { body });
}
export function committeeExportUrl(congressId: number, format: ExportFormat): string {
  return exportUrl(`/congresses/${congressId}/committee-members/export`, { format });
}

// --- voter representatives and panel ---
export async function listVoterReps(groupId: number): Promise<VoterRep[]> {
  return (await request<Items<VoterRep>>('GET', `/groups/${groupId}/voter-reps`)).items;
}
export function createVoterRep(groupId: number, body: VoterRepInput): Promise<VoterRep> {
  return request<VoterRep>('POST', `/groups/${groupId}/voter-reps`, { body });
}
export function updateVoterRep(id: number, body: VoterRepInput): Promise<VoterRep> {
  return request<VoterRep>('PUT', `/voter-reps/${id}`, { body });
}
export function voterRepsExportUrl(groupId: number, format: ExportFormat): string {
  return exportUrl(`/groups/${groupId}/voter-reps/export`, { format });
}
export function getPanel(groupId: number): Promise<Panel> {
  return request<Panel>('GET', `/groups/${groupId}/panel`);
}

// --- group membership (the organizer of the group's congress; deputies of the congresses above too) ---
export async function listGroupCandidates(groupId: number, q: string): Promise<RosterRow[]> {
  return (await request<{ items: RosterRow[] }>('GET', `/groups/${groupId}/candidates`, { query: { q: q.trim() || undefined } })).items;
}
export function addGroupMember(groupId: number, mandateId: number): Promise<Mandate> {
  return request<Mandate>('POST', `/groups/${groupId}/members`, { body: { mandate_id: mandateId } });
}
export function removeGroupMember(groupId: number, mandateId: number): Promise<Mandate> {
  return request<Mandate>('DELETE', `/groups/${groupId}/members/${mandateId}`);
}

// --- rotation ---
export function getRotation(groupId: number): Promise<Rotation> {
  return request<Rotation>('GET', `/groups/${groupId}/rotation`);
}
export function moveInRotation(groupId: number, deputyId: number, toYear: number | null, dryRun: boolean): Promise<MoveResult> {
  return request<MoveResult>('POST', `/groups/${groupId}/rotation/moves`, {
    body: { deputy_id: deputyId, to_year: toYear, dry_run: dryRun },
  });
}
export function setReported(groupId: number, deputyId: number, year: number | null): Promise<Rotation> {
  return request<Rotation>('PUT', `/groups/${groupId}/rotation/reported`, { body: { deputy_id: deputyId, year } });
}
export function rotationExportUrl(groupId: number, format: ExportFormat): string {
  return exportUrl(`/groups/${groupId}/rotation/export`, { format });
}
