// Imitates PostHog's public capture service (rust/capture): POST /i/v0/e/, /e/, /capture/, /track/ and /batch/.
// Authenticated only by the project token (`phc_…` in api_key / token / $token); captured events are stored at
// once and are immediately visible to HogQL (real PostHog has seconds of ingestion lag).
import { gunzipSync } from 'node:zlib';
import type { HogQLEvent } from '../hogql/hogql-event.js';
import { isoMicros, type SimClock } from '../core/clock.js';
import { Prng } from '../core/prng.js';
import type { SimRequest } from '../core/sim-request.js';
import { personIdFor, type SimulatorState } from '../state/simulator.state.js';

const CAPTURE_PATH = /^\/(i\/v0\/e|e|capture|track|engage|batch)\/?$/;
const SINGLE_LIMIT_BYTES = 2 * 1024 * 1024;
const BATCH_LIMIT_BYTES = 20 * 1024 * 1024;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CaptureResponse {
  status: number;
  body: unknown;
  projectId: number | null;
}

export function isCapturePath(path: string): boolean {
  return CAPTURE_PATH.test(path);
}

/** The Rust service's refusal body: `{status, code, error}` (rust/capture/src/api.rs). */
class CaptureError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class CaptureHandler {
  private readonly prng = new Prng(`capture:${Date.now()}`);

  constructor(
    private readonly state: () => SimulatorState,
    private readonly clock: SimClock,
  ) {}

  handle(request: SimRequest): CaptureResponse {
    try {
      const isBatch = /^\/batch\/?$/.test(request.path);
      const payload = decodePayload(request, isBatch ? BATCH_LIMIT_BYTES : SINGLE_LIMIT_BYTES);
      const rawEvents = Array.isArray(payload) ? payload : Array.isArray(payload.batch) ? payload.batch : [payload];
      const envelope = Array.isArray(payload) ? {} : payload;
      const token = resolveToken(envelope, rawEvents);
      const project = this.state().projectByToken(token);
      if (!project) throw new CaptureError(403, 'ingest_key_unknown', 'api_key does not resolve to a known project');
      if (rawEvents.length === 0) throw new CaptureError(400, 'empty_batch', 'request holds no event');
      const now = this.clock.now();
      const events = rawEvents.map((raw) => this.toEvent(raw, envelope, project.id, now));
      this.state().addEvents(project.id, events, isoMicros(now));
      return { status: 200, body: { status: 'Ok' }, projectId: project.id };
    } catch (error) {
      if (error instanceof CaptureError) return { status: error.status, body: { status: error.status, code: error.code, error: error.message }, projectId: null };
      throw error;
    }
  }

  private toEvent(raw: unknown, envelope: Record<string, unknown>, projectId: number, now: number): HogQLEvent {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new CaptureError(400, 'request_parsing_error', 'failed to parse request: event is not an object');
    const event = raw as Record<string, unknown>;
    const properties = isObject(event.properties) ? { ...event.properties } : {};
    if (typeof event.event !== 'string' || event.event === '') throw new CaptureError(400, 'missing_event_name', 'event submitted with an empty event name');
    const distinct = event.distinct_id ?? properties.distinct_id ?? properties.$distinct_id;
    if (distinct === undefined || distinct === null || distinct === '') throw new CaptureError(400, 'missing_distinct_id', 'event submitted without a distinct_id');
    const distinctId = typeof distinct === 'string' ? distinct : JSON.stringify(distinct);
    const timestamp = eventTime(event, envelope, now);
    return {
      uuid: typeof event.uuid === 'string' && UUID_PATTERN.test(event.uuid) ? event.uuid.toLowerCase() : this.prng.uuidV7(timestamp),
      event: event.event,
      distinct_id: distinctId,
      person_id: personIdFor(projectId, distinctId),
      timestamp,
      properties,
    };
  }
}

function decodePayload(request: SimRequest, limit: number): Record<string, unknown> | unknown[] {
  let bytes = request.rawBody;
  let text: string | null = null;
  if (request.mediaType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(bytes.toString('utf8'));
    text = form.get('data');
    if (text === null) throw new CaptureError(400, 'empty_payload', 'request missing data payload');
    if (!/^\s*[[{]/.test(text)) bytes = Buffer.from(text, 'base64');
    else bytes = Buffer.from(text, 'utf8');
  }
  const gzipped = (bytes[0] === 0x1f && bytes[1] === 0x8b) || request.header('content-encoding') === 'gzip' || /^gzip/.test(request.query.get('compression') ?? '');
  if (gzipped && bytes.length > 0) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new CaptureError(400, 'request_decoding_error', `failed to decode request: ${(error as Error).message}`);
    }
  }
  if (bytes.length === 0) throw new CaptureError(400, 'empty_payload', 'request missing data payload');
  if (bytes.length > limit) throw new CaptureError(413, 'payload_too_large', `maximum event size exceeded: ${bytes.length} bytes`);
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object') throw new Error('expected a JSON object or array');
    return parsed as Record<string, unknown> | unknown[];
  } catch (error) {
    throw new CaptureError(400, 'request_parsing_error', `failed to parse request: ${(error as Error).message}`);
  }
}

/** Top-level `api_key` / `token` / `$token`, else the events' own; a batch naming two projects lands in neither. */
function resolveToken(envelope: Record<string, unknown>, events: unknown[]): string {
  const fromEnvelope = firstString(envelope.api_key, envelope.token, envelope.$token);
  const fromEvents = new Set<string>();
  for (const raw of events) {
    if (!isObject(raw)) continue;
    const properties = isObject(raw.properties) ? raw.properties : {};
    const token = firstString(raw.api_key, raw.token, raw.$token, properties.token, properties.$token);
    if (token !== undefined) fromEvents.add(token);
  }
  if (fromEnvelope !== undefined) return checkToken(fromEnvelope);
  if (fromEvents.size > 1) throw new CaptureError(400, 'unroutable_events', 'batch submitted with inconsistent api_key values');
  const [token] = fromEvents;
  if (token === undefined) throw new CaptureError(401, 'ingest_key_required', 'event submitted without an api_key');
  return checkToken(token);
}

function checkToken(token: string): string {
  if (token.trim() === '') throw new CaptureError(403, 'ingest_key_unknown', 'API key is not valid: empty');
  if (token.startsWith('phx_')) throw new CaptureError(403, 'ingest_key_unknown', 'API key is not valid: personal API key');
  return token;
}

/**
 * PostHog's timestamp rules: an explicit `timestamp` is corrected for client clock skew when `sent_at` is known,
 * `offset` means "this many ms ago", and otherwise the event happened now.
 */
function eventTime(event: Record<string, unknown>, envelope: Record<string, unknown>, now: number): number {
  const timestamp = parseTime(event.timestamp);
  const sentAt = parseTime(event.sent_at ?? envelope.sent_at);
  if (timestamp !== null && sentAt !== null) return now + (timestamp - sentAt);
  if (timestamp !== null) return timestamp;
  if (typeof event.offset === 'number' && Number.isFinite(event.offset)) return now - event.offset;
  return now;
}

function parseTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
