import type { FaultType } from '../faults/fault.registry.js';

export interface RequestLogEntry {
  id: number;
  /** ISO time the request arrived (simulator clock). */
  time: string;
  method: string;
  path: string;
  /** Query parameters; a `personal_api_key` value is masked. */
  query: Record<string, string>;
  /** null when a fault hung or reset the connection. */
  status: number | null;
  durationMs: number;
  /** Id of the personal API key that authenticated the request, if any. */
  keyId: string | null;
  /** Masked form of whatever key was presented (valid or not), e.g. `phx_...cess`. Never the full key. */
  keyMask: string | null;
  fault: FaultType | null;
  /** Throttle scope that answered 429, if any. */
  throttledBy: string | null;
}

export interface RequestCounter {
  keyId: string | null;
  keyMask: string | null;
  method: string;
  path: string;
  count: number;
  statuses: Record<string, number>;
}

/** Keeps the most recent requests (bounded, so long benchmarks do not grow memory) plus unbounded per-key counters. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly counters = new Map<string, RequestCounter>();
  private sequence = 0;

  constructor(private readonly capacity = 10_000) {}

  record(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry {
    const full = { ...entry, id: ++this.sequence };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    const counterKey = `${entry.keyId ?? entry.keyMask ?? '-'} ${entry.method} ${entry.path}`;
    let counter = this.counters.get(counterKey);
    if (!counter) {
      counter = { keyId: entry.keyId, keyMask: entry.keyMask, method: entry.method, path: entry.path, count: 0, statuses: {} };
      this.counters.set(counterKey, counter);
    }
    counter.count++;
    const statusKey = entry.status === null ? (entry.fault ?? 'none') : String(entry.status);
    counter.statuses[statusKey] = (counter.statuses[statusKey] ?? 0) + 1;
    return full;
  }

  list(filter: { path?: string; keyId?: string; method?: string; limit?: number } = {}): RequestLogEntry[] {
    let result = this.entries.filter(
      (e) => (!filter.path || e.path === filter.path) && (!filter.keyId || e.keyId === filter.keyId) && (!filter.method || e.method === filter.method.toUpperCase()),
    );
    if (filter.limit !== undefined && filter.limit >= 0) result = result.slice(-filter.limit);
    return result.map((e) => ({ ...e, query: { ...e.query } }));
  }

  counterList(): RequestCounter[] {
    return [...this.counters.values()].map((c) => ({ ...c, statuses: { ...c.statuses } }));
  }

  clear(): number {
    const count = this.entries.length;
    this.entries = [];
    this.counters.clear();
    return count;
  }
}
