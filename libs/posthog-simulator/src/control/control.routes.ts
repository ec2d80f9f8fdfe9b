// The simulator's own control API under /_sim/ (not part of PostHog). JSON in and out; no authentication, since the
// simulator only listens on loopback. Every route maps onto a SimulatorControl method.
import type { SimRequest } from '../core/sim-request.js';
import type { FaultSpec } from '../faults/fault.registry.js';
import { ControlError, type EventInput, type KeyInput, type KeyPatch, type ResetOptions, type SimulatorControl } from './simulator.control.js';

export interface ControlResponse {
  status: number;
  body?: unknown;
}

type Handler = (control: SimulatorControl, request: SimRequest, params: string[]) => ControlResponse;

const DEFAULT_EVENTS_LIMIT = 100_000;

const routes: [method: string, path: RegExp, handler: Handler][] = [
  ['GET', /^\/_sim\/?$/, (c) => ({ status: 200, body: c.summary() })],
  ['GET', /^\/_sim\/health\/?$/, (c) => ({ status: 200, body: { status: 'ok', ...c.summary() } })],
  ['POST', /^\/_sim\/reset\/?$/, (c, r) => ({ status: 200, body: c.reset(body<ResetOptions>(r)) })],

  ['GET', /^\/_sim\/faults\/?$/, (c) => ({ status: 200, body: { faults: c.listFaults() } })],
  ['POST', /^\/_sim\/faults\/?$/, (c, r) => ({ status: 201, body: c.addFault(body<FaultSpec>(r)) })],
  ['DELETE', /^\/_sim\/faults\/?$/, (c) => ({ status: 200, body: { cleared: c.clearFaults() } })],
  ['DELETE', /^\/_sim\/faults\/([^/]+)\/?$/, (c, _r, [id]) => (c.removeFault(id) ? { status: 204 } : notFound(`No fault ${id}.`))],

  [
    'GET',
    /^\/_sim\/requests\/?$/,
    (c, r) => {
      const limit = r.query.get('limit');
      const filter = { path: r.query.get('path') ?? undefined, keyId: r.query.get('key_id') ?? undefined, method: r.query.get('method') ?? undefined, limit: limit === null ? undefined : Number(limit) };
      return { status: 200, body: { requests: c.requests(filter) } };
    },
  ],
  ['DELETE', /^\/_sim\/requests\/?$/, (c) => ({ status: 200, body: { cleared: c.clearRequests() } })],
  ['GET', /^\/_sim\/counters\/?$/, (c) => ({ status: 200, body: { counters: c.counters() } })],

  ['GET', /^\/_sim\/keys\/?$/, (c) => ({ status: 200, body: { keys: c.listKeys() } })],
  ['POST', /^\/_sim\/keys\/?$/, (c, r) => ({ status: 201, body: c.addKey(body<KeyInput>(r)) })],
  ['PATCH', /^\/_sim\/keys\/([^/]+)\/?$/, (c, r, [ref]) => ({ status: 200, body: c.updateKey(ref, body<KeyPatch>(r)) })],
  ['DELETE', /^\/_sim\/keys\/([^/]+)\/?$/, (c, _r, [ref]) => (c.revokeKey(ref), { status: 204 })],

  [
    'GET',
    /^\/_sim\/projects\/(\d+)\/events\/?$/,
    (c, r, [id]) => {
      const name = r.query.get('event');
      const all = c.events(Number(id));
      const matching = name === null ? all : all.filter((e) => e.event === name);
      const limit = Number(r.query.get('limit') ?? DEFAULT_EVENTS_LIMIT);
      return { status: 200, body: { count: matching.length, events: matching.slice(0, limit) } };
    },
  ],
  [
    'POST',
    /^\/_sim\/projects\/(\d+)\/events\/?$/,
    (c, r, [id]) => {
      const data = body<{ events?: EventInput[] } | EventInput[]>(r);
      const inputs = Array.isArray(data) ? data : (data.events ?? []);
      const events = c.addEvents(Number(id), inputs);
      return { status: 201, body: { added: events.length, events } };
    },
  ],
  [
    'PATCH',
    /^\/_sim\/projects\/(\d+)\/?$/,
    (c, r, [id]) => {
      const data = body<{ api_query_rate_limit?: string | null }>(r);
      if (data.api_query_rate_limit !== undefined) c.setQueryRateLimit(Number(id), data.api_query_rate_limit);
      return { status: 200, body: c.summary().projects.find((p) => p.id === Number(id)) };
    },
  ],

  ['GET', /^\/_sim\/throttling\/?$/, (c) => ({ status: 200, body: c.throttling() })],
  ['PATCH', /^\/_sim\/throttling\/?$/, (c, r) => ({ status: 200, body: c.setThrottling(body(r)) })],
  ['PUT', /^\/_sim\/throttling\/?$/, (c, r) => ({ status: 200, body: c.setThrottling(body(r)) })],
  ['POST', /^\/_sim\/throttling\/reset\/?$/, (c) => (c.resetThrottleCounters(), { status: 200, body: c.throttling() })],

  ['POST', /^\/_sim\/query-cache\/clear\/?$/, (c) => (c.clearQueryCache(), { status: 204 })],
  ['POST', /^\/_sim\/clock\/?$/, (c, r) => ({ status: 200, body: { now: new Date(c.advanceClock(Number(body<{ advance_ms?: number }>(r).advance_ms ?? 0))).toISOString() } })],
];

export function handleControl(control: SimulatorControl, request: SimRequest): ControlResponse {
  try {
    let pathKnown = false;
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(request.path);
      if (!match) continue;
      pathKnown = true;
      if (method === request.method) return handler(control, request, match.slice(1));
    }
    return pathKnown ? { status: 405, body: { error: `Method ${request.method} not allowed on ${request.path}.` } } : notFound(`No control route ${request.path}.`);
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}

function body<T = Record<string, unknown>>(request: SimRequest): T {
  if (request.rawBody.length === 0) return {} as T;
  try {
    return JSON.parse(request.rawBody.toString('utf8')) as T;
  } catch (error) {
    throw new ControlError(400, `Body is not valid JSON: ${(error as Error).message}`);
  }
}

function notFound(message: string): ControlResponse {
  return { status: 404, body: { error: message } };
}
