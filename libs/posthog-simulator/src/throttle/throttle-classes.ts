import type { ThrottleRule } from './throttle.js';

/**
 * PostHog's throttle classes (`posthog/rate_limit.py`). Which set an endpoint uses is declared on its route.
 */
export const THROTTLES = {
  /** Default on every viewset (settings REST_FRAMEWORK DEFAULT_THROTTLE_CLASSES). */
  default: [
    { scope: 'burst', rate: '480/minute' },
    { scope: 'sustained', rate: '4800/hour' },
  ],
  /** ClickHouse-backed viewsets (insights) and non-HogQL query kinds. */
  clickhouse: [
    { scope: 'clickhouse_burst', rate: '240/minute' },
    { scope: 'clickhouse_sustained', rate: '1200/hour' },
  ],
  /** UserViewSet only throttles password changes, so reading @me is effectively unthrottled. */
  none: [],
} satisfies Record<string, ThrottleRule[]>;

/** HogQLQueryThrottle: 120/hour unless the project sets `api_query_rate_limit`. */
export function hogqlQueryThrottle(projectRate: string | null): ThrottleRule[] {
  return [{ scope: 'query', rate: projectRate ?? '120/hour' }];
}
