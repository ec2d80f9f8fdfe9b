import type { ApiRoute } from './api-route.js';
import { annotationRoutes } from './routes/annotations.routes.js';
import { cohortRoutes } from './routes/cohorts.routes.js';
import { eventDefinitionRoutes } from './routes/event-definitions.routes.js';
import { featureFlagRoutes } from './routes/feature-flags.routes.js';
import { insightRoutes } from './routes/insights.routes.js';
import { personalApiKeyRoutes } from './routes/personal-api-keys.routes.js';
import { projectRoutes } from './routes/projects.routes.js';
import { queryRoutes } from './routes/query.routes.js';
import { surveyRoutes } from './routes/surveys.routes.js';
import { userRoutes } from './routes/users.routes.js';

/** Every PostHog endpoint the simulator serves. Anything else under /api/ is 404 "Endpoint not found.". */
export const API_ROUTES: readonly ApiRoute[] = [
  ...projectRoutes,
  ...userRoutes,
  ...personalApiKeyRoutes,
  ...cohortRoutes,
  ...featureFlagRoutes,
  ...surveyRoutes,
  ...annotationRoutes,
  ...eventDefinitionRoutes,
  ...insightRoutes,
  ...queryRoutes,
];
