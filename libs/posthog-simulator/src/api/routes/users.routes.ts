// Imitates PostHog's UserViewSet: GET /api/users/@me/ (posthog/api/user.py).
import { ApiError } from '../../core/api-error.js';
import type { OrganizationRecord, UserRecord } from '../../state/simulator.models.js';
import type { SimulatorState } from '../../state/simulator.state.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, ok } from '../api-route.js';
import { projectBasic } from '../project.serializer.js';

export const userRoutes: ApiRoute[] = [
  {
    pattern: '/api/users/:uuid',
    kind: 'user',
    scopeObject: 'user',
    // UserAuthenticationThrottle only counts password changes, so reads are never throttled.
    throttles: THROTTLES.none,
    methods: {
      GET: {
        action: 'retrieve',
        handle: ({ params, state, principal }) => {
          const { user } = principal;
          if (params.uuid !== '@me' && params.uuid !== user.uuid) throw ApiError.notFound();
          return ok(serializeUser(state, user));
        },
      },
    },
  },
];

function serializeUser(state: SimulatorState, user: UserRecord): Record<string, unknown> {
  const currentProject = state.projects.get(user.currentProjectId);
  const currentOrganization = currentProject ? state.organizations.get(currentProject.organizationId) : undefined;
  const organizations = user.memberships
    .map((m) => ({ membership: m, organization: state.organizations.get(m.organizationId) }))
    .filter((m): m is { membership: (typeof user.memberships)[number]; organization: OrganizationRecord } => m.organization !== undefined);
  return {
    date_joined: user.date_joined,
    uuid: user.uuid,
    distinct_id: user.distinct_id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    pending_email: null,
    is_email_verified: true,
    notification_settings: {},
    anonymize_data: false,
    toolbar_mode: 'toolbar',
    has_password: true,
    id: user.id,
    is_staff: false,
    is_impersonated: false,
    is_impersonated_until: null,
    sensitive_session_expires_at: null,
    team: currentProject ? projectBasic(state, currentProject, true) : null,
    organization: currentOrganization ? serializeOrganization(state, user, currentOrganization) : null,
    organizations: organizations.map(({ membership, organization }) => ({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      logo_media_id: null,
      membership_level: membership.level,
      members_can_use_personal_api_keys: organization.members_can_use_personal_api_keys,
    })),
    events_column_config: { active: 'DEFAULT' },
    is_2fa_enabled: false,
    has_social_auth: false,
    has_sso_enforcement: false,
    has_seen_product_intro_for: null,
    scene_personalisation: [],
    theme_mode: 'system',
    hedgehog_config: null,
    role_at_organization: user.role_at_organization,
  };
}

function serializeOrganization(state: SimulatorState, user: UserRecord, organization: OrganizationRecord): Record<string, unknown> {
  const projects = [...state.projects.values()].filter((p) => p.organizationId === organization.id).sort((a, b) => a.id - b.id);
  const memberCount = [...state.users.values()].filter((u) => u.memberships.some((m) => m.organizationId === organization.id)).length;
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    logo_media_id: null,
    created_at: organization.created_at,
    updated_at: organization.updated_at,
    membership_level: state.membershipLevel(user, organization.id),
    plugins_access_level: 9,
    teams: projects.map((p) => projectBasic(state, p, true)),
    projects: projects.map((p) => ({ id: p.id, name: p.name })),
    available_product_features: [],
    is_member_join_email_enabled: true,
    metadata: {},
    customer_id: null,
    enforce_2fa: null,
    members_can_invite: true,
    members_can_use_personal_api_keys: organization.members_can_use_personal_api_keys,
    allow_publicly_shared_resources: true,
    member_count: memberCount,
    is_ai_data_processing_approved: null,
    default_experiment_stats_method: null,
    default_role_id: null,
  };
}
