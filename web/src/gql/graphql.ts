/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Whether an actor is a person or a service account. */
export type ActorKind =
  /** A person, signed in with their own token. */
  | 'HUMAN'
  /** A service acting with its own token (e.g. a client-credentials token with client_id). */
  | 'SERVICE';

/** The group a category belongs to: must-do work, or chosen work on features or on the speed of innovation. */
export type AllocationCategoryGroup =
  /** Chosen work on product features (innovation). */
  | 'FEATURES'
  /** Must-do work whatever the plan says: incidents, security, support, keeping the lights on. */
  | 'NON_ELECTIVE'
  /** Chosen work that speeds up innovation: productivity, tech debt, platform, reliability. */
  | 'TUNE_UP';

/** Innovation or tune-up: the second way to split the week (innovation + tune-up is always the whole week). */
export type AllocationNature =
  /** Product feature work, new or existing. */
  | 'INNOVATION'
  /** Everything that runs the business or speeds up innovation; non-elective work counts here too. */
  | 'TUNE_UP';

/** Every field narrows the trail; leave a field out to not filter on it. */
export type AuditTrailFilter = {
  /** Only events of this actor (Actor.id, the token subject). */
  actorId?: string | null | undefined;
  /** First log position to include. */
  fromPosition?: number | null | undefined;
  /** Record kinds (stream kinds), e.g. ["decision", "priorities"]. */
  kinds?: Array<string> | null | undefined;
  /** Recorded at or after. */
  recordedFrom?: string | null | undefined;
  /** Recorded before. */
  recordedTo?: string | null | undefined;
  /** Global id of one record. */
  subjectId?: string | number | null | undefined;
  /** Last log position to include. */
  toPosition?: number | null | undefined;
  /** Event types, e.g. ["DecisionSuperseded"]. */
  types?: Array<string> | null | undefined;
};

/** How a key result (or an objective, derived from its key results) is doing. */
export type CheckInStatus =
  /** May miss its target without a change. */
  | 'AT_RISK'
  /** Expected to miss its target. */
  | 'OFF_TRACK'
  /** Expected to reach its target. */
  | 'ON_TRACK';

/** Where a decision is in its lifecycle. */
export type DecisionStatus =
  /** In force: it may be revised, deprecated or superseded. */
  | 'ACCEPTED'
  /** No longer in force, with nothing replacing it; it can still be superseded. */
  | 'DEPRECATED'
  /** Put forward, not decided yet: it may be revised, accepted or rejected. */
  | 'PROPOSED'
  /** Turned down; final. */
  | 'REJECTED'
  /** Replaced by another decision (supersededBy); final. */
  | 'SUPERSEDED';

/** What kind of work an initiative is. */
export type InitiativeKind =
  /** New capability for customers. */
  | 'INNOVATION'
  /** The productivity, quality and platform work that keeps innovation possible. */
  | 'TUNE_UP';

/** PROPOSED -> ACTIVE -> DONE; PROPOSED or ACTIVE -> DROPPED; DROPPED -> PROPOSED. */
export type InitiativeStatus =
  /** Being worked on. */
  | 'ACTIVE'
  /** Finished; final. */
  | 'DONE'
  /** Given up; it can be proposed again. */
  | 'DROPPED'
  /** Put forward, not started; it can be ranked and scored. */
  | 'PROPOSED';

/** What is wrong with the log where verification stopped. */
export type IntegrityProblem =
  /** The event at the published head (expectedHead) has another hash, or the log ends before it: the log was rewritten or cut off. */
  | 'ANCHOR_MISMATCH'
  /** Recomputing an event's hash gives another value: the event was altered. */
  | 'HASH_MISMATCH'
  /** A log position is missing: an event was deleted. */
  | 'POSITION_GAP'
  /** An event's previousHash is not the hash of the event before it: the chain was cut or reordered. */
  | 'PREVIOUS_HASH_MISMATCH'
  /** The copy of an event in its record's stream differs from the log. */
  | 'STREAM_COPY_MISMATCH'
  /** The copy of an event in its record's stream is missing. */
  | 'STREAM_COPY_MISSING'
  /** A record stream holds an event the log does not. */
  | 'STREAM_ITEM_NOT_IN_LOG'
  /** A record's versions skip one: one of its events is missing. */
  | 'STREAM_VERSION_GAP';

/** How a key result is measured. */
export type KeyResultKind =
  /** A number moving from a baseline to a target, in a unit. */
  | 'METRIC'
  /** Done or not. */
  | 'MILESTONE';

/** Which way a metric has to move to reach its target. */
export type MetricDirection =
  /** Down: the target is below the baseline. */
  | 'DECREASE'
  /** Up: the target is above the baseline. */
  | 'INCREASE';

/** Whose objective it is. */
export type ObjectiveLevel =
  /** An objective of the whole company. */
  | 'COMPANY'
  /** An objective of one person (owner). */
  | 'INDIVIDUAL'
  /** An objective of one team (ownerTeam). */
  | 'TEAM';

/** How a closed objective ended. */
export type ObjectiveOutcome =
  /** It was met. */
  | 'ACHIEVED'
  /** It was given up before the end. */
  | 'DROPPED'
  /** It was not met. */
  | 'MISSED'
  /** Part of it was met. */
  | 'PARTIALLY_ACHIEVED';

/** Whether an objective is still being worked towards. */
export type ObjectiveStatus =
  /** Open: it can be revised and its key results checked in. */
  | 'ACTIVE'
  /** Closed with an outcome and a closing note; it can be carried over into a later cycle. */
  | 'CLOSED';

/** What a change did to the initiative it names. */
export type PriorityChangeKind =
  /** Put on the list at toRank. */
  | 'ADDED'
  /** Moved to a lower place (a larger rank number). */
  | 'MOVED_DOWN'
  /** Moved to a higher place (a smaller rank number). */
  | 'MOVED_UP'
  /** Taken off the list (removeFromPriorities). */
  | 'REMOVED';

/** What a revisit of a tradeoff concluded. */
export type RevisitOutcome =
  /** It no longer does: the tradeoff becomes REVERSED. */
  | 'REVERSED'
  /** The choice still holds; a next revisit date may be set. */
  | 'UPHELD';

/** PRODUCT teams build features; PLATFORM and INFRASTRUCTURE teams build what product teams build on. */
export type TeamKind =
  /** Runs the systems everything else runs on. */
  | 'INFRASTRUCTURE'
  /** Builds the shared components and tools product teams build on. */
  | 'PLATFORM'
  /** Builds product features for customers. */
  | 'PRODUCT';

/** Whether a tradeoff still holds. */
export type TradeoffStatus =
  /** The choice holds. */
  | 'IN_EFFECT'
  /** A revisit found it no longer does; final. */
  | 'REVERSED';

export type LedgerHeadQueryVariables = Exact<{ [key: string]: never; }>;


export type LedgerHeadQuery = { head: { version: number } };

export type LedgerStartQueryVariables = Exact<{ [key: string]: never; }>;


export type LedgerStartQuery = { start: { asOf: string | null } };

export type AuditAccessQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditAccessQuery = { auditTrail: { totalCount: number } };

export type AllocationSetupQueryVariables = Exact<{
  asOf?: string | null | undefined;
  atPosition?: number | null | undefined;
  first: number;
}>;


export type AllocationSetupQuery = { teams: { edges: Array<{ node: { key: string, name: string, kind: TeamKind, headcount: number, since: string } }> }, allocationCategories: Array<{ key: string, name: string, group: AllocationCategoryGroup, nature: AllocationNature, elective: boolean }> };

export type AllocationWeekFieldsFragment = { week: string, startsOn: string, headcount: number, teamsReported: number, driftFlagged: boolean, splits: { elective: number, nonElective: number, innovation: number, tuneUp: number } | null, entries: Array<{ percent: number, category: { key: string } }>, drift: Array<{ target: number, tolerance: number, actual: number, drift: number, outside: boolean, category: { key: string, name: string } }>, target: { fromWeek: string, reason: string | null, team: { key: string } | null, decision: { id: string, title: string } | null } | null, report: { corrections: number } | null };

export type AllocationTrendsQueryVariables = Exact<{
  asOf?: string | null | undefined;
  atPosition?: number | null | undefined;
  team?: string | null | undefined;
  fromWeek: string;
  toWeek: string;
}>;


export type AllocationTrendsQuery = { allocationTrend: Array<{ week: string, startsOn: string, headcount: number, teamsReported: number, driftFlagged: boolean, splits: { elective: number, nonElective: number, innovation: number, tuneUp: number } | null, entries: Array<{ percent: number, category: { key: string } }>, drift: Array<{ target: number, tolerance: number, actual: number, drift: number, outside: boolean, category: { key: string, name: string } }>, target: { fromWeek: string, reason: string | null, team: { key: string } | null, decision: { id: string, title: string } | null } | null, report: { corrections: number } | null }> };

export type StaffingPageQueryVariables = Exact<{
  asOf?: string | null | undefined;
  atPosition?: number | null | undefined;
  fromWeek: string;
  toWeek: string;
}>;


export type StaffingPageQuery = { staffingBalance: Array<{ week: string, startsOn: string, headcount: number, reportedHeadcount: number, kinds: Array<{ kind: TeamKind, teams: number, headcount: number, headcountPercent: number, reportedPercent: number }> }> };

export type AuditPageQueryVariables = Exact<{
  asOf?: string | null | undefined;
  atPosition?: number | null | undefined;
  filter?: AuditTrailFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditPageQuery = { auditTrail: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, position: number, type: string, subjectKind: string, subjectId: string, version: number, recordedAt: string, reason: string | null, idempotencyKey: string | null, schemaVersion: number, payload: unknown, hash: string, previousHash: string, actor: { id: string, name: string, kind: ActorKind } } }> } };

export type VerifyIntegrityQueryVariables = Exact<{
  toPosition?: number | null | undefined;
}>;


export type VerifyIntegrityQuery = { verifyIntegrity: { ok: boolean, checked: number, fromPosition: number, headPosition: number, headHash: string, failure: { position: number, problem: IntegrityProblem, message: string } | null } };

export type DecisionsPageQueryVariables = Exact<{
  asOf?: string | null | undefined;
  atPosition?: number | null | undefined;
  first: number;
}>;


export type DecisionsPageQuery = { decisions: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: DecisionStatus, owner: string | null, createdAt: string, updatedAt: string, context: string | null, rationale: string, consequences: string | null, chosenOption: string | null, tags: Array<string>, recordedBy: { name: string } | null, options: Array<{ title: string, pros: Array<string>, cons: Array<string> }>, supersededBy: { id: string, title: string } | null, supersedes: Array<{ id: string, title: string }> } }> }, tradeoffs: { totalCount: number, edges: Array<{ node: { id: string, title: string, chose: string, over: string, rationale: string, status: TradeoffStatus, revisitBy: string | null, dueForRevisit: boolean, createdAt: string, recordedBy: { name: string } | null, relatedTo: Array<
          | { __typename: 'Alert', id: string }
          | { __typename: 'AlertRule', id: string }
          | { __typename: 'AllocationReport', id: string }
          | { __typename: 'AllocationTarget', fromWeek: string, id: string, team: { name: string } | null }
          | { __typename: 'AllocationTaxonomies', id: string }
          | { __typename: 'AuditEvent', id: string }
          | { __typename: 'Cadence', id: string }
          | { __typename: 'Cycles', id: string }
          | { __typename: 'Decision', title: string, id: string }
          | { __typename: 'Initiative', title: string, id: string }
          | { __typename: 'KeyResult', title: string, id: string }
          | { __typename: 'KeyResultCheckIn', id: string }
          | { __typename: 'Objective', id: string }
          | { __typename: 'Person', id: string }
          | { __typename: 'PriorityList', id: string }
          | { __typename: 'Team', id: string }
          | { __typename: 'Tradeoff', id: string }
          | { __typename: 'Webhook', id: string }
        >, revisits: Array<{ outcome: RevisitOutcome, reason: string | null, revisitedAt: string, nextRevisitBy: string | null, revisitedBy: { name: string } }> } }> }, tradeoffsDueForRevisit: Array<{ id: string, title: string, revisitBy: string | null }> };

export type OkrsPageQueryVariables = Exact<{
  asOf?: string | null | undefined;
  atPosition?: number | null | undefined;
  first: number;
}>;


export type OkrsPageQuery = { objectives: { totalCount: number, edges: Array<{ node: { id: string, cycle: string, cycleStart: string, cycleEnd: string, title: string, level: ObjectiveLevel, status: ObjectiveStatus, outcome: ObjectiveOutcome | null, progress: number | null, owner: string | null, ownerTeam: { key: string, name: string } | null, alignedTo:
          | { __typename: 'KeyResult', id: string, title: string }
          | { __typename: 'Objective', id: string, title: string }
         | null, keyResults: Array<{ id: string, title: string, kind: KeyResultKind, status: CheckInStatus | null, progress: number, baseline: number | null, target: number | null, unit: string | null, direction: MetricDirection | null, grade: number | null, owner: string | null, latestCheckIn: { reportedFor: string, value: number, confidence: number, status: CheckInStatus, note: string | null } | null, checkIns: Array<{ id: string, reportedFor: string, value: number, confidence: number, status: CheckInStatus, note: string | null, done: boolean | null }>, targetHistory: Array<{ previousTarget: number, target: number, reason: string | null, recordedAt: string, decision: { id: string, title: string } | null }> }> } }> } };

export type PrioritiesPageQueryVariables = Exact<{
  asOf?: string | null | undefined;
  atPosition?: number | null | undefined;
  changes: number;
}>;


export type PrioritiesPageQuery = { priorities: { version: number, updatedAt: string | null, entries: Array<{ rank: number, since: string, initiative: { id: string, title: string, kind: InitiativeKind, owner: string, status: InitiativeStatus }, score: { score: number, customerImpact: number, businessImpact: number, operationalEfficiency: number, effort: number, confidence: number, formulaVersion: number } | null }> }, priorityChanges: { totalCount: number, edges: Array<{ node: { kind: PriorityChangeKind, fromRank: number | null, toRank: number | null, reason: string, recordedAt: string, listVersion: number, actor: { name: string, kind: ActorKind }, initiative: { id: string, title: string, status: InitiativeStatus }, evidence: Array<
          | { __typename: 'Alert', id: string }
          | { __typename: 'AlertRule', id: string }
          | { __typename: 'AllocationReport', week: string, driftFlagged: boolean, id: string, team: { key: string, name: string } }
          | { __typename: 'AllocationTarget', id: string }
          | { __typename: 'AllocationTaxonomies', id: string }
          | { __typename: 'AuditEvent', id: string }
          | { __typename: 'Cadence', id: string }
          | { __typename: 'Cycles', id: string }
          | { __typename: 'Decision', title: string, id: string, decisionStatus: DecisionStatus }
          | { __typename: 'Initiative', id: string }
          | { __typename: 'KeyResult', id: string }
          | { __typename: 'KeyResultCheckIn', reportedFor: string, value: number, note: string | null, id: string, checkInStatus: CheckInStatus, keyResult: { id: string, title: string, unit: string | null } }
          | { __typename: 'Objective', id: string }
          | { __typename: 'Person', id: string }
          | { __typename: 'PriorityList', id: string }
          | { __typename: 'Team', id: string }
          | { __typename: 'Tradeoff', title: string, chose: string, over: string, id: string }
          | { __typename: 'Webhook', id: string }
        > } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AllocationWeekFieldsFragmentDoc = new TypedDocumentString(`fragment AllocationWeekFields on AllocationWeek{week startsOn headcount teamsReported driftFlagged splits{elective nonElective innovation tuneUp}entries{category{key}percent}drift{category{key name}target tolerance actual drift outside}target{fromWeek reason team{key}decision{id title}}report{corrections}}`, {"fragmentName":"AllocationWeekFields"}) as unknown as TypedDocumentString<AllocationWeekFieldsFragment, unknown>;
export const LedgerHeadDocument = new TypedDocumentString(`query LedgerHead{head:priorities{version}}`) as unknown as TypedDocumentString<LedgerHeadQuery, LedgerHeadQueryVariables>;
export const LedgerStartDocument = new TypedDocumentString(`query LedgerStart{start:priorities(atPosition:1){asOf}}`) as unknown as TypedDocumentString<LedgerStartQuery, LedgerStartQueryVariables>;
export const AuditAccessDocument = new TypedDocumentString(`query AuditAccess{auditTrail(first:1){totalCount}}`) as unknown as TypedDocumentString<AuditAccessQuery, AuditAccessQueryVariables>;
export const AllocationSetupDocument = new TypedDocumentString(`query AllocationSetup($asOf:DateTime$atPosition:Int$first:Int!){teams(asOf:$asOf atPosition:$atPosition first:$first){edges{node{key name kind headcount since}}}allocationCategories{key name group nature elective}}`) as unknown as TypedDocumentString<AllocationSetupQuery, AllocationSetupQueryVariables>;
export const AllocationTrendsDocument = new TypedDocumentString(`query AllocationTrends($asOf:DateTime$atPosition:Int$team:String$fromWeek:String!$toWeek:String!){allocationTrend(asOf:$asOf atPosition:$atPosition team:$team fromWeek:$fromWeek toWeek:$toWeek){...AllocationWeekFields}}fragment AllocationWeekFields on AllocationWeek{week startsOn headcount teamsReported driftFlagged splits{elective nonElective innovation tuneUp}entries{category{key}percent}drift{category{key name}target tolerance actual drift outside}target{fromWeek reason team{key}decision{id title}}report{corrections}}`) as unknown as TypedDocumentString<AllocationTrendsQuery, AllocationTrendsQueryVariables>;
export const StaffingPageDocument = new TypedDocumentString(`query StaffingPage($asOf:DateTime$atPosition:Int$fromWeek:String!$toWeek:String!){staffingBalance(asOf:$asOf atPosition:$atPosition fromWeek:$fromWeek toWeek:$toWeek){week startsOn headcount reportedHeadcount kinds{kind teams headcount headcountPercent reportedPercent}}}`) as unknown as TypedDocumentString<StaffingPageQuery, StaffingPageQueryVariables>;
export const AuditPageDocument = new TypedDocumentString(`query AuditPage($asOf:DateTime$atPosition:Int$filter:AuditTrailFilter$first:Int$after:String){auditTrail(asOf:$asOf atPosition:$atPosition filter:$filter first:$first after:$after){totalCount pageInfo{hasNextPage endCursor}edges{node{id position type subjectKind subjectId version recordedAt reason idempotencyKey schemaVersion payload hash previousHash actor{id name kind}}}}}`) as unknown as TypedDocumentString<AuditPageQuery, AuditPageQueryVariables>;
export const VerifyIntegrityDocument = new TypedDocumentString(`query VerifyIntegrity($toPosition:Int){verifyIntegrity(toPosition:$toPosition){ok checked fromPosition headPosition headHash failure{position problem message}}}`) as unknown as TypedDocumentString<VerifyIntegrityQuery, VerifyIntegrityQueryVariables>;
export const DecisionsPageDocument = new TypedDocumentString(`query DecisionsPage($asOf:DateTime$atPosition:Int$first:Int!){decisions(asOf:$asOf atPosition:$atPosition first:$first){totalCount edges{node{id title status owner createdAt updatedAt context rationale consequences chosenOption tags recordedBy{name}options{title pros cons}supersededBy{id title}supersedes{id title}}}}tradeoffs(asOf:$asOf atPosition:$atPosition first:$first){totalCount edges{node{id title chose over rationale status revisitBy dueForRevisit createdAt recordedBy{name}relatedTo{__typename id ...on Decision{title}...on KeyResult{title}...on Initiative{title}...on AllocationTarget{fromWeek team{name}}}revisits{outcome reason revisitedAt nextRevisitBy revisitedBy{name}}}}}tradeoffsDueForRevisit(asOf:$asOf atPosition:$atPosition){id title revisitBy}}`) as unknown as TypedDocumentString<DecisionsPageQuery, DecisionsPageQueryVariables>;
export const OkrsPageDocument = new TypedDocumentString(`query OkrsPage($asOf:DateTime$atPosition:Int$first:Int!){objectives(asOf:$asOf atPosition:$atPosition first:$first){totalCount edges{node{id cycle cycleStart cycleEnd title level status outcome progress owner ownerTeam{key name}alignedTo{__typename ...on Objective{id title}...on KeyResult{id title}}keyResults{id title kind status progress baseline target unit direction grade owner latestCheckIn{reportedFor value confidence status note}checkIns{id reportedFor value confidence status note done}targetHistory{previousTarget target reason recordedAt decision{id title}}}}}}}`) as unknown as TypedDocumentString<OkrsPageQuery, OkrsPageQueryVariables>;
export const PrioritiesPageDocument = new TypedDocumentString(`query PrioritiesPage($asOf:DateTime$atPosition:Int$changes:Int!){priorities(asOf:$asOf atPosition:$atPosition){version updatedAt entries{rank since initiative{id title kind owner status}score{score customerImpact businessImpact operationalEfficiency effort confidence formulaVersion}}}priorityChanges(asOf:$asOf atPosition:$atPosition last:$changes){totalCount edges{node{kind fromRank toRank reason recordedAt listVersion actor{name kind}initiative{id title status}evidence{__typename id ...on Decision{title decisionStatus:status}...on Tradeoff{title chose over}...on KeyResultCheckIn{reportedFor value checkInStatus:status note keyResult{id title unit}}...on AllocationReport{week driftFlagged team{key name}}}}}}}`) as unknown as TypedDocumentString<PrioritiesPageQuery, PrioritiesPageQueryVariables>;