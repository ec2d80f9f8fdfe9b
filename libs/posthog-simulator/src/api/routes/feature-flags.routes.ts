// Imitates PostHog's FeatureFlagViewSet: /api/projects/{project_id}/feature_flags/
// (products/feature_flags/backend/api/feature_flag.py). The list hides deleted flags, survey/product-tour targeting
// flags, and archived flags unless an `archived` param is sent; DELETE is refused (soft delete via PATCH).
import { ApiError } from '../../core/api-error.js';
import { isoMicros } from '../../core/clock.js';
import { paginate } from '../../core/pagination.js';
import type { FeatureFlagRecord } from '../../state/simulator.models.js';
import type { SimulatorState } from '../../state/simulator.state.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, created, ok, type RouteContext } from '../api-route.js';
import { optionalBoolean, optionalObject, optionalString, stringList } from '../request-fields.js';
import { userBasic } from '../user-basic.serializer.js';

const FLAG_KEY_PATTERN = /^[a-zA-Z0-9_-]+$/;

export const featureFlagRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects/:projectId/feature_flags',
    kind: 'project-nested',
    scopeObject: 'feature_flag',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'list',
        handle: ({ request, state, project }) => {
          const query = request.query;
          const search = query.get('search')?.toLowerCase();
          const archived = query.get('archived');
          const active = query.get('active');
          const flags = [...state.featureFlags.values()]
            .filter((f) => f.projectId === project.id && !f.deleted && !f.internal)
            .filter((f) => (archived === null ? !f.archived : archived === 'true' ? f.archived : archived === 'false' ? !f.archived : true))
            .filter((f) => active === null || (active === 'true' ? f.active : active === 'false' ? !f.active : true))
            .filter((f) => !search || f.key.toLowerCase().includes(search) || f.name.toLowerCase().includes(search))
            .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
          return ok(paginate(request, flags.map((f) => serializeFlag(state, f))));
        },
      },
      POST: {
        action: 'create',
        handle: ({ request, state, project, principal, clock }) => {
          const data = request.data();
          const key = optionalString(data, 'key', 400);
          if (key === undefined || key === null || key === '') throw ApiError.required('key');
          if (!FLAG_KEY_PATTERN.test(key)) throw ApiError.validation('Only letters, numbers, hyphens (-) & underscores (_) are allowed.', 'key', 'invalid_key');
          const taken = [...state.featureFlags.values()].some((f) => f.projectId === project.id && !f.deleted && f.key === key);
          if (taken) throw ApiError.validation('There is already a feature flag with this key.', 'key', 'unique');
          const now = isoMicros(clock.now());
          const record: FeatureFlagRecord = {
            projectId: project.id,
            id: state.nextId('featureFlag'),
            name: optionalString(data, 'name', 400) ?? '',
            key,
            filters: optionalObject(data, 'filters') ?? { groups: [{ properties: [], rollout_percentage: 0, variant: null }], multivariate: null, payloads: {} },
            deleted: false,
            active: optionalBoolean(data, 'active') ?? true,
            archived: false,
            createdById: principal.user.id,
            created_at: now,
            updated_at: now,
            version: 1,
            ensure_experience_continuity: optionalBoolean(data, 'ensure_experience_continuity') ?? false,
            tags: stringList(data, 'tags') ?? [],
            evaluation_runtime: 'all',
            bucketing_identifier: 'distinct_id',
            last_called_at: null,
            internal: false,
          };
          state.featureFlags.set(record.id, record);
          return created(serializeFlag(state, record));
        },
      },
    },
  },
  {
    pattern: '/api/projects/:projectId/feature_flags/:id',
    kind: 'project-nested',
    scopeObject: 'feature_flag',
    throttles: THROTTLES.default,
    methods: {
      GET: { action: 'retrieve', handle: (context) => ok(serializeFlag(context.state, findFlag(context))) },
      PATCH: {
        action: 'partial_update',
        handle: (context) => {
          const flag = findFlag(context);
          const data = context.request.data();
          flag.name = optionalString(data, 'name', 400) ?? flag.name;
          flag.active = optionalBoolean(data, 'active') ?? flag.active;
          flag.archived = optionalBoolean(data, 'archived') ?? flag.archived;
          flag.deleted = optionalBoolean(data, 'deleted') ?? flag.deleted;
          flag.filters = optionalObject(data, 'filters') ?? flag.filters;
          flag.tags = stringList(data, 'tags') ?? flag.tags;
          flag.version += 1;
          flag.updated_at = isoMicros(context.clock.now());
          return ok(serializeFlag(context.state, flag));
        },
      },
      DELETE: {
        action: 'destroy',
        handle: () => {
          throw ApiError.destroyForbidden();
        },
      },
    },
  },
];

function findFlag({ state, project, params }: RouteContext): FeatureFlagRecord {
  const flag = /^\d+$/.test(params.id) ? state.featureFlags.get(Number(params.id)) : undefined;
  if (!flag || flag.projectId !== project.id) throw ApiError.notFound();
  return flag;
}

function flagStatus(flag: FeatureFlagRecord): string {
  if (flag.deleted) return 'DELETED';
  if (flag.archived) return 'ARCHIVED';
  return 'ACTIVE';
}

export function serializeFlag(state: SimulatorState, flag: FeatureFlagRecord): Record<string, unknown> {
  const surveys = [...state.surveys.values()].filter((s) => s.internalTargetingFlagId === flag.id).map((s) => ({ id: s.id, name: s.name }));
  return {
    id: flag.id,
    name: flag.name,
    key: flag.key,
    filters: flag.filters,
    deleted: flag.deleted,
    active: flag.active,
    archived: flag.archived,
    created_by: userBasic(state, flag.createdById),
    created_at: flag.created_at,
    updated_at: flag.updated_at,
    version: flag.version,
    last_modified_by: userBasic(state, flag.createdById),
    ensure_experience_continuity: flag.ensure_experience_continuity,
    experiment_set: [],
    experiment_set_metadata: [],
    surveys,
    features: [],
    rollback_conditions: null,
    performed_rollback: false,
    can_edit: true,
    tags: [...flag.tags],
    evaluation_contexts: [],
    usage_dashboard: null,
    analytics_dashboards: [],
    has_enriched_analytics: false,
    user_access_level: 'editor',
    is_remote_configuration: false,
    has_encrypted_payloads: false,
    status: flagStatus(flag),
    evaluation_runtime: flag.evaluation_runtime,
    bucketing_identifier: flag.bucketing_identifier,
    last_called_at: flag.last_called_at,
    is_used_in_replay_settings: false,
  };
}
