// Imitates PostHog's InsightViewSet: /api/projects/{project_id}/insights/ (posthog/api/insight.py).
// ClickHouse-backed, so it carries the clickhouse throttles; deleted insights are excluded; DELETE is refused.
import { ApiError } from '../../core/api-error.js';
import { paginate } from '../../core/pagination.js';
import type { InsightRecord } from '../../state/simulator.models.js';
import type { SimulatorState } from '../../state/simulator.state.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, ok, type RouteContext } from '../api-route.js';
import { userBasic } from '../user-basic.serializer.js';

export const insightRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects/:projectId/insights',
    kind: 'project-nested',
    scopeObject: 'insight',
    throttles: THROTTLES.clickhouse,
    methods: {
      GET: {
        action: 'list',
        handle: ({ request, state, project }) => {
          const q = request.query;
          const search = q.get('search')?.toLowerCase();
          const shortId = q.get('short_id');
          const saved = q.get('saved');
          const insights = [...state.insights.values()]
            .filter((i) => i.projectId === project.id && !i.deleted)
            .filter((i) => !search || (i.name ?? '').toLowerCase().includes(search) || (i.description ?? '').toLowerCase().includes(search))
            .filter((i) => shortId === null || i.short_id === shortId)
            .filter((i) => saved === null || i.saved === (saved === 'true'))
            .sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id);
          return ok(paginate(request, insights.map((i) => serializeInsight(state, i))));
        },
      },
    },
  },
  {
    pattern: '/api/projects/:projectId/insights/:id',
    kind: 'project-nested',
    scopeObject: 'insight',
    throttles: THROTTLES.clickhouse,
    methods: {
      GET: { action: 'retrieve', handle: (context) => ok(serializeInsight(context.state, findInsight(context))) },
      DELETE: {
        action: 'destroy',
        handle: () => {
          throw ApiError.destroyForbidden();
        },
      },
    },
  },
];

function findInsight({ state, project, params }: RouteContext): InsightRecord {
  const insight = /^\d+$/.test(params.id) ? state.insights.get(Number(params.id)) : undefined;
  if (!insight || insight.projectId !== project.id || insight.deleted) throw ApiError.notFound();
  return insight;
}

/** The `basic=true` shape (metadata only); the simulator never computes insight results. */
function serializeInsight(state: SimulatorState, insight: InsightRecord): Record<string, unknown> {
  return {
    id: insight.id,
    short_id: insight.short_id,
    name: insight.name,
    derived_name: null,
    favorited: insight.favorited,
    query: insight.query,
    dashboards: [...insight.dashboards],
    dashboard_tiles: insight.dashboards.map((dashboardId, i) => ({ id: insight.id * 10 + i, dashboard_id: dashboardId, deleted: null })),
    description: insight.description,
    last_refresh: null,
    refreshing: false,
    saved: insight.saved,
    tags: [],
    updated_at: insight.updated_at,
    created_by: userBasic(state, insight.createdById),
    created_at: insight.created_at,
    last_modified_at: insight.updated_at,
    deleted: insight.deleted,
  };
}
