import axios, { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import type { LookupFunction } from 'node:net';
import { classifyTransportError, OutboundHttpError, type OutboundHttpErrorCode } from './outbound-http.errors.js';
import type { AcquireOptions, RateBudget } from './rate-budget.js';
import { originOf, redactDeep, redactUrl } from './redact.js';
import { type BackoffOptions, backoffDelayMs, parseRetryAfterMs, sleep } from './retry-policy.js';
import { SsrfGuard, ssrfRefusal } from './ssrf-guard.js';

/** Options shared by every request of one client. */
export interface OutboundHttpClientOptions {
  /** Per-attempt deadline covering connect, headers and body; default 10 s. */
  timeoutMs?: number;
  /** Largest (decompressed) response body accepted; default 5 MiB. */
  maxResponseBytes?: number;
  /**
   * Operator exceptions to the SSRF guard: hostnames (`posthog.internal`), IPs (`127.0.0.1`) or CIDRs
   * (`10.0.0.0/8`). See {@link SsrfGuard}.
   */
  allowlist?: readonly string[];
  /** Shared rate budget; required for requests that pass `budget`. */
  budget?: RateBudget;
  /** Receives redacted request/response facts for logging; exceptions thrown by it are ignored. */
  log?: OutboundHttpLog;
  /**
   * DNS resolver used when connecting (default `dns.lookup`). Its answers still pass the SSRF filter; tests use
   * it to simulate DNS rebinding.
   */
  lookup?: LookupFunction;
  /** Backoff between retries; default base 250 ms, cap 10 s. */
  backoff?: BackoffOptions;
  /** User-Agent header; default `findry-outbound`. */
  userAgent?: string;
}

/** Budget to draw from for one request. */
export interface RequestBudget extends AcquireOptions {
  /** Non-secret id of the credential (e.g. a hash of the API key). */
  key: string;
  /** Throttle class, one of the RateBudget's classes. */
  cls: string;
}

/** One outbound call. */
export interface OutboundRequest {
  method: Method;
  /** Absolute http(s) URL; `params` are appended to its query. */
  url: string;
  headers?: Record<string, string>;
  params?: Record<string, string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>>;
  /** Request body; plain objects are sent as JSON. */
  data?: unknown;
  /** Draw one request from the shared budget per attempt; without it nothing is rate limited locally. */
  budget?: RequestBudget;
  /**
   * Extra attempts after network errors and 5xx, with full-jitter backoff; default 0. Only for background
   * work: an interactive call should fail fast. 4xx, 429 and redirects are never retried.
   */
  retries?: number;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
}

/** A 2xx response. `data` is parsed JSON when the body is JSON, else the body text (`null` when empty). */
export interface OutboundResponse<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

/** Log hook; every URL is redacted (no credential query values, no user-info) and no headers are passed. */
export interface OutboundHttpLog {
  onRequest?(event: { method: string; url: string; attempt: number }): void;
  onResponse?(event: { method: string; url: string; attempt: number; ms: number; status?: number; errorCode?: OutboundHttpErrorCode }): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/**
 * The outbound HTTP client shared by integration plugins: SSRF-guarded, never follows redirects, bounded in time
 * and size, rate-budgeted across replicas, and every failure is an {@link OutboundHttpError} with no secrets.
 */
export class OutboundHttpClient {
  private readonly http: AxiosInstance;
  private readonly guard: SsrfGuard;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: OutboundHttpClientOptions = {}) {
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.maxResponseBytes = positive(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes');
    this.guard = new SsrfGuard(options.allowlist);
    this.http = axios.create({
      // The fetch/xhr adapters ignore Node agents, which would silently disable the SSRF guard.
      adapter: 'http',
      // Env proxies (HTTP_PROXY…) and the proxy option bypass the filter: only the proxy's IP would be checked.
      proxy: false,
      // A redirect could point anywhere, including at the origin with our credentials attached.
      maxRedirects: 0,
      maxContentLength: this.maxResponseBytes,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      headers: { 'User-Agent': options.userAgent ?? 'findry-outbound', Accept: 'application/json' },
    });
  }

  /**
   * Sends one request (plus retries if asked).
   * @throws OutboundHttpError for every failure, including non-2xx responses (`http_error`, `redirect`, `rate_limited`).
   * @throws TypeError for a URL that is not absolute http(s), or `budget` without a RateBudget configured.
   */
  async request<T = unknown>(req: OutboundRequest): Promise<OutboundResponse<T>> {
    const url = buildUrl(req.url, req.params);
    const method = req.method.toUpperCase();
    const label = `${method} ${redactUrl(url)}`;
    const retries = Math.max(0, Math.floor(req.retries ?? 0));
    const timeoutMs = positive(req.timeoutMs, this.timeoutMs, 'timeoutMs');
    if (req.budget && !this.options.budget) throw new TypeError('OutboundHttpClient: request.budget needs the client to be created with a RateBudget');
    for (let attempt = 1; ; attempt++) {
      if (req.budget) await this.acquire(req.budget, label, attempt - 1);
      const started = Date.now();
      this.emit('onRequest', { method, url: redactUrl(url), attempt });
      const outcome = await this.attempt<T>(url, method, req, timeoutMs, label, attempt);
      const status = outcome.status;
      const errorCode = outcome instanceof OutboundHttpError ? outcome.code : undefined;
      this.emit('onResponse', { method, url: redactUrl(url), attempt, ms: Date.now() - started, status, errorCode });
      if (!(outcome instanceof OutboundHttpError)) return outcome;
      if (outcome.code === 'rate_limited' && req.budget) await this.pause(req.budget, outcome.retryAfterMs!);
      if (!outcome.retryable || attempt > retries) throw outcome;
      await sleep(backoffDelayMs(attempt - 1, this.options.backoff));
    }
  }

  /** Releases the client's sockets. The RateBudget (and its pool) belong to the caller. */
  close(): void {
    this.guard.destroy();
  }

  private async attempt<T>(url: URL, method: string, req: OutboundRequest, timeoutMs: number, label: string, attempt: number): Promise<OutboundResponse<T> | OutboundHttpError> {
    // axios' own timeout is an idle timer; this one bounds the whole exchange, so a trickling server cannot hold us.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let res: AxiosResponse<string>;
    try {
      res = await this.http.request<string>({
        method: method as Method,
        url: url.toString(),
        headers: req.headers,
        data: req.data,
        timeout: timeoutMs,
        signal: controller.signal,
        ...(this.options.lookup ? { lookup: this.options.lookup as never } : {}),
        ...this.guard.agentsFor(url),
      });
    } catch (e) {
      return this.transportError(e, { timedOut, url, label, timeoutMs, attempt });
    } finally {
      clearTimeout(timer);
    }
    return this.toOutcome<T>(res, url, label, attempt);
  }

  private toOutcome<T>(res: AxiosResponse<string>, url: URL, label: string, attempts: number): OutboundResponse<T> | OutboundHttpError {
    const headers = flattenHeaders(res.headers);
    const { status } = res;
    if (status >= 200 && status < 300) return { status, headers, data: parseBody(res.data, headers['content-type']) as T };
    if (status >= 300 && status < 400) {
      const redirectOrigin = headers.location ? originOf(headers.location, url.toString()) : undefined;
      const target = redirectOrigin ?? (headers.location ? 'an unparseable location' : 'no location');
      return new OutboundHttpError('redirect', `${label} was redirected (HTTP ${status}) to ${target}; redirects are not followed`, {
        status,
        redirectOrigin,
        attempts,
      });
    }
    const body = jsonBody(res.data, headers['content-type']);
    if (status === 429) {
      const retryAfterMs = parseRetryAfterMs(headers['retry-after']);
      return new OutboundHttpError('rate_limited', `${label} was rate limited (HTTP 429); retry in ${retryAfterMs} ms`, { status, retryAfterMs, body, attempts });
    }
    return new OutboundHttpError('http_error', `${label} failed with HTTP ${status}`, { status, body, attempts });
  }

  private transportError(
    e: unknown,
    { timedOut, url, label, timeoutMs, attempt }: { timedOut: boolean; url: URL; label: string; timeoutMs: number; attempt: number },
  ): OutboundHttpError {
    const err = e as { code?: string; message?: string; cause?: { code?: string } };
    const message = String(err?.message ?? '');
    const causeCode = err?.cause?.code ?? err?.code;
    const details = { causeCode, attempts: attempt };
    if (timedOut) return new OutboundHttpError('timeout', `${label} timed out after ${timeoutMs} ms`, { ...details, causeCode: 'ETIMEDOUT' });
    const refusal = this.refusal(e, url, label, attempt);
    if (refusal) return refusal;
    if (/maxContentLength size of/.test(message)) {
      return new OutboundHttpError('response_too_large', `${label} failed: response body exceeded ${this.maxResponseBytes} bytes`, details);
    }
    // axios copies the Node error's code onto its own error, but prefer the original when both exist.
    const fromCause = classifyTransportError(err?.cause?.code, message);
    const code = fromCause !== 'network_error' ? fromCause : classifyTransportError(err?.code, message);
    const what: Partial<Record<OutboundHttpErrorCode, string>> = {
      timeout: `timed out after ${timeoutMs} ms`,
      dns_failure: `DNS lookup of ${url.hostname} failed`,
      connection_refused: `connection refused by ${url.origin}`,
      connection_reset: `connection reset by ${url.origin}`,
      tls_failure: `TLS with ${url.origin} failed`,
      network_error: 'network error',
    };
    return new OutboundHttpError(code, `${label} failed: ${what[code] ?? code}${causeCode ? ` (${causeCode})` : ''}`, details);
  }

  private refusal(e: unknown, url: URL, label: string, attempt: number): OutboundHttpError | undefined {
    const refused = ssrfRefusal(e);
    if (!refused) return undefined;
    const resolved = refused.address && refused.address !== url.hostname.replace(/^\[|\]$/g, '') ? ` (resolved to ${refused.address})` : '';
    const what = /meta/i.test(refused.reason) ? 'the unspecified address' : 'a private or reserved address (loopback, private, link-local, CGNAT, metadata, …)';
    return new OutboundHttpError(
      'host_not_allowed',
      `${label} refused: ${url.hostname}${resolved} is ${what}. ` +
        'If this host is trusted, add its hostname or IP/CIDR to the outbound HTTP allowlist.',
      { attempts: attempt - 1 },
    );
  }

  private async acquire(budget: RequestBudget, label: string, sent: number): Promise<void> {
    try {
      await this.options.budget!.acquire(budget.key, budget.cls, { mode: budget.mode, maxWaitMs: budget.maxWaitMs });
    } catch (e) {
      if (!(e instanceof OutboundHttpError)) throw e;
      throw new OutboundHttpError(e.code, `${label} not sent: ${e.message}`, { retryAfterMs: e.retryAfterMs, attempts: sent });
    }
  }

  private async pause(budget: RequestBudget, retryAfterMs: number): Promise<void> {
    try {
      await this.options.budget!.pause(budget.key, budget.cls, Date.now() + retryAfterMs);
    } catch {
      // The 429 itself is still reported to the caller; a store outage must not mask it.
    }
  }

  private emit<K extends keyof OutboundHttpLog>(hook: K, event: Parameters<NonNullable<OutboundHttpLog[K]>>[0]): void {
    try {
      (this.options.log?.[hook] as ((e: typeof event) => void) | undefined)?.(event);
    } catch {
      // Logging must never change the outcome of a call.
    }
  }
}

function buildUrl(raw: string, params: OutboundRequest['params']): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError('OutboundHttpClient: url must be an absolute URL');
  }
  // axios also speaks data: URLs and others; only real network calls are in scope here.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('OutboundHttpClient: only http and https URLs are allowed');
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  return url;
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function parseBody(text: string | undefined, contentType: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  const parsed = tryJson(text, contentType);
  return parsed === undefined ? text : parsed;
}

function jsonBody(text: string | undefined, contentType: string | undefined): unknown {
  if (!text) return undefined;
  const parsed = tryJson(text, contentType);
  return parsed === undefined ? undefined : redactDeep(parsed);
}

function tryJson(text: string, contentType: string | undefined): unknown {
  const looksJson = /\bjson\b/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (!looksJson) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`OutboundHttpClient: ${name} must be a positive number`);
  return value;
}
