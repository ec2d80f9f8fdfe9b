import { randomUUID } from 'node:crypto';

export type FaultType = 'status' | 'latency' | 'hang' | 'reset' | 'throttle';

/**
 * A fault to inject. `path` is matched against the request path (query string ignored, trailing slash ignored):
 * without `*` it must match exactly; `*` matches any run of characters including `/`
 * (`/api/projects/*` covers every project route). `method` is an HTTP method or `*` (default).
 */
export interface FaultSpec {
  method?: string;
  path: string;
  type: FaultType;
  /** `status`: the status code to answer with. */
  status?: number;
  /** `status`: body to send; objects are sent as JSON, strings as-is, omitted means an empty body. */
  body?: unknown;
  /** `status`/`throttle`: extra response headers. */
  headers?: Record<string, string>;
  /** `latency`: milliseconds to wait before the request is handled normally. */
  ms?: number;
  /** `throttle`: the Retry-After (and "Expected available in N seconds") value. */
  retryAfter?: number;
  /** How many matching requests it applies to: a count (default 1, i.e. once) or `'always'`. */
  times?: number | 'always';
}

export interface FaultInfo extends FaultSpec {
  id: string;
  method: string;
  times: number | 'always';
  /** Matching requests it still applies to; null when `always`. */
  remaining: number | null;
  /** Requests it has been applied to so far. */
  hits: number;
}

/** Faults are tried in the order they were added; the first match with uses left wins. */
export class FaultRegistry {
  private faults: FaultInfo[] = [];

  add(spec: FaultSpec): FaultInfo {
    const problem = validateFault(spec);
    if (problem) throw new FaultSpecError(problem);
    const times = spec.times ?? 1;
    const fault: FaultInfo = {
      ...spec,
      id: randomUUID(),
      method: (spec.method ?? '*').toUpperCase(),
      times,
      remaining: times === 'always' ? null : times,
      hits: 0,
    };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): FaultInfo[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    return count;
  }

  /** Finds the fault for a request and consumes one use of it. */
  take(method: string, path: string): FaultInfo | null {
    const fault = this.faults.find((f) => (f.remaining === null || f.remaining > 0) && (f.method === '*' || f.method === method) && pathMatches(f.path, path));
    if (!fault) return null;
    fault.hits++;
    if (fault.remaining !== null) fault.remaining--;
    return { ...fault };
  }
}

export class FaultSpecError extends Error {}

function validateFault(spec: FaultSpec): string | null {
  if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) return 'path must start with "/"';
  if (!['status', 'latency', 'hang', 'reset', 'throttle'].includes(spec.type)) return 'type must be one of status, latency, hang, reset, throttle';
  if (spec.type === 'status' && !(Number.isInteger(spec.status) && spec.status! >= 100 && spec.status! <= 599)) return 'status faults need an integer status 100-599';
  if (spec.type === 'latency' && !(typeof spec.ms === 'number' && spec.ms >= 0)) return 'latency faults need ms >= 0';
  if (spec.type === 'throttle' && !(Number.isInteger(spec.retryAfter) && spec.retryAfter! >= 0)) return 'throttle faults need an integer retryAfter >= 0';
  if (spec.times !== undefined && spec.times !== 'always' && !(Number.isInteger(spec.times) && spec.times > 0)) return 'times must be a positive integer or "always"';
  return null;
}

function pathMatches(pattern: string, path: string): boolean {
  const normalizedPath = stripSlash(path);
  if (!pattern.includes('*')) return stripSlash(pattern) === normalizedPath;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
  return regex.test(path) || regex.test(normalizedPath) || regex.test(`${normalizedPath}/`);
}

function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
