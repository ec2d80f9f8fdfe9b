// Imitates PostHog's AnnotationsViewSet: /api/projects/{project_id}/annotations/
// (products/annotations/backend/api/annotation.py). Default page size 1000; the list hides deleted annotations and
// adds the organization-wide ones; DELETE is refused, soft delete is `PATCH {"deleted": true}`.
import { ApiError } from '../../core/api-error.js';
import { isoMicros } from '../../core/clock.js';
import type { RequestData } from '../../core/sim-request.js';
import { paginate } from '../../core/pagination.js';
import type { AnnotationRecord, AnnotationScope } from '../../state/simulator.models.js';
import type { SimulatorState } from '../../state/simulator.state.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, created, ok, type RouteContext } from '../api-route.js';
import { drfDateTime, optionalBoolean, optionalChoice, optionalDateTime, optionalString, stringList } from '../request-fields.js';
import { userBasic } from '../user-basic.serializer.js';

const SCOPES: readonly (AnnotationScope | 'recording')[] = ['dashboard_item', 'dashboard', 'project', 'organization', 'tag', 'recording'];
const ANNOTATIONS_PAGE_SIZE = 1000;

export const annotationRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects/:projectId/annotations',
    kind: 'project-nested',
    scopeObject: 'annotation',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'list',
        handle: ({ request, state, project }) => {
          const query = request.query;
          const search = query.get('search')?.toLowerCase();
          const scopeParam = query.get('scope');
          const scope = scopeParam === 'insight' ? 'dashboard_item' : scopeParam;
          const from = parseBound(query.get('date_from'));
          const to = parseBound(query.get('date_to'));
          const annotations = [...state.annotations.values()]
            .filter((a) => !a.deleted && (a.projectId === project.id || (a.scope === 'organization' && a.organizationId === project.organizationId)))
            .filter((a) => a.dashboard_item === null || state.insights.get(a.dashboard_item)?.deleted !== true)
            .filter((a) => !search || (a.content ?? '').toLowerCase().includes(search))
            .filter((a) => !scope || a.scope === scope)
            .filter((a) => from === null || (a.date_marker !== null && Date.parse(a.date_marker) >= from))
            .filter((a) => to === null || (a.date_marker !== null && Date.parse(a.date_marker) <= to))
            .sort(byDateMarkerDesc);
          return ok(paginate(request, annotations.map((a) => serializeAnnotation(state, a)), ANNOTATIONS_PAGE_SIZE));
        },
      },
      POST: {
        action: 'create',
        handle: ({ request, state, project, principal, clock }) => {
          const data = request.data();
          const now = isoMicros(clock.now());
          const record: AnnotationRecord = {
            projectId: project.id,
            organizationId: project.organizationId,
            id: state.nextId('annotation'),
            content: null,
            date_marker: null,
            creation_type: 'USR',
            dashboard_item: null,
            dashboard_id: null,
            createdById: principal.user.id,
            created_at: now,
            updated_at: now,
            deleted: false,
            // The model default: a single-insight annotation. Callers wanting a project-wide marker must say so.
            scope: 'dashboard_item',
            emoji: null,
            hidden_in_user_interface: null,
            tags: [],
          };
          applyWritableFields(record, data);
          state.annotations.set(record.id, record);
          return created(serializeAnnotation(state, record));
        },
      },
    },
  },
  {
    pattern: '/api/projects/:projectId/annotations/:id',
    kind: 'project-nested',
    scopeObject: 'annotation',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'retrieve',
        handle: (context) => {
          const annotation = findAnnotation(context);
          if (annotation.deleted) throw ApiError.notFound();
          return ok(serializeAnnotation(context.state, annotation));
        },
      },
      PATCH: {
        action: 'partial_update',
        handle: (context) => {
          // Deleted annotations are still reachable here, which is how a soft delete gets undone.
          const annotation = findAnnotation(context);
          applyWritableFields(annotation, context.request.data());
          annotation.updated_at = isoMicros(context.clock.now());
          return ok(serializeAnnotation(context.state, annotation));
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

function applyWritableFields(record: AnnotationRecord, data: RequestData): void {
  const scope = optionalChoice(data, 'scope', SCOPES);
  if (scope === 'recording') throw ApiError.validation('Recording scope is deprecated', 'scope');
  const content = optionalString(data, 'content', 8192);
  const dateMarker = optionalDateTime(data, 'date_marker');
  const creationType = optionalChoice(data, 'creation_type', ['USR', 'GIT'] as const);
  const tags = stringList(data, 'tags');
  if (content !== undefined) record.content = content;
  if (dateMarker !== undefined) record.date_marker = dateMarker === null ? null : drfDateTime(dateMarker);
  if (creationType !== undefined) record.creation_type = creationType;
  if (scope !== undefined) record.scope = scope;
  if (data.dashboard_item !== undefined) record.dashboard_item = toIdOrNull(data.dashboard_item, 'dashboard_item');
  if (data.dashboard_id !== undefined) record.dashboard_id = toIdOrNull(data.dashboard_id, 'dashboard_id');
  record.deleted = optionalBoolean(data, 'deleted') ?? record.deleted;
  const hidden = optionalBoolean(data, 'hidden_in_user_interface');
  if (hidden !== undefined) record.hidden_in_user_interface = hidden;
  const emoji = optionalString(data, 'emoji', 26);
  if (emoji !== undefined) record.emoji = emoji;
  if (tags !== undefined) record.tags = tags;
}

function toIdOrNull(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw ApiError.validation(`Incorrect type. Expected pk value, received ${typeof value === 'string' ? 'str' : typeof value}.`, field, 'incorrect_type');
}

function parseBound(raw: string | null): number | null {
  if (!raw) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

/** `-date_marker` on PostgreSQL: NULLs sort first in descending order. */
function byDateMarkerDesc(a: AnnotationRecord, b: AnnotationRecord): number {
  if (a.date_marker === null || b.date_marker === null) return a.date_marker === b.date_marker ? b.id - a.id : a.date_marker === null ? -1 : 1;
  return Date.parse(b.date_marker) - Date.parse(a.date_marker) || b.id - a.id;
}

function findAnnotation({ state, project, params }: RouteContext): AnnotationRecord {
  const annotation = /^\d+$/.test(params.id) ? state.annotations.get(Number(params.id)) : undefined;
  const visible = annotation && (annotation.projectId === project.id || (annotation.scope === 'organization' && annotation.organizationId === project.organizationId));
  if (!annotation || !visible) throw ApiError.notFound();
  return annotation;
}

function serializeAnnotation(state: SimulatorState, annotation: AnnotationRecord): Record<string, unknown> {
  const insight = annotation.dashboard_item === null ? undefined : state.insights.get(annotation.dashboard_item);
  return {
    id: annotation.id,
    content: annotation.content,
    date_marker: annotation.date_marker,
    creation_type: annotation.creation_type,
    dashboard_item: annotation.dashboard_item,
    dashboard_id: annotation.dashboard_id,
    dashboard_name: null,
    insight_short_id: insight?.short_id ?? null,
    insight_name: insight?.name ?? null,
    insight_derived_name: null,
    created_by: userBasic(state, annotation.createdById),
    created_at: annotation.created_at,
    updated_at: annotation.updated_at,
    deleted: annotation.deleted,
    scope: annotation.scope,
    emoji: annotation.emoji,
    hidden_in_user_interface: annotation.hidden_in_user_interface,
    tags: [...annotation.tags],
  };
}
