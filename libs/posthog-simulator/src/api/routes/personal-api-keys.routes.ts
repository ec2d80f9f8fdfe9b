// Imitates PostHog's PersonalAPIKeyViewSet: GET /api/personal_api_keys/@current/ (posthog/api/personal_api_key.py).
// With a personal API key only `retrieve` of the key itself is allowed (PersonalApiKeySelfAccessPermission).
import type { PersonalApiKeyRecord } from '../../state/simulator.models.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, ok } from '../api-route.js';

export const personalApiKeyRoutes: ApiRoute[] = [
  { pattern: '/api/personal_api_keys', kind: 'self-key', scopeObject: 'personal_api_key', throttles: THROTTLES.default, methods: { GET: { action: 'list', handle: () => ok([]) } } },
  {
    pattern: '/api/personal_api_keys/:id',
    kind: 'self-key',
    scopeObject: 'personal_api_key',
    throttles: THROTTLES.default,
    methods: {
      GET: { action: 'retrieve', handle: ({ principal }) => ok(serializeKey(principal.key)) },
      PATCH: { action: 'partial_update', handle: () => ok(null) },
      DELETE: { action: 'destroy', handle: () => ok(null) },
    },
  },
];

/** `value` is only ever returned on create/roll; a key reading itself gets null. Empty scopes render as `["*"]`. */
function serializeKey(key: PersonalApiKeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    label: key.label,
    value: null,
    mask_value: key.mask_value,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    user_id: key.user_id,
    scopes: key.scopes.length > 0 ? [...key.scopes] : ['*'],
    scoped_teams: [...key.scoped_teams],
    scoped_organizations: [...key.scoped_organizations],
    last_rolled_at: key.last_rolled_at,
  };
}
