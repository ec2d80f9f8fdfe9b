// Imitates PostHog's EventDefinitionViewSet: /api/projects/{project_id}/event_definitions/
// (posthog/api/event_definition.py). Definitions are created and touched by ingestion (capture and seeds).
import { ApiError } from '../../core/api-error.js';
import { paginate } from '../../core/pagination.js';
import type { EventDefinitionRecord } from '../../state/simulator.models.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, ok } from '../api-route.js';
import { drfDateTime } from '../request-fields.js';

export const eventDefinitionRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects/:projectId/event_definitions',
    kind: 'project-nested',
    scopeObject: 'event_definition',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'list',
        handle: ({ request, state, project }) => {
          const terms = (request.query.get('search') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
          const eventType = request.query.get('event_type') ?? 'event';
          let excluded: unknown = [];
          try {
            excluded = JSON.parse(request.query.get('excluded_properties') ?? '[]');
          } catch {
            throw ApiError.validation('excluded_properties must be a JSON list of event names.', 'excluded_properties');
          }
          const excludedNames = new Set(Array.isArray(excluded) ? excluded.map(String) : []);
          const definitions = state
            .definitionsOf(project.id)
            .filter((d) => terms.every((term) => d.name.toLowerCase().includes(term)))
            .filter((d) => !excludedNames.has(d.name))
            .filter((d) => (eventType === 'event_custom' ? !d.name.startsWith('$') : eventType === 'event_posthog' ? d.name.startsWith('$') : eventType !== 'action_event'))
            .sort(ordering(request.query.get('ordering')));
          return ok(paginate(request, definitions.map(serializeDefinition)));
        },
      },
    },
  },
  {
    pattern: '/api/projects/:projectId/event_definitions/:id',
    kind: 'project-nested',
    scopeObject: 'event_definition',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'retrieve',
        handle: ({ state, project, params }) => {
          const definition = state.definitionsOf(project.id).find((d) => d.id === params.id);
          if (!definition) throw ApiError.notFound();
          return ok(serializeDefinition(definition));
        },
      },
    },
  },
];

/** Default: most recently seen day first, then name; `ordering=name|-name|last_seen_at|-last_seen_at` overrides. */
function ordering(param: string | null): (a: EventDefinitionRecord, b: EventDefinitionRecord) => number {
  const byName = (a: EventDefinitionRecord, b: EventDefinitionRecord) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const seen = (d: EventDefinitionRecord) => d.lastSeenMs ?? -Infinity;
  switch (param) {
    case 'name':
      return byName;
    case '-name':
      return (a, b) => byName(b, a);
    case 'last_seen_at':
      return (a, b) => seen(a) - seen(b) || byName(a, b);
    case '-last_seen_at':
      return (a, b) => seen(b) - seen(a) || byName(a, b);
    default: {
      const day = (d: EventDefinitionRecord) => (d.lastSeenMs === null ? -Infinity : Math.floor(d.lastSeenMs / 86_400_000));
      return (a, b) => day(b) - day(a) || byName(a, b);
    }
  }
}

function serializeDefinition(definition: EventDefinitionRecord): Record<string, unknown> {
  return {
    id: definition.id,
    name: definition.name,
    created_at: definition.created_at,
    last_seen_at: definition.lastSeenMs === null ? null : drfDateTime(definition.lastSeenMs),
    last_updated_at: null,
    tags: [],
    is_action: false,
    action_id: null,
    is_calculating: false,
    last_calculated_at: null,
    created_by: null,
    post_to_slack: false,
  };
}
