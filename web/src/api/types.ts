// Names for the schema types used across the app, taken from the generated OpenAPI types.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type Role = Schemas['Role'];
export type RoleGrant = Schemas['RoleGrant'];
/** A role grant in a user reply: the grant with the names of its scope. */
export type UserRoleGrant = Schemas['UserRoleGrant'];
export type SessionInfo = Schemas['SessionInfo'];
export type LoginRequest = Schemas['LoginRequest'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type UpdateUserRequest = Schemas['UpdateUserRequest'];
export type ResetPasswordRequest = Schemas['ResetPasswordRequest'];
export type UserPage = Schemas['UserPage'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditHead = Schemas['AuditHead'];
export type AuditPage = Schemas['AuditPage'];
export type Health = Schemas['Health'];

export const ROLES: readonly Role[] = ['admin', 'organizer', 'reviewer', 'group_leader', 'deputy'];

// Registry (congresses, terms, groups, deputies, evaluator pools, rotation) and imports.
export type CongressLevel = Schemas['CongressLevel'];
export type Gender = Schemas['Gender'];
export type Occupation = Schemas['Occupation'];
export type MandateStatus = Schemas['MandateStatus'];
export type ConstituencyKind = Schemas['ConstituencyKind'];
export type Congress = Schemas['Congress'];
export type CongressInput = Schemas['CongressInput'];
export type Term = Schemas['Term'];
export type TermInput = Schemas['TermInput'];
export type Constituency = Schemas['Constituency'];
export type ConstituencyInput = Schemas['ConstituencyInput'];
export type PanelTargets = Schemas['PanelTargets'];
export type Group = Schemas['Group'];
export type GroupInput = Schemas['GroupInput'];
export type Deputy = Schemas['Deputy'];
export type DeputyInput = Schemas['DeputyInput'];
export type Mandate = Schemas['Mandate'];
export type MandateInput = Schemas['MandateInput'];
export type MandateUpdate = Schemas['MandateUpdate'];
export type DeputyDetail = Schemas['DeputyDetail'];
export type CreateDeputyRequest = Schemas['CreateDeputyRequest'];
export type RosterRow = Schemas['RosterRow'];
export type RosterPage = Schemas['RosterPage'];
export type RosterDimension = Schemas['RosterDimension'];
export type RosterStats = Schemas['RosterStats'];
export type CommitteeMember = Schemas['CommitteeMember'];
export type CommitteeMemberInput = Schemas['CommitteeMemberInput'];
export type VoterRep = Schemas['VoterRep'];
export type VoterRepInput = Schemas['VoterRepInput'];
export type Panel = Schemas['Panel'];
export type PanelDimension = Schemas['PanelDimension'];
export type Rotation = Schemas['Rotation'];
export type RotationPerson = Schemas['RotationPerson'];
export type RotationYear = Schemas['RotationYear'];
export type RotationState = Schemas['RotationState'];
export type MoveResult = Schemas['MoveResult'];
export type ImportKind = Schemas['ImportKind'];
export type ImportJob = Schemas['ImportJob'];
export type ImportProblem = ImportJob['problems'][number];
export type ImportState = Schemas['ImportState'];
export type ImportMappingRequest = Schemas['ImportMappingRequest'];
export type ImportApplyRequest = Schemas['ImportApplyRequest'];

export const LEVELS: readonly CongressLevel[] = ['national', 'provincial', 'municipal', 'county', 'township'];
export const GENDERS: readonly Gender[] = ['male', 'female'];
export const OCCUPATIONS: readonly Occupation[] = [
  'civil_servant',
  'enterprise_head',
  'public_institution_head',
  'farmer',
  'professional',
  'worker',
  'other',
];
export const MANDATE_STATUSES: readonly MandateStatus[] = ['active', 'resigned', 'recalled', 'deceased'];
export const CONSTITUENCY_KINDS: readonly ConstituencyKind[] = ['constituency', 'electoral_unit'];
export const IMPORT_KINDS: readonly ImportKind[] = ['deputies', 'voter_reps', 'committee_members'];

// Campaigns (述职评议活动) and duty reports.
export type Campaign = Schemas['Campaign'];
export type CampaignSpec = Schemas['CampaignSpec'];
export type CampaignState = Campaign['state'];
export type CampaignTemplate = NonNullable<CampaignSpec['template_code']>;
export type CampaignPhase = Schemas['CampaignPhase'];
export type CampaignTask = Schemas['CampaignTask'];
export type ScaleOption = Schemas['ScaleOption'];
export type Disclosure = NonNullable<CampaignSpec['disclosure']>;
export type ReportingDeputy = Schemas['ReportingDeputy'];
export type ReportingDeputies = Schemas['ReportingDeputies'];
export type Report = Schemas['Report'];
export type ReportState = NonNullable<Report['state']>;
export type ReportSection = Schemas['ReportSection'];
export type ReportContent = Schemas['ReportContent'];
export type ReportVersion = NonNullable<Report['versions']>[number];
export type ReportReview = NonNullable<Report['reviews']>[number];
export type CreateCampaignRequest = JsonBody<paths['/campaigns']['post']>;
export type ReviewRequest = JsonBody<paths['/campaigns/{id}/reports/{deputy_id}/review']['post']>;
export type ReportProgress = JsonOk<paths['/campaigns/{id}/reports']['get']>;
export type ReportProgressRow = NonNullable<ReportProgress['items']>[number];
export type ReportDiff = JsonOk<paths['/campaigns/{id}/reports/{deputy_id}/diff']['get']>;
export type DocxParagraphs = JsonOk<paths['/campaigns/{id}/reports/{deputy_id}/docx']['post']>;
export type DiffSegment = NonNullable<NonNullable<ReportDiff['sections']>[number]['segments']>[number];

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type JsonOk<Op> = Op extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;

export const CAMPAIGN_STATES: readonly CampaignState[] = ['draft', 'active', 'closed', 'archived'];
export const CAMPAIGN_TEMPLATES: readonly CampaignTemplate[] = ['committee', 'voter', 'custom'];
export const REPORT_STATES: readonly ReportState[] = ['not_started', 'draft', 'submitted', 'returned', 'accepted'];

// Opinions (意见建议) of constituents to deputies, the public form (代表码) and the campaign dashboard.
export type Opinion = Schemas['Opinion'];
export type OpinionSource = NonNullable<Opinion['source']>;
export type OpinionStatus = NonNullable<Opinion['status']>;
export type RecordOpinionRequest = JsonBody<paths['/deputies/{id}/opinions']['post']>;
export type OpinionLink = JsonCreated<paths['/deputies/{id}/opinion-link']['post']>;
export type PublicOpinionForm = JsonOk<paths['/public/opinion-forms/{token}']['get']>;
export type PublicOpinionRequest = JsonBody<paths['/public/opinion-forms/{token}']['post']>;
export type CampaignDashboard = JsonOk<paths['/campaigns/{id}/dashboard']['get']>;
export type DashboardGroup = NonNullable<CampaignDashboard['groups']>[number];

type JsonCreated<Op> = Op extends { responses: { 201: { content: { 'application/json': infer R } } } } ? R : never;

/** The ways an opinion is recorded by hand (online ones come through the public form). */
export const RECORDED_SOURCES: readonly OpinionSource[] = ['visit', 'forum', 'meeting_question'];

// The home page's workbench (工作台): each role's cards of what waits, with counts and where to go.
export type Workbench = Schemas['Workbench'];
export type WorkbenchCard = Schemas['WorkbenchCard'];
export type WorkbenchCardKind = WorkbenchCard['kind'];
export type WorkbenchLink = Schemas['WorkbenchLink'];
export type WorkbenchReport = Schemas['WorkbenchReport'];

// In-app notifications (the bell in the header).
export type NotificationList = JsonOk<paths['/notifications']['get']>;
export type Notification = NonNullable<NotificationList['items']>[number];
export type NotificationKind = NonNullable<Notification['kind']>;

// Reporting meetings (述职大会): agenda, check-in, carriers, the chair's console, polls, paper
// entry, results and the public projector.
export type Meeting = Schemas['Meeting'];
export type MeetingSummary = Schemas['MeetingSummary'];
export type MeetingLive = Schemas['MeetingLive'];
export type MeetingAttendee = Meeting['attendees'][number];
export type AgendaItem = Meeting['agenda'][number];
export type MeetingScaleOption = Meeting['scale'][number];
export type PollSummary = Schemas['PollSummary'];
export type PollState = PollSummary['state'];
export type PollMode = Meeting['poll_mode'];
export type PaperStatus = Schemas['PaperStatus'];
export type PollResult = Schemas['PollResult'];
export type ResultRecord = Schemas['ResultRecord'];
export type ResultDeputy = ResultRecord['deputies'][number];
/** A deputy's own result (GET /me/results): an announced one, or a private one released to them. */
export type MyResult = JsonOk<paths['/me/results']['get']>['items'][number];
export type MyResultRow = MyResult['row'];
export type Board = Schemas['Board'];
export type ProjectorState = Schemas['ProjectorState'];
export type ProjectorPoll = ProjectorState['polls'][number];
export type ProjectorCounts = Schemas['ProjectorCounts'];
export type CreateMeetingRequest = JsonBody<paths['/campaigns/{id}/meetings']['post']>;
export type UpdateMeetingRequest = JsonBody<paths['/meetings/{id}']['put']>;
export type AddAttendeeRequest = JsonBody<paths['/meetings/{id}/attendees']['post']>;
export type ConsoleCommand = JsonBody<paths['/meetings/{id}/console']['post']>;
export type ConsoleKind = ConsoleCommand['kind'];
export type AgendaStage = NonNullable<ConsoleCommand['stage']>;
export type Channel = JsonBody<paths['/meetings/{id}/carriers']['post']>['channel'];
export type PaperChoice = JsonBody<paths['/polls/{id}/paper-sheets']['post']>['choices'][number];
export type PaperOutcome = JsonOk<paths['/polls/{id}/paper-sheets']['post']>['outcome'];
export const AGENDA_STAGES: readonly AgendaStage[] = ['report', 'questions', 'evaluation', 'remarks'];

// The feedback talk (谈话反馈) after a private result: the group leader tells each deputy their
// result, records when, how and by whom, and may release the result in the same step; the deputy
// confirms having received it.
export type FeedbackRecord = Schemas['FeedbackRecord'];
export type FeedbackItem = Schemas['FeedbackItem'];
export type MyFeedback = Schemas['MyFeedback'];
export type FeedbackMethod = FeedbackRecord['method'];
export type RecordFeedbackRequest = JsonBody<paths['/polls/{id}/feedback/{deputy_id}']['put']>;
export const FEEDBACK_METHODS: readonly FeedbackMethod[] = ['in_person', 'phone', 'letter'];

// Rectification measures (整改措施): what a deputy undertakes after an evaluation, its progress
// notes with evidence files, and the review by the group leader or an organizer.
export type Measure = Schemas['Measure'];
export type MeasureDetail = Schemas['MeasureDetail'];
export type MeasureNote = Schemas['MeasureNote'];
export type MeasureOpinion = Schemas['MeasureOpinion'];
export type EvidenceFile = Schemas['EvidenceFile'];
export type EvidenceType = EvidenceFile['media_type'];
export type MeasureTarget = Schemas['MeasureTarget'];
export type MeasureState = Schemas['MeasureState'];
export type MyMeasures = JsonOk<paths['/me/measures']['get']>;
export type CreateMeasureRequest = JsonBody<paths['/measures']['post']>;
export type UpdateMeasureRequest = JsonBody<paths['/measures/{id}']['patch']>;
export type MeasureReviewRequest = JsonBody<paths['/measures/{id}/review']['post']>;
export type MeasureDecision = MeasureReviewRequest['decision'];
export type DashboardMeasures = NonNullable<DashboardGroup['measures']>;
export const MEASURE_STATES: readonly MeasureState[] = ['open', 'done', 'returned', 'accepted'];

// Campaign archives (归档): one numbered ZIP per group with a signed manifest, built in the background.
export type Archive = Schemas['Archive'];
export type ArchiveState = Schemas['ArchiveState'];
// The annual assessment and the duty record.
export type Assessment = Schemas['Assessment'];
export type AssessmentRow = Schemas['AssessmentRow'];
export type AssessmentResult = Schemas['AssessmentResult'];
export type DutyRecord = Schemas['DutyRecord'];
