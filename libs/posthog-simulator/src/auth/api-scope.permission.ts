import type { ApiRoute, RouteAction } from '../api/api-route.js';
import { ApiError } from '../core/api-error.js';
import type { ProjectRecord } from '../state/simulator.models.js';
import type { SimulatorState } from '../state/simulator.state.js';
import type { Principal } from './personal-api-key.auth.js';

const WRITE_ACTIONS = ['create', 'update', 'partial_update', 'patch', 'destroy'];
const READ_ACTIONS = ['list', 'retrieve'];

export interface PermissionInput {
  route: ApiRoute;
  action: RouteAction | undefined;
  method: string;
  principal: Principal;
  state: SimulatorState;
  /** The project id from the URL (`@current` already resolved), for project routes. */
  projectId: string | undefined;
  /** For `self-key` routes, the key id (or `@current`) in the URL; undefined on the list route. */
  objectId: string | undefined;
}

/**
 * PostHog's permission chain for a personal API key, in its order: APIScopePermission (required scope exists →
 * project lookup → `scoped_teams` → `scoped_organizations` → scopes), then project membership
 * (AccessControlPermission). Returns the project for project routes; throws the exact PostHog errors.
 */
export function checkPermissions(input: PermissionInput): ProjectRecord | null {
  const { route, action, principal, state } = input;
  const { key, user } = principal;

  if (route.kind === 'self-key') {
    // PersonalApiKeySelfAccessPermission, not APIScopePermission: no scope needed, only retrieving itself.
    const ownKey = input.objectId === '@current' || input.objectId === key.id;
    if (action?.action !== 'retrieve' || !ownKey) throw ApiError.permissionDenied('This action does not support Personal API Key access');
    return null;
  }

  const requiredScopes = action ? (action.requiredScopes ?? deriveScopes(route, action.action, input.method)) : null;
  if (!requiredScopes) throw ApiError.permissionDenied('This action does not support personal API key access');

  let project: ProjectRecord | null = null;
  if (route.kind !== 'user') {
    let organizationId: string;
    if (route.kind === 'project-nested') {
      project = lookupProject(state, input.projectId);
      if (!project) throw ApiError.notFound('Project not found.');
      organizationId = project.organizationId;
    } else {
      // Outside project-nested routes PostHog falls back to the user's current organization.
      organizationId = state.projects.get(user.currentProjectId)?.organizationId ?? '';
    }

    if (key.scoped_teams.length > 0) {
      if (route.kind === 'non-project') {
        throw ApiError.permissionDenied('API keys with scoped projects are only supported on project-based endpoints.');
      }
      const team = route.kind === 'project-object' ? visibleProject(state, principal, input.projectId) : project;
      if (!team) throw ApiError.notFound('Project not found.');
      if (!key.scoped_teams.includes(team.id)) {
        throw ApiError.permissionDenied(`API key does not have access to the requested project: ID ${team.id}.`);
      }
    }
    if (key.scoped_organizations.length > 0 && !key.scoped_organizations.includes(organizationId)) {
      throw ApiError.permissionDenied(`API key does not have access to the requested organization: ID ${organizationId}.`);
    }
  }

  if (!key.scopes.includes('*')) {
    for (const required of requiredScopes) {
      const satisfying = required.endsWith(':read') ? [required, required.replace(/:read$/, ':write')] : [required];
      if (!satisfying.some((scope) => key.scopes.includes(scope))) throw ApiError.permissionDenied(`API key missing required scope '${required}'`);
    }
  }

  if (project && !state.isMember(user, project)) throw ApiError.permissionDenied("You don't have access to the project.");
  return project;
}

/** Projects a key can see: the user's organizations, narrowed to `scoped_organizations` (ProjectViewSet queryset). */
export function visibleProject(state: SimulatorState, principal: Principal, projectId: string | undefined): ProjectRecord | null {
  const project = lookupProject(state, projectId);
  if (!project || !state.isMember(principal.user, project)) return null;
  const scopedOrganizations = principal.key.scoped_organizations;
  if (scopedOrganizations.length > 0 && !scopedOrganizations.includes(project.organizationId)) return null;
  return project;
}

function lookupProject(state: SimulatorState, projectId: string | undefined): ProjectRecord | null {
  if (projectId === undefined || !/^\d+$/.test(projectId)) return null;
  return state.projects.get(Number(projectId)) ?? null;
}

function deriveScopes(route: ApiRoute, action: string, method: string): string[] | null {
  const readActions = route.readActions ?? READ_ACTIONS;
  if (WRITE_ACTIONS.includes(action) && !readActions.includes(action)) return [`${route.scopeObject}:write`];
  if (readActions.includes(action) || method === 'OPTIONS') return [`${route.scopeObject}:read`];
  return null;
}
