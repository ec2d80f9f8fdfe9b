import { z } from 'zod';
import type { HogQLEvent } from '../hogql/hogql-event.js';
import { isoMicros } from '../core/clock.js';
import { hashKeyValue, maskKeyValue } from '../core/key-hash.js';
import { Prng } from '../core/prng.js';
import type { FaultInfo, FaultSpec } from '../faults/fault.registry.js';
import type { RequestCounter, RequestLogEntry } from '../log/request-log.js';
import { DEMO_USER_ID } from '../seed/seed.constants.js';
import { SEED_NAMES, type SeedName } from '../seed/seed.registry.js';
import type { SimulatorRuntime } from '../simulator.runtime.js';
import type { PersonalApiKeyRecord } from '../state/simulator.models.js';
import { newUuid, personIdFor, type SimulatorState } from '../state/simulator.state.js';
import { parseRate, type ThrottleSettings } from '../throttle/throttle.js';

/** An event to add through the control API; everything but `event` and `distinct_id` has a default. */
export interface EventInput {
  event: string;
  distinct_id: string;
  /** ISO string or epoch ms; default: the simulator's now. */
  timestamp?: string | number;
  properties?: Record<string, unknown>;
  uuid?: string;
  person_id?: string;
}

export interface KeyInput {
  /** The raw key; generated (`phx_…`) when omitted. Only its hash is stored. */
  value?: string;
  label?: string;
  /** Default `["*"]`. */
  scopes?: string[];
  scoped_teams?: number[];
  scoped_organizations?: string[];
}

export type KeyPatch = Omit<KeyInput, 'value'>;

/** A key as the control API shows it: never the value, only the mask. */
export interface KeyInfo {
  id: string;
  label: string;
  mask_value: string;
  scopes: string[];
  scoped_teams: number[];
  scoped_organizations: string[];
  created_at: string;
  last_used_at: string | null;
  user_id: number;
}

export interface CreatedKey extends KeyInfo {
  /** Returned once, at creation, like PostHog does. */
  value: string;
}

export interface ResetOptions {
  seed?: SeedName;
  events?: number;
}

export interface SimulatorSummary {
  seed: SeedName;
  now: string;
  projects: { id: number; name: string; api_token: string; api_query_rate_limit: string | null; events: number }[];
  throttling: ThrottleSettings;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const scopeSchema = z.string().regex(/^(\*|[a-z_]+:(read|write))$/, 'scopes are "*" or "<object>:read|write"');
const keyPatchSchema = z.object({
  label: z.string().max(40).optional(),
  scopes: z.array(scopeSchema).optional(),
  scoped_teams: z.array(z.number().int()).optional(),
  scoped_organizations: z.array(z.string()).optional(),
});
const keyInputSchema = keyPatchSchema.extend({ value: z.string().min(8).optional() });
const eventInputSchema = z.object({
  event: z.string().min(1),
  distinct_id: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  uuid: z.string().uuid().optional(),
  person_id: z.string().optional(),
});
const throttlingSchema = z.object({ enabled: z.boolean().optional(), scale: z.number().positive().optional() });
const resetSchema = z.object({ seed: z.enum(SEED_NAMES as [SeedName, ...SeedName[]]).optional(), events: z.number().int().positive().optional() });

/**
 * Typed in-process equivalent of the `/_sim/` HTTP API: faults, request log, keys, events, rate limits, throttling,
 * clock and reset. Tests can use either; the HTTP routes call these methods.
 */
export class SimulatorControl {
  private readonly prng = new Prng(`control:${Date.now()}`);

  constructor(private readonly runtime: SimulatorRuntime) {}

  /** The live state, for assertions that the typed methods do not cover. Mutate through the methods instead. */
  get state(): SimulatorState {
    return this.runtime.state;
  }

  summary(): SimulatorSummary {
    return {
      seed: this.runtime.seed,
      now: isoMicros(this.runtime.clock.now()),
      projects: [...this.state.projects.values()].map((p) => ({
        id: p.id,
        name: p.name,
        api_token: p.api_token,
        api_query_rate_limit: p.api_query_rate_limit,
        events: this.state.eventsOf(p.id).length,
      })),
      throttling: this.throttling(),
    };
  }

  reset(options: ResetOptions = {}): SimulatorSummary {
    const parsed = parse(resetSchema, options);
    this.runtime.reset(parsed.seed, parsed.events);
    return this.summary();
  }

  addFault(spec: FaultSpec): FaultInfo {
    try {
      return this.runtime.faults.add(spec);
    } catch (error) {
      throw new ControlError(400, (error as Error).message);
    }
  }

  listFaults(): FaultInfo[] {
    return this.runtime.faults.list();
  }

  removeFault(id: string): boolean {
    return this.runtime.faults.remove(id);
  }

  clearFaults(): number {
    return this.runtime.faults.clear();
  }

  requests(filter: { path?: string; keyId?: string; method?: string; limit?: number } = {}): RequestLogEntry[] {
    return this.runtime.log.list(filter);
  }

  counters(): RequestCounter[] {
    return this.runtime.log.counterList();
  }

  clearRequests(): number {
    return this.runtime.log.clear();
  }

  listKeys(): KeyInfo[] {
    return [...this.state.keys.values()].map(keyInfo);
  }

  addKey(input: KeyInput = {}): CreatedKey {
    const parsed = parse(keyInputSchema, input);
    const value = parsed.value ?? `phx_${this.prng.hex(40)}`;
    if (this.state.findKeyByValue(value)) throw new ControlError(400, 'A key with this value already exists.');
    const record: PersonalApiKeyRecord = {
      id: newUuid(),
      label: parsed.label ?? 'simulator key',
      secureValue: hashKeyValue(value),
      mask_value: maskKeyValue(value),
      created_at: isoMicros(this.runtime.clock.now()),
      last_used_at: null,
      user_id: DEMO_USER_ID,
      scopes: parsed.scopes ?? ['*'],
      scoped_teams: parsed.scoped_teams ?? [],
      scoped_organizations: parsed.scoped_organizations ?? [],
      last_rolled_at: null,
    };
    this.state.addKey(record);
    return { ...keyInfo(record), value };
  }

  /** `ref` is a key id, its label, or (in process only) the key value itself. */
  updateKey(ref: string, patch: KeyPatch): KeyInfo {
    const parsed = parse(keyPatchSchema, patch);
    const record = this.findKey(ref);
    if (parsed.label !== undefined) record.label = parsed.label;
    if (parsed.scopes !== undefined) record.scopes = parsed.scopes;
    if (parsed.scoped_teams !== undefined) record.scoped_teams = parsed.scoped_teams;
    if (parsed.scoped_organizations !== undefined) record.scoped_organizations = parsed.scoped_organizations;
    return keyInfo(record);
  }

  revokeKey(ref: string): boolean {
    return this.state.removeKey(this.findKey(ref).id);
  }

  /** Adds events to a project (and updates its event definitions), as if ingested. Returns the stored rows. */
  addEvents(projectId: number, inputs: EventInput[]): HogQLEvent[] {
    this.requireProject(projectId);
    const parsed = parse(z.array(eventInputSchema), inputs);
    const now = this.runtime.clock.now();
    const events = parsed.map((input): HogQLEvent => {
      const timestamp = input.timestamp === undefined ? now : typeof input.timestamp === 'number' ? input.timestamp : Date.parse(input.timestamp);
      if (Number.isNaN(timestamp)) throw new ControlError(400, `Invalid timestamp: ${String(input.timestamp)}`);
      return {
        uuid: input.uuid ?? this.prng.uuidV7(timestamp),
        event: input.event,
        distinct_id: input.distinct_id,
        person_id: input.person_id ?? personIdFor(projectId, input.distinct_id),
        timestamp,
        properties: input.properties ?? {},
      };
    });
    this.state.addEvents(projectId, events, isoMicros(now));
    return events;
  }

  /** The project's events as the HogQL engine sees them (the live array; do not mutate). */
  events(projectId: number): readonly HogQLEvent[] {
    this.requireProject(projectId);
    return this.state.eventsOf(projectId);
  }

  /** `Team.api_query_rate_limit`, e.g. "10/hour"; null restores the 120/hour default. */
  setQueryRateLimit(projectId: number, rate: string | null): void {
    const project = this.requireProject(projectId);
    if (rate !== null) {
      try {
        parseRate(rate);
      } catch {
        throw new ControlError(400, `Invalid rate "${rate}"; use e.g. "10/hour"`);
      }
    }
    project.api_query_rate_limit = rate;
  }

  throttling(): ThrottleSettings {
    return { ...this.runtime.throttles.settings };
  }

  setThrottling(patch: Partial<ThrottleSettings>): ThrottleSettings {
    const parsed = parse(throttlingSchema, patch);
    this.runtime.throttles.settings = { ...this.runtime.throttles.settings, ...parsed };
    return this.throttling();
  }

  /** Forgets every throttle window, as if an hour had passed for all keys. */
  resetThrottleCounters(): void {
    this.runtime.throttles.reset();
  }

  clearQueryCache(): void {
    this.runtime.queryCache.clear();
  }

  now(): number {
    return this.runtime.clock.now();
  }

  /** Moves the simulator clock forward: throttle windows and cached queries age, HogQL's now() moves. */
  advanceClock(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new ControlError(400, 'ms must be a non-negative number');
    return this.runtime.clock.advance(ms);
  }

  private findKey(ref: string): PersonalApiKeyRecord {
    const record = this.state.keys.get(ref) ?? [...this.state.keys.values()].find((k) => k.label === ref) ?? this.state.findKeyByValue(ref);
    if (!record) throw new ControlError(404, `No key with id or label "${ref}".`);
    return record;
  }

  private requireProject(projectId: number) {
    const project = this.state.projects.get(projectId);
    if (!project) throw new ControlError(404, `No project ${projectId}.`);
    return project;
  }
}

function keyInfo(record: PersonalApiKeyRecord): KeyInfo {
  return {
    id: record.id,
    label: record.label,
    mask_value: record.mask_value,
    scopes: [...record.scopes],
    scoped_teams: [...record.scoped_teams],
    scoped_organizations: [...record.scoped_organizations],
    created_at: record.created_at,
    last_used_at: record.last_used_at,
    user_id: record.user_id,
  };
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ControlError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}
