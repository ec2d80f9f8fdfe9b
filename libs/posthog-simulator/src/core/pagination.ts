import type { SimRequest } from './sim-request.js';

/** DRF LimitOffsetPagination envelope (PostHog's default, PAGE_SIZE=100, no max limit). */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * Mirrors DRF's LimitOffsetPagination: a bad or zero `limit` falls back to the default, a bad `offset` to 0, and
 * `next`/`previous` are absolute URLs built from the request (Host header) with the query re-encoded in sorted
 * key order, as `replace_query_param` does.
 */
export function paginate<T>(request: SimRequest, items: readonly T[], defaultLimit = 100): Page<T> {
  const limit = positiveInt(request.query.get('limit'), true) ?? defaultLimit;
  const offset = positiveInt(request.query.get('offset'), false) ?? 0;
  const count = items.length;
  return {
    count,
    next: offset + limit < count ? linkWith(request, { limit, offset: offset + limit }) : null,
    previous: offset > 0 ? linkWith(request, { limit, offset: offset - limit > 0 ? offset - limit : null }) : null,
    results: items.slice(offset, offset + limit),
  };
}

function positiveInt(raw: string | null, strict: boolean): number | null {
  if (raw === null || !/^\s*\+?\d+\s*$/.test(raw)) return null;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || (strict && value === 0)) return null;
  return value;
}

function linkWith(request: SimRequest, params: { limit: number; offset: number | null }): string {
  const url = request.absoluteUrl();
  const entries = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) entries.set(key, [...(entries.get(key) ?? []), value]);
  entries.set('limit', [String(params.limit)]);
  if (params.offset === null) entries.delete('offset');
  else entries.set('offset', [String(params.offset)]);
  const sorted = new URLSearchParams();
  for (const key of [...entries.keys()].sort()) for (const value of entries.get(key) ?? []) sorted.append(key, value);
  const query = sorted.toString();
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}
