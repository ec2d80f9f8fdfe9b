import { createHash, randomUUID } from 'node:crypto';
import type { HogQLEvent } from '../hogql/hogql-event.js';
import { hashKeyValue } from '../core/key-hash.js';
import type {
  AnnotationRecord,
  CohortRecord,
  EventDefinitionRecord,
  FeatureFlagRecord,
  InsightRecord,
  OrganizationRecord,
  PersonalApiKeyRecord,
  ProjectRecord,
  SurveyRecord,
  UserRecord,
} from './simulator.models.js';

/** Everything the simulator knows, in memory. Seeds fill it; routes and the control API read and change it. */
export class SimulatorState {
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly projects = new Map<number, ProjectRecord>();
  readonly users = new Map<number, UserRecord>();
  readonly keys = new Map<string, PersonalApiKeyRecord>();
  readonly cohorts = new Map<number, CohortRecord>();
  readonly featureFlags = new Map<number, FeatureFlagRecord>();
  readonly surveys = new Map<string, SurveyRecord>();
  readonly annotations = new Map<number, AnnotationRecord>();
  readonly insights = new Map<number, InsightRecord>();
  readonly eventDefinitions = new Map<number, Map<string, EventDefinitionRecord>>();
  private readonly events = new Map<number, HogQLEvent[]>();
  private readonly keysByHash = new Map<string, PersonalApiKeyRecord>();
  private readonly sequences = { cohort: 1000, featureFlag: 1000, annotation: 1000, insight: 1000 };

  nextId(kind: keyof SimulatorState['sequences']): number {
    return ++this.sequences[kind];
  }

  /** Seeds use fixed ids; keep the sequence above them so created objects never collide. */
  bumpSequence(kind: keyof SimulatorState['sequences'], usedId: number): void {
    if (usedId > this.sequences[kind]) this.sequences[kind] = usedId;
  }

  addKey(record: PersonalApiKeyRecord): void {
    this.keys.set(record.id, record);
    this.keysByHash.set(record.secureValue, record);
  }

  removeKey(id: string): boolean {
    const record = this.keys.get(id);
    if (!record) return false;
    this.keys.delete(id);
    this.keysByHash.delete(record.secureValue);
    return true;
  }

  findKeyByValue(value: string): PersonalApiKeyRecord | undefined {
    return this.keysByHash.get(hashKeyValue(value));
  }

  projectByToken(token: string): ProjectRecord | undefined {
    for (const project of this.projects.values()) if (project.api_token === token) return project;
    return undefined;
  }

  isMember(user: UserRecord, project: ProjectRecord): boolean {
    return user.memberships.some((m) => m.organizationId === project.organizationId);
  }

  membershipLevel(user: UserRecord, organizationId: string): number | null {
    return user.memberships.find((m) => m.organizationId === organizationId)?.level ?? null;
  }

  /** The live array for a project (the HogQL engine scans it directly; do not copy a million rows per query). */
  eventsOf(projectId: number): readonly HogQLEvent[] {
    return this.events.get(projectId) ?? [];
  }

  /**
   * Appends events and keeps event definitions in step, as PostHog's ingestion pipeline does: a first-seen name
   * gets a definition, and `last_seen_at` moves forward.
   */
  addEvents(projectId: number, events: readonly HogQLEvent[], createdAtIso: string): void {
    let list = this.events.get(projectId);
    if (!list) {
      list = [];
      this.events.set(projectId, list);
    }
    const latestByName = new Map<string, number>();
    for (const event of events) {
      list.push(event);
      const seen = latestByName.get(event.event);
      if (seen === undefined || event.timestamp > seen) latestByName.set(event.event, event.timestamp);
    }
    for (const [name, lastSeen] of latestByName) this.touchDefinition(projectId, name, lastSeen, createdAtIso);
  }

  definitionsOf(projectId: number): EventDefinitionRecord[] {
    return [...(this.eventDefinitions.get(projectId)?.values() ?? [])];
  }

  private touchDefinition(projectId: number, name: string, lastSeenMs: number, createdAtIso: string): void {
    let byName = this.eventDefinitions.get(projectId);
    if (!byName) {
      byName = new Map();
      this.eventDefinitions.set(projectId, byName);
    }
    const existing = byName.get(name);
    if (existing) {
      if (existing.lastSeenMs === null || lastSeenMs > existing.lastSeenMs) existing.lastSeenMs = lastSeenMs;
      return;
    }
    byName.set(name, { projectId, id: definitionId(projectId, name), name, created_at: createdAtIso, lastSeenMs });
  }
}

/** Stable per (project, distinct_id), so every event of one visitor carries the same person_id. */
export function personIdFor(projectId: number, distinctId: string): string {
  return uuidFromHash(`person:${projectId}:${distinctId}`);
}

function definitionId(projectId: number, name: string): string {
  return uuidFromHash(`event-definition:${projectId}:${name}`);
}

export function uuidFromHash(input: string): string {
  const h = createHash('sha256').update(input).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function newUuid(): string {
  return randomUUID();
}
