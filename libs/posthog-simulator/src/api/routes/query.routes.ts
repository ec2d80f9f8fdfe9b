// Imitates PostHog's QueryViewSet: POST /api/projects/{project_id}/query/ and GET …/query/{id}/ (posthog/api/query.py).
// Only `HogQLQuery` nodes are executed (by the simulator's HogQL engine); results are cached like PostHog's
// "day" insights, so a `blocking` request may get stale rows while `force_blocking` always recomputes.
import { randomUUID } from 'node:crypto';
import { executeHogQL, HogQLError, type HogQLResult } from '../../hogql/index.js';
import { ApiError } from '../../core/api-error.js';
import { isoMicros } from '../../core/clock.js';
import { hogqlQueryThrottle, THROTTLES } from '../../throttle/throttle-classes.js';
import type { ThrottleRule } from '../../throttle/throttle.js';
import { type ApiRoute, ok, type RouteContext, type RouteResult } from '../api-route.js';

const REFRESH_MODES = ['blocking', 'async', 'lazy_async', 'force_blocking', 'force_async', 'force_cache', 'async_except_on_cache_miss'] as const;
type RefreshMode = (typeof REFRESH_MODES)[number];
// `async_except_on_cache_miss` computes a missing result synchronously, so it never reaches the async path here.
const ASYNC_MODES: readonly RefreshMode[] = ['async', 'lazy_async', 'force_async'];
const CLIENT_REFRESH_INTERVAL_MS = 60_000;

export const queryRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects/:projectId/query',
    kind: 'project-nested',
    scopeObject: 'query',
    // QueryViewSet treats every action as a read: `query:read` is enough to run queries.
    readActions: ['retrieve', 'create', 'list', 'destroy'],
    throttles: THROTTLES.default,
    methods: { POST: { action: 'create', throttles: queryThrottles, handle: runQuery } },
  },
  {
    pattern: '/api/projects/:projectId/query/:queryId',
    kind: 'project-nested',
    scopeObject: 'query',
    readActions: ['retrieve', 'create', 'list', 'destroy'],
    throttles: THROTTLES.clickhouse,
    methods: {
      GET: { action: 'retrieve', handle: queryStatus },
      DELETE: {
        action: 'destroy',
        handle: ({ asyncQueries, params }) => {
          asyncQueries.delete(params.queryId);
          return ok({ message: 'Query cancelled' });
        },
      },
    },
  },
];

/** HogQL has its own (per project overridable) hourly budget; every other kind counts as ClickHouse traffic. */
function queryThrottles({ request, project }: RouteContext): readonly ThrottleRule[] {
  const query = request.data().query as { kind?: unknown } | undefined;
  return query?.kind === 'HogQLQuery' ? hogqlQueryThrottle(project.api_query_rate_limit) : THROTTLES.clickhouse;
}

function runQuery(context: RouteContext): RouteResult {
  const { request, project, clock, queryCache, asyncQueries, state } = context;
  const data = request.data();
  const node = data.query;
  if (node === undefined || node === null) throw ApiError.required('query');
  if (typeof node !== 'object' || Array.isArray(node)) throw ApiError.validation('Query must be an object with a "kind".', 'query');
  const { kind, query: sql, values } = node as { kind?: unknown; query?: unknown; values?: unknown };
  if (kind !== 'HogQLQuery') {
    throw ApiError.validation(`Query kind ${JSON.stringify(kind ?? null)} is not supported by the PostHog simulator; only HogQLQuery is.`, 'query');
  }
  if (typeof sql !== 'string' || sql.trim() === '') throw ApiError.required('query');
  if (values !== undefined && values !== null && (typeof values !== 'object' || Array.isArray(values))) {
    throw ApiError.validation('values must be an object of placeholder values.', 'query');
  }
  const refresh = refreshMode(data);

  const cacheKey = queryCache.keyFor(project.id, { kind, query: sql, values: values ?? {} });
  const now = clock.now();
  const servesCache = refresh !== 'force_blocking' && refresh !== 'force_async';
  const cached = servesCache ? queryCache.get(cacheKey, now, refresh === 'force_cache' ? Infinity : undefined) : null;
  if (cached) return ok({ ...cached.payload, is_cached: true });

  let result: HogQLResult;
  try {
    // The engine also enforces the personal-API-key rules (OFFSET refused), which every request here falls under.
    result = executeHogQL({ query: sql, values: (values ?? {}) as Record<string, unknown>, events: state.eventsOf(project.id), now });
  } catch (error) {
    if (error instanceof HogQLError) throw ApiError.validation(error.message);
    console.error('[posthog-simulator] HogQL engine failure', error);
    throw new ApiError(500, { type: 'server_error', code: 'error', detail: 'ClickHouse error while executing query.', attr: null });
  }

  const payload: Record<string, unknown> = {
    cache_key: cacheKey,
    is_cached: false,
    last_refresh: isoMicros(now),
    next_allowed_client_refresh: isoMicros(now + CLIENT_REFRESH_INTERVAL_MS),
    timezone: project.timezone,
    columns: result.columns,
    types: result.types,
    results: result.results,
    hogql: result.hogql,
    hasMore: result.hasMore,
    limit: result.limit,
    offset: result.offset,
    modifiers: {},
    query: sql,
    timings: [],
    error: null,
    explain: null,
    metadata: null,
    query_status: null,
    resolved_date_range: null,
    clickhouse: null,
  };
  queryCache.set({ cacheKey, computedAtMs: now, payload });

  if (ASYNC_MODES.includes(refresh)) {
    const id = randomUUID().replace(/-/g, '');
    asyncQueries.add(id, { teamId: project.id, startedAt: now, payload });
    return { status: 202, body: { query_status: queryStatusBody(id, project.id, now, null) } };
  }
  return ok(payload);
}

function queryStatus({ asyncQueries, params, project, clock }: RouteContext): RouteResult {
  const run = asyncQueries.get(params.queryId);
  if (!run || run.teamId !== project.id) throw ApiError.notFound();
  return ok({ query_status: queryStatusBody(params.queryId, run.teamId, run.startedAt, { ...run.payload, end: clock.now() }) });
}

function queryStatusBody(id: string, teamId: number, startedAt: number, done: (Record<string, unknown> & { end: number }) | null): Record<string, unknown> {
  const { end, ...results } = done ?? { end: null };
  return {
    id,
    team_id: teamId,
    complete: done !== null,
    error: false,
    error_message: null,
    query_async: true,
    start_time: isoMicros(startedAt),
    end_time: end === null ? null : isoMicros(end as number),
    pickup_time: null,
    expiration_time: isoMicros(startedAt + 20 * 60_000),
    task_id: null,
    results: done ? results : null,
    query_progress: null,
    insight_id: null,
    dashboard_id: null,
    labels: null,
  };
}

function refreshMode(data: Record<string, unknown>): RefreshMode {
  const raw = data.refresh;
  if (raw === undefined || raw === null) return data.async === true ? 'async' : 'blocking';
  // PostHog still accepts the legacy booleans: true meant "recompute now".
  if (raw === true) return 'force_blocking';
  if (raw === false) return 'blocking';
  if (typeof raw !== 'string' || !REFRESH_MODES.includes(raw as RefreshMode)) throw ApiError.validation(`"${String(raw)}" is not a valid choice.`, 'refresh', 'invalid_choice');
  return raw as RefreshMode;
}
