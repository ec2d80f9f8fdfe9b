import { isoMicros } from '../core/clock.js';
import { hashKeyValue, maskKeyValue } from '../core/key-hash.js';
import type { PersonalApiKeyRecord } from '../state/simulator.models.js';
import type { SimulatorState } from '../state/simulator.state.js';
import {
  DAY_MS,
  DEMO_KEYS,
  DEMO_ORGANIZATION_ID,
  DEMO_PROJECT_ID,
  DEMO_PROJECT_TOKEN,
  DEMO_USER_ID,
  FINDRY_READ_SCOPES,
  FOREIGN_ORGANIZATION_ID,
  FOREIGN_PROJECT_ID,
  FOREIGN_PROJECT_TOKEN,
  OTHER_PROJECT_ID,
  OTHER_PROJECT_TOKEN,
} from './seed.constants.js';

/** Organizations, the demo user, projects and keys: shared by every seed, including `empty`. */
export function seedBase(state: SimulatorState, now: number): void {
  const ago = (days: number) => isoMicros(now - days * DAY_MS);

  state.organizations.set(DEMO_ORGANIZATION_ID, {
    id: DEMO_ORGANIZATION_ID,
    name: 'Demo Org',
    slug: 'demo-org',
    created_at: ago(400),
    updated_at: ago(30),
    members_can_use_personal_api_keys: true,
  });
  state.organizations.set(FOREIGN_ORGANIZATION_ID, {
    id: FOREIGN_ORGANIZATION_ID,
    name: 'Other Org',
    slug: 'other-org',
    created_at: ago(500),
    updated_at: ago(60),
    members_can_use_personal_api_keys: true,
  });

  const project = (id: number, organizationId: string, name: string, token: string, timezone: string, age: number) =>
    state.projects.set(id, {
      id,
      uuid: `01890000-0000-0000-0000-${String(id).padStart(12, '0')}`,
      organizationId,
      name,
      timezone,
      api_token: token,
      api_query_rate_limit: null,
      created_at: ago(age),
      updated_at: ago(3),
    });
  project(DEMO_PROJECT_ID, DEMO_ORGANIZATION_ID, 'Demo Project', DEMO_PROJECT_TOKEN, 'UTC', 400);
  project(OTHER_PROJECT_ID, DEMO_ORGANIZATION_ID, 'Other Project', OTHER_PROJECT_TOKEN, 'Europe/London', 200);
  project(FOREIGN_PROJECT_ID, FOREIGN_ORGANIZATION_ID, 'Foreign Project', FOREIGN_PROJECT_TOKEN, 'America/New_York', 300);

  state.users.set(DEMO_USER_ID, {
    id: DEMO_USER_ID,
    uuid: '01890000-0000-0000-0000-000000000007',
    distinct_id: 'u-7-distinct',
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@example.com',
    date_joined: ago(400),
    role_at_organization: 'engineering',
    memberships: [{ organizationId: DEMO_ORGANIZATION_ID, level: 8 }],
    currentProjectId: DEMO_PROJECT_ID,
  });

  const key = (suffix: string, value: string, label: string, scopes: string[], scopedTeams: number[] = []) => {
    const record: PersonalApiKeyRecord = {
      id: `01890000-0000-0000-0000-00000000${suffix}`,
      label,
      secureValue: hashKeyValue(value),
      mask_value: maskKeyValue(value),
      created_at: ago(90),
      last_used_at: null,
      user_id: DEMO_USER_ID,
      scopes,
      scoped_teams: scopedTeams,
      scoped_organizations: [],
      last_rolled_at: null,
    };
    state.addKey(record);
  };
  key('beef', DEMO_KEYS.allAccess, 'demo-all-access', ['*']);
  key('bee1', DEMO_KEYS.readOnly, 'demo-read-only', [...FINDRY_READ_SCOPES]);
  key('bee2', DEMO_KEYS.project2Only, 'demo-project2-only', ['*'], [OTHER_PROJECT_ID]);
  key('bee3', DEMO_KEYS.noScopes, 'demo-no-scopes', ['notebook:read']);
}
