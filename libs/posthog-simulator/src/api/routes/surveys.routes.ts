// Imitates PostHog's SurveyViewSet: /api/projects/{project_id}/surveys/ (products/surveys/backend/api/survey.py).
// `?archived=true|false` filters; without it archived surveys are listed too. DELETE hard-deletes (204) and takes
// the survey's targeting flag with it.
import { ApiError } from '../../core/api-error.js';
import { paginate } from '../../core/pagination.js';
import type { SurveyRecord } from '../../state/simulator.models.js';
import type { SimulatorState } from '../../state/simulator.state.js';
import { THROTTLES } from '../../throttle/throttle-classes.js';
import { type ApiRoute, ok, type RouteContext } from '../api-route.js';
import { userBasic } from '../user-basic.serializer.js';

export const surveyRoutes: ApiRoute[] = [
  {
    pattern: '/api/projects/:projectId/surveys',
    kind: 'project-nested',
    scopeObject: 'survey',
    throttles: THROTTLES.default,
    methods: {
      GET: {
        action: 'list',
        handle: ({ request, state, project }) => {
          const archived = request.query.get('archived');
          const search = request.query.get('search')?.toLowerCase();
          const surveys = [...state.surveys.values()]
            .filter((s) => s.projectId === project.id)
            .filter((s) => archived === null || s.archived === (archived === 'true' || archived === 'True' || archived === '1'))
            .filter((s) => !search || s.name.toLowerCase().includes(search) || s.description.toLowerCase().includes(search))
            .sort((a, b) => b.created_at.localeCompare(a.created_at));
          return ok(paginate(request, surveys.map((s) => serializeSurvey(state, s))));
        },
      },
    },
  },
  {
    pattern: '/api/projects/:projectId/surveys/:id',
    kind: 'project-nested',
    scopeObject: 'survey',
    throttles: THROTTLES.default,
    methods: {
      GET: { action: 'retrieve', handle: (context) => ok(serializeSurvey(context.state, findSurvey(context))) },
      DELETE: {
        action: 'destroy',
        handle: (context) => {
          const survey = findSurvey(context);
          context.state.surveys.delete(survey.id);
          if (survey.internalTargetingFlagId !== null) context.state.featureFlags.delete(survey.internalTargetingFlagId);
          return { status: 204 };
        },
      },
    },
  },
];

function findSurvey({ state, project, params }: RouteContext): SurveyRecord {
  const survey = state.surveys.get(params.id);
  if (!survey || survey.projectId !== project.id) throw ApiError.notFound();
  return survey;
}

function serializeSurvey(state: SimulatorState, survey: SurveyRecord): Record<string, unknown> {
  const flag = survey.internalTargetingFlagId === null ? undefined : state.featureFlags.get(survey.internalTargetingFlagId);
  return {
    id: survey.id,
    name: survey.name,
    description: survey.description,
    type: survey.type,
    schedule: survey.schedule,
    linked_flag: null,
    linked_flag_id: null,
    linked_insight_id: null,
    targeting_flag: null,
    internal_targeting_flag: flag
      ? {
          id: flag.id,
          team_id: flag.projectId,
          name: flag.name,
          key: flag.key,
          filters: flag.filters,
          deleted: flag.deleted,
          active: flag.active,
          ensure_experience_continuity: flag.ensure_experience_continuity,
          version: flag.version,
          evaluation_runtime: flag.evaluation_runtime,
          bucketing_identifier: flag.bucketing_identifier,
          evaluation_contexts: [],
        }
      : null,
    questions: survey.questions.map((q) => ({ ...q, ...(q.choices ? { choices: [...q.choices] } : {}) })),
    conditions: { url: '', events: { values: [], repeatedActivation: false } },
    appearance: { displayThankYouMessage: true, thankYouMessageHeader: 'Thanks!' },
    created_at: survey.created_at,
    created_by: userBasic(state, survey.createdById),
    start_date: survey.start_date,
    end_date: survey.end_date,
    archived: survey.archived,
    responses_limit: survey.responses_limit,
    feature_flag_keys: [
      { key: 'linked_flag_key', value: null },
      { key: 'targeting_flag_key', value: null },
      { key: 'internal_targeting_flag_key', value: flag?.key ?? null },
      { key: 'internal_response_sampling_flag_key', value: null },
    ],
    iteration_count: null,
    iteration_frequency_days: null,
    iteration_start_dates: [],
    current_iteration: null,
    current_iteration_start_date: null,
    response_sampling_start_date: null,
    response_sampling_interval_type: 'week',
    response_sampling_interval: null,
    response_sampling_limit: null,
    response_sampling_daily_limits: null,
    enable_partial_responses: survey.enable_partial_responses,
    enable_iframe_embedding: null,
    translations: null,
    user_access_level: 'editor',
    form_content: null,
  };
}
