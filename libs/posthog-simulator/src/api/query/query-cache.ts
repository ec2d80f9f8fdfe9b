import { createHash } from 'node:crypto';

/** HogQL results are cached like a "day" insight: served for 6 hours to `blocking` requests (posthog/caching/utils.py). */
export const QUERY_CACHE_TTL_MS = 6 * 3_600_000;

export interface CachedQuery {
  cacheKey: string;
  computedAtMs: number;
  payload: Record<string, unknown>;
}

export class QueryCache {
  private readonly entries = new Map<string, CachedQuery>();

  /** Same project + same query node (query text and values) ⇒ same key, like PostHog's cache key. */
  keyFor(projectId: number, queryNode: unknown): string {
    return `cache_${createHash('sha256').update(`${projectId}:${stableJson(queryNode)}`).digest('hex').slice(0, 32)}`;
  }

  get(cacheKey: string, nowMs: number, maxAgeMs = QUERY_CACHE_TTL_MS): CachedQuery | null {
    const entry = this.entries.get(cacheKey);
    if (!entry || nowMs - entry.computedAtMs > maxAgeMs) return null;
    return entry;
  }

  set(entry: CachedQuery): void {
    this.entries.set(entry.cacheKey, entry);
  }

  clear(): void {
    this.entries.clear();
  }
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
