import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiDispatcher } from './api/api.dispatcher.js';
import { API_ROUTES } from './api/api.routes.js';
import { findKeyWithSource } from './auth/personal-api-key.auth.js';
import { CaptureHandler, isCapturePath } from './capture/capture.handler.js';
import { handleControl } from './control/control.routes.js';
import { SimulatorControl } from './control/simulator.control.js';
import { ApiError } from './core/api-error.js';
import { isoMicros } from './core/clock.js';
import { maskKeyValue } from './core/key-hash.js';
import { SimRequest } from './core/sim-request.js';
import type { FaultInfo } from './faults/fault.registry.js';
import type { RequestLogEntry } from './log/request-log.js';
import { type PostHogSimulatorOptions, resolveNow } from './simulator.options.js';
import { SimulatorRuntime } from './simulator.runtime.js';

const HOST = '127.0.0.1';
/** Above PostHog's 20 MB body limit, so oversize captures reach the capture handler's own 413. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

export interface PostHogSimulator {
  /** e.g. `http://127.0.0.1:54321` (no trailing slash). */
  url: string;
  port: number;
  /** Stops listening and drops every open connection, hung ones included. */
  close(): Promise<void>;
  control: SimulatorControl;
}

interface Outcome {
  status: number | null;
  keyId: string | null;
  keyMask: string | null;
  fault: FaultInfo | null;
  throttledBy: string | null;
}

/** Starts a simulator on 127.0.0.1 and resolves once it accepts connections. */
export async function startPostHogSimulator(options: PostHogSimulatorOptions = {}): Promise<PostHogSimulator> {
  const runtime = new SimulatorRuntime({
    seed: options.seed ?? 'demo',
    events: options.events,
    now: resolveNow(options.now),
    throttling: { enabled: options.throttling?.enabled ?? true, scale: options.throttling?.scale ?? 1 },
  });
  const control = new SimulatorControl(runtime);
  const dispatcher = new ApiDispatcher(API_ROUTES, {
    state: () => runtime.state,
    clock: runtime.clock,
    throttles: runtime.throttles,
    queryCache: runtime.queryCache,
    asyncQueries: runtime.asyncQueries,
  });
  const capture = new CaptureHandler(() => runtime.state, runtime.clock);
  const print = options.log === true ? (line: string) => process.stdout.write(`${line}\n`) : typeof options.log === 'function' ? options.log : null;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('[posthog-simulator] request failed', error);
      if (!res.headersSent) send(res, 500, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const arrivedAt = runtime.clock.now();
    const rawBody = await readBody(req);
    if (rawBody === null) {
      send(res, 413, { type: 'invalid_request', code: 'payload_too_large', detail: 'Request body exceeded the size limit.', attr: null });
      return;
    }
    const request = new SimRequest(req.method ?? 'GET', req.url ?? '/', req.headers, rawBody, `${HOST}:${port}`);

    if (request.path === '/_sim' || request.path.startsWith('/_sim/')) {
      const result = handleControl(control, request);
      send(res, result.status, result.body);
      print?.(formatLine(request, result.status, performance.now() - started, null, null));
      return;
    }

    const outcome = await respond(request, req, res);
    const entry: Omit<RequestLogEntry, 'id'> = {
      time: isoMicros(arrivedAt),
      method: request.method,
      path: request.path,
      query: maskedQuery(request.query),
      status: outcome.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      keyId: outcome.keyId,
      keyMask: outcome.keyMask,
      fault: outcome.fault?.type ?? null,
      throttledBy: outcome.throttledBy,
    };
    runtime.log.record(entry);
    print?.(formatLine(request, outcome.status, entry.durationMs, outcome.keyMask, outcome.fault));
  }

  async function respond(request: SimRequest, req: IncomingMessage, res: ServerResponse): Promise<Outcome> {
    const outcome: Outcome = { status: null, keyId: null, keyMask: presentedMask(request), fault: null, throttledBy: null };
    const fault = runtime.faults.take(request.method, request.path);
    if (fault) {
      outcome.fault = fault;
      switch (fault.type) {
        case 'latency':
          await new Promise((resolve) => setTimeout(resolve, fault.ms));
          break;
        case 'hang':
          // Never answer and keep the socket: the client sees its own timeout. close() destroys it.
          return outcome;
        case 'reset': {
          const socket = req.socket as Socket & { resetAndDestroy?: () => void };
          if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
          else socket.destroy();
          return outcome;
        }
        case 'status':
          outcome.status = fault.status!;
          sendRaw(res, fault.status!, fault.body, fault.headers);
          return outcome;
        case 'throttle': {
          const error = ApiError.throttled(fault.retryAfter!);
          outcome.status = 429;
          // A literal Retry-After: 0 is allowed here even though PostHog never sends one.
          send(res, 429, error.envelope, { ...error.headers, 'Retry-After': String(fault.retryAfter), ...fault.headers });
          return outcome;
        }
      }
    }

    if (isCapturePath(request.path)) {
      const result = capture.handle(request);
      outcome.status = result.status;
      send(res, result.status, result.body);
      return outcome;
    }
    if (request.path === '/api' || request.path.startsWith('/api/')) {
      const result = await dispatcher.dispatch(request);
      Object.assign(outcome, { status: result.status, keyId: result.keyId, keyMask: result.keyMask ?? outcome.keyMask, throttledBy: result.throttledBy });
      send(res, result.status, result.body, result.headers);
      return outcome;
    }
    outcome.status = 404;
    sendRaw(res, 404, 'Not Found', { 'Content-Type': 'text/html; charset=utf-8' });
    return outcome;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `http://${HOST}:${port}`,
    port,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Fault bodies: objects as JSON, strings verbatim, nothing as an empty body. */
function sendRaw(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined || body === null || typeof body !== 'string') {
    send(res, status, body ?? undefined, headers);
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** The mask of whatever key the request carries, for logs only; never the value. */
function presentedMask(request: SimRequest): string | null {
  try {
    const presented = findKeyWithSource(request);
    return presented ? maskKeyValue(presented.value) : null;
  } catch {
    return null;
  }
}

function maskedQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) out[key] = key === 'personal_api_key' ? maskKeyValue(value) : value;
  return out;
}

function formatLine(request: SimRequest, status: number | null, ms: number, keyMask: string | null, fault: FaultInfo | null): string {
  const shownStatus = status ?? (fault ? fault.type : '-');
  const faultNote = fault ? ` [fault:${fault.type}]` : '';
  return `${request.method} ${request.path} ${shownStatus} ${Math.round(ms)}ms ${keyMask ?? '-'}${faultNote}`;
}
