import type { Principal } from '../auth/personal-api-key.auth.js';
import type { SimClock } from '../core/clock.js';
import type { SimRequest } from '../core/sim-request.js';
import type { ProjectRecord } from '../state/simulator.models.js';
import type { SimulatorState } from '../state/simulator.state.js';
import type { ThrottleRule } from '../throttle/throttle.js';
import type { AsyncQueryRuns } from './query/async-query-runs.js';
import type { QueryCache } from './query/query-cache.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How PostHog resolves the project and organization of a route for its permission checks:
 * - `project-nested`: `/api/projects/{project_id}/...` viewsets (team from the URL, 404 "Project not found.");
 * - `project-object`: ProjectViewSet retrieve, where the project is the object itself;
 * - `non-project`: no project in the URL (project list); project-scoped keys are refused;
 * - `user`: `/api/users/@me/`, exempt from key team/org scoping;
 * - `self-key`: `/api/personal_api_keys/`, where a key may only read itself.
 */
export type RouteKind = 'project-nested' | 'project-object' | 'non-project' | 'user' | 'self-key';

export interface RouteContext {
  request: SimRequest;
  params: Record<string, string>;
  state: SimulatorState;
  clock: SimClock;
  principal: Principal;
  /** The URL's project, checked by the permission layer; reading it on a route of another kind throws. */
  readonly project: ProjectRecord;
  queryCache: QueryCache;
  asyncQueries: AsyncQueryRuns;
}

export interface RouteResult {
  status: number;
  /** undefined sends an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteAction {
  /** DRF action name; decides the required scope unless `requiredScopes` is given. */
  action: string;
  requiredScopes?: string[];
  /** Overrides the route's throttles for this action (the query endpoint picks them from the body). */
  throttles?: (context: RouteContext) => readonly ThrottleRule[];
  handle(context: RouteContext): RouteResult | Promise<RouteResult>;
}

export interface ApiRoute {
  /** e.g. `/api/projects/:projectId/cohorts/:id`; a trailing slash is optional, as in PostHog's router. */
  pattern: string;
  kind: RouteKind;
  scopeObject: string;
  /** `scope_object_read_actions` override (QueryViewSet counts create as a read). */
  readActions?: string[];
  throttles: readonly ThrottleRule[];
  /** Methods without an entry have no DRF action, which PostHog refuses to personal API keys with a 403. */
  methods: Partial<Record<HttpMethod, RouteAction>>;
}

export const ok = (body: unknown, headers?: Record<string, string>): RouteResult => ({ status: 200, body, headers });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
