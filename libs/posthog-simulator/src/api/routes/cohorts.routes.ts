// Imitates PostHog's CohortViewSet: /api/projects/{project_id}/cohorts/ (posthog/api/cohort.py).
// List hides soft-deleted cohorts; retrieve still returns them; DELETE is refused (ForbidDestroyModel).
import { ApiError } from '../../core/api-error.js';
import { isoMicros } from '../../core/clock.js';
import { paginate } from '../../core/pagination.js';
import type { CohortRecord } from '../../state/simulator.models.js';
import type { SimulatorState } from '../../state/simulator.state.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, created, ok, type RouteContext } from '../api-route.js';
import { optionalBoolean, optionalObject, optionalString } from '../request-fields.js';
import { userBasic } from '../user-basic.serializer.js';

export const cohortRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects/:projectId/cohorts',
    kind: 'project-nested',
    scopeObject: 'cohort',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'list',
        handle: ({ request, state, project }) => {
          const search = request.query.get('search')?.toLowerCase();
          const type = request.query.get('type');
          const cohorts = [...state.cohorts.values()]
            .filter((c) => c.projectId === project.id && !c.deleted)
            .filter((c) => !search || c.name.toLowerCase().includes(search))
            .filter((c) => type === null || (type === 'static' ? c.is_static : type === 'dynamic' ? !c.is_static : true))
            .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
          return ok(paginate(request, cohorts.map((c) => serializeCohort(state, c))));
        },
      },
      POST: {
        action: 'create',
        handle: ({ request, state, project, principal, clock }) => {
          const data = request.data();
          const name = optionalString(data, 'name', 400);
          const isStatic = optionalBoolean(data, 'is_static') ?? false;
          const record: CohortRecord = {
            projectId: project.id,
            id: state.nextId('cohort'),
            name: name ?? '',
            description: optionalString(data, 'description', 1000) ?? '',
            groups: [],
            deleted: false,
            filters: optionalObject(data, 'filters') ?? { properties: { type: 'AND', values: [] } },
            query: null,
            is_calculating: !isStatic,
            createdById: principal.user.id,
            created_at: isoMicros(clock.now()),
            last_calculation: null,
            errors_calculating: 0,
            count: isStatic ? 0 : null,
            is_static: isStatic,
            cohort_type: isStatic ? 'static' : 'person_property',
          };
          state.cohorts.set(record.id, record);
          return created(serializeCohort(state, record));
        },
      },
    },
  },
  {
    pattern: '/api/projects/:projectId/cohorts/:id',
    kind: 'project-nested',
    scopeObject: 'cohort',
    throttles: THROTTLES.default,
    methods: {
      GET: { action: 'retrieve', handle: (context) => ok(serializeCohort(context.state, findCohort(context))) },
      PATCH: {
        action: 'partial_update',
        handle: (context) => {
          const cohort = findCohort(context);
          const data = context.request.data();
          cohort.name = optionalString(data, 'name', 400) ?? cohort.name;
          cohort.description = optionalString(data, 'description', 1000) ?? cohort.description;
          cohort.deleted = optionalBoolean(data, 'deleted') ?? cohort.deleted;
          cohort.filters = optionalObject(data, 'filters') ?? cohort.filters;
          return ok(serializeCohort(context.state, cohort));
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

function findCohort({ state, project, params }: RouteContext): CohortRecord {
  const cohort = /^\d+$/.test(params.id) ? state.cohorts.get(Number(params.id)) : undefined;
  if (!cohort || cohort.projectId !== project.id) throw ApiError.notFound();
  return cohort;
}

function serializeCohort(state: SimulatorState, cohort: CohortRecord): Record<string, unknown> {
  return {
    id: cohort.id,
    name: cohort.name,
    description: cohort.description,
    groups: cohort.groups,
    deleted: cohort.deleted,
    filters: cohort.filters,
    query: cohort.query,
    is_calculating: cohort.is_calculating,
    created_by: userBasic(state, cohort.createdById),
    created_at: cohort.created_at,
    last_calculation: cohort.last_calculation,
    errors_calculating: cohort.errors_calculating,
    count: cohort.count,
    is_static: cohort.is_static,
    cohort_type: cohort.cohort_type,
    experiment_set: [],
  };
}
