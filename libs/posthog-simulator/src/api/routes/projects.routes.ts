// Imitates PostHog's ProjectViewSet: GET /api/projects/ and GET /api/projects/{id}/ (posthog/api/project.py).
import { visibleProject } from '../../auth/api-scope.permission.js';
import { ApiError } from '../../core/api-error.js';
import { paginate } from '../../core/pagination.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, ok } from '../api-route.js';
import { projectBasic, projectDetail } from '../project.serializer.js';

export const projectRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects',
    kind: 'non-project',
    scopeObject: 'project',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'list',
        handle: ({ request, state, principal }) => {
          const search = request.query.get('search')?.toLowerCase();
          const scoped = principal.key.scoped_organizations;
          const projects = [...state.projects.values()]
            .filter((p) => state.isMember(principal.user, p))
            .filter((p) => scoped.length === 0 || scoped.includes(p.organizationId))
            .filter((p) => !search || p.name.toLowerCase().includes(search))
            .sort((a, b) => a.id - b.id);
          return ok(paginate(request, projects.map((p) => projectBasic(state, p))));
        },
      },
    },
  },
  {
    pattern: '/api/projects/:projectId',
    kind: 'project-object',
    scopeObject: 'project',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'retrieve',
        handle: ({ params, state, principal }) => {
          // PostHog answers 404 for projects outside the caller's organizations (or the key's scoped ones) too.
          const project = visibleProject(state, principal, params.projectId);
          if (!project) throw ApiError.notFound('Project not found.');
          return ok(projectDetail(state, project, state.membershipLevel(principal.user, project.organizationId)));
        },
      },
    },
  },
];
