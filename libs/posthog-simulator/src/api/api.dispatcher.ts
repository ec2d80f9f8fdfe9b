import { checkPermissions } from '../auth/api-scope.permission.js';
import { authenticate, findKeyWithSource, type PresentedKey } from '../auth/personal-api-key.auth.js';
import { ApiError } from '../core/api-error.js';
import type { SimClock } from '../core/clock.js';
import { maskKeyValue } from '../core/key-hash.js';
import type { SimRequest } from '../core/sim-request.js';
import type { SimulatorState } from '../state/simulator.state.js';
import type { ThrottleRegistry } from '../throttle/throttle.js';
import type { ApiRoute, HttpMethod, RouteContext } from './api-route.js';
import type { AsyncQueryRuns } from './query/async-query-runs.js';
import type { QueryCache } from './query/query-cache.js';

export interface ApiServices {
  state(): SimulatorState;
  clock: SimClock;
  throttles: ThrottleRegistry;
  queryCache: QueryCache;
  asyncQueries: AsyncQueryRuns;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  keyId: string | null;
  keyMask: string | null;
  throttledBy: string | null;
}

interface CompiledRoute {
  route: ApiRoute;
  regex: RegExp;
  names: string[];
}

/**
 * Runs one `/api/...` request through PostHog's request lifecycle: URL resolution (404 "Endpoint not found."),
 * authentication, permissions, throttles, then the handler, and renders errors in PostHog's envelope.
 */
export class ApiDispatcher {
  private readonly compiled: CompiledRoute[];

  constructor(
    routes: readonly ApiRoute[],
    private readonly services: ApiServices,
  ) {
    this.compiled = routes.map(compile);
  }

  async dispatch(request: SimRequest): Promise<ApiResponse> {
    const response: ApiResponse = { status: 200, body: undefined, headers: {}, keyId: null, keyMask: null, throttledBy: null };
    let path = request.path;
    // NEW PostHog rewrites the legacy environments prefix in-process and flags it as deprecated.
    if (path.startsWith('/api/environments/')) {
      path = `/api/projects/${path.slice('/api/environments/'.length)}`;
      response.headers.Deprecation = 'true';
      response.headers.Link = `<${path}>; rel="successor-version"`;
    }
    try {
      const match = this.match(path);
      if (!match) throw ApiError.endpointNotFound();
      const { route, params } = match;
      // DRF maps HEAD onto the GET action; Node drops the body of a HEAD response by itself.
      const action = route.methods[(request.method === 'HEAD' ? 'GET' : request.method) as HttpMethod];

      const presented: PresentedKey | null = findKeyWithSource(request);
      response.keyMask = presented ? maskKeyValue(presented.value) : null;
      const state = this.services.state();
      const principal = authenticate(presented, state, this.services.clock);
      if (!principal) throw ApiError.notAuthenticated();
      response.keyId = principal.key.id;

      if (params.projectId === '@current') params.projectId = String(principal.user.currentProjectId);
      const project = checkPermissions({
        route,
        action,
        method: request.method,
        principal,
        state,
        projectId: params.projectId,
        objectId: params.id,
      });

      const context: RouteContext = {
        request,
        params,
        state,
        clock: this.services.clock,
        principal,
        get project() {
          if (!project) throw new Error(`${route.pattern} is not a project-nested route`);
          return project;
        },
        queryCache: this.services.queryCache,
        asyncQueries: this.services.asyncQueries,
      };
      const rules = action?.throttles ? action.throttles(context) : route.throttles;
      const verdict = this.services.throttles.check(principal.key.secureValue, rules);
      if (!verdict.allowed) {
        response.throttledBy = verdict.scope;
        throw ApiError.throttled(verdict.waitSeconds);
      }
      // An unmapped method passed the checks only if the key could not be refused for it; DRF then says 405.
      if (!action) throw ApiError.methodNotAllowed(request.method);

      const result = await action.handle(context);
      response.status = result.status;
      response.body = result.body;
      Object.assign(response.headers, result.headers);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : internalError(error);
      response.status = apiError.status;
      response.body = apiError.envelope ?? undefined;
      Object.assign(response.headers, apiError.headers);
      if (apiError.status === 401) {
        response.headers['WWW-Authenticate'] = `Bearer resource_metadata="${request.baseUrl}/.well-known/oauth-protected-resource"`;
      }
    }
    return response;
  }

  private match(path: string): { route: ApiRoute; params: Record<string, string> } | null {
    for (const { route, regex, names } of this.compiled) {
      const found = regex.exec(path);
      if (found) return { route, params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]])) };
    }
    return null;
  }
}

/** Trailing slash optional, like PostHog's `DefaultRouterPlusPlus` (`trailing_slash = r"/?"`). */
function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const body = route.pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${body}/?$`), names };
}

function internalError(error: unknown): ApiError {
  console.error('[posthog-simulator] unexpected error', error);
  return new ApiError(500, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null });
}
