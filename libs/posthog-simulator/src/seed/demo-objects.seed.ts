import { isoMicros, isoSeconds } from '../core/clock.js';
import type { AnnotationScope, CohortRecord, FeatureFlagRecord, SurveyQuestion, SurveyRecord } from '../state/simulator.models.js';
import type { SimulatorState } from '../state/simulator.state.js';
import {
  DAY_MS,
  DEMO_ORGANIZATION_ID,
  DEMO_PROJECT_ID,
  DEMO_USER_ID,
  FOREIGN_ORGANIZATION_ID,
  FOREIGN_PROJECT_ID,
  OTHER_PROJECT_ID,
} from './seed.constants.js';

/** Ids of the demo surveys, stable across runs so tests and the demo can refer to them. */
export const DEMO_SURVEY_IDS = {
  nps: '01920000-5000-4000-8000-000000000001',
  onboarding: '01920000-5000-4000-8000-000000000002',
  oldCsat: '01920000-5000-4000-8000-000000000003',
  otherProject: '01920000-5000-4000-8000-000000000004',
} as const;

const personFilter = (key: string, operator: string, value: unknown) => ({
  properties: { type: 'OR', values: [{ type: 'AND', values: [{ type: 'person', key, operator, value, negation: false }] }] },
});
const behavioralFilter = (eventName: string, days: number) => ({
  properties: {
    type: 'OR',
    values: [
      {
        type: 'AND',
        values: [
          { type: 'behavioral', key: eventName, value: 'performed_event', event_type: 'events', time_value: days, time_interval: 'day', negation: false },
        ],
      },
    ],
  },
});

/** Cohorts, flags, surveys, annotations and insights of the `demo` seed. Returns the surveys for response events. */
export function seedDemoObjects(state: SimulatorState, now: number): SurveyRecord[] {
  const ago = (days: number) => isoMicros(now - days * DAY_MS);

  const cohort = (projectId: number, id: number, name: string, extra: Partial<CohortRecord>) => {
    state.cohorts.set(id, {
      projectId,
      id,
      name,
      description: '',
      groups: [],
      deleted: false,
      filters: { properties: { type: 'AND', values: [] } },
      query: null,
      is_calculating: false,
      createdById: DEMO_USER_ID,
      created_at: ago(120 - id % 100),
      last_calculation: ago(1),
      errors_calculating: 0,
      count: 0,
      is_static: false,
      cohort_type: 'person_property',
      ...extra,
    });
    state.bumpSequence('cohort', id);
  };
  cohort(DEMO_PROJECT_ID, 101, 'Power users', { description: 'Used the app 5+ days last week', filters: behavioralFilter('$pageview', 7), count: 1523, cohort_type: 'behavioral' });
  cohort(DEMO_PROJECT_ID, 102, 'Beta list (CSV)', { is_static: true, cohort_type: 'static', count: 250 });
  cohort(DEMO_PROJECT_ID, 103, 'Paying customers', { filters: behavioralFilter('checkout_completed', 90), count: 412, cohort_type: 'behavioral' });
  cohort(DEMO_PROJECT_ID, 104, 'EU users', { filters: personFilter('$geoip_continent_code', 'exact', ['EU']), count: 688 });
  cohort(DEMO_PROJECT_ID, 105, 'Example.com staff', { filters: personFilter('email', 'icontains', '@example.com'), count: 31 });
  cohort(DEMO_PROJECT_ID, 106, 'Churn risk', { description: 'No pageview in 21 days', filters: behavioralFilter('$pageview', 21), count: 97, cohort_type: 'behavioral' });
  cohort(DEMO_PROJECT_ID, 107, 'Old experiment cohort', { deleted: true, count: 12 });
  cohort(OTHER_PROJECT_ID, 151, 'Other project testers', { count: 5 });
  cohort(FOREIGN_PROJECT_ID, 181, 'Foreign cohort', { count: 3, createdById: DEMO_USER_ID });

  const flag = (projectId: number, id: number, key: string, name: string, extra: Partial<FeatureFlagRecord> = {}) => {
    state.featureFlags.set(id, {
      projectId,
      id,
      name,
      key,
      filters: { groups: [{ properties: [], rollout_percentage: 100, variant: null }], multivariate: null, payloads: {} },
      deleted: false,
      active: true,
      archived: false,
      createdById: DEMO_USER_ID,
      created_at: ago(100 - (id % 100)),
      updated_at: ago(10),
      version: 1,
      ensure_experience_continuity: false,
      tags: [],
      evaluation_runtime: 'all',
      bucketing_identifier: 'distinct_id',
      last_called_at: ago(0.1),
      internal: false,
      ...extra,
    });
    state.bumpSequence('featureFlag', id);
  };
  const rollout = (percentage: number, properties: unknown[] = []) => ({
    groups: [{ properties, rollout_percentage: percentage, variant: null }],
    multivariate: null,
    payloads: {},
  });
  flag(DEMO_PROJECT_ID, 201, 'new-onboarding', 'New onboarding flow', { filters: rollout(25), version: 3 });
  flag(DEMO_PROJECT_ID, 202, 'checkout-v2', 'Checkout redesign experiment', {
    filters: {
      groups: [{ properties: [], rollout_percentage: 100, variant: null }],
      multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }] },
      payloads: {},
    },
  });
  flag(DEMO_PROJECT_ID, 203, 'dark-mode', 'Dark mode', { filters: rollout(100), tags: ['ui'] });
  flag(DEMO_PROJECT_ID, 204, 'pricing-page-test', 'Pricing page copy test', { filters: rollout(50) });
  flag(DEMO_PROJECT_ID, 205, 'search-rewrite', 'Search rewrite', {
    filters: rollout(10, [{ key: 'id', type: 'cohort', value: 101, operator: 'in' }]),
  });
  flag(DEMO_PROJECT_ID, 206, 'beta-dashboard', 'Beta dashboard for the beta list', {
    filters: rollout(100, [{ key: 'id', type: 'cohort', value: 102, operator: 'in' }]),
  });
  flag(DEMO_PROJECT_ID, 207, 'eu-consent-banner', 'EU consent banner', { active: false, filters: rollout(0) });
  flag(DEMO_PROJECT_ID, 208, 'legacy-export', 'Legacy CSV export', { archived: true, active: false });
  flag(DEMO_PROJECT_ID, 209, 'old-banner', 'Old promo banner', { deleted: true, active: false });
  flag(OTHER_PROJECT_ID, 251, 'other-project-flag', 'Flag in the other project', { filters: rollout(30) });
  flag(FOREIGN_PROJECT_ID, 281, 'foreign-flag', 'Flag in a foreign organization');

  const surveys: SurveyRecord[] = [];
  const survey = (record: Omit<SurveyRecord, 'internalTargetingFlagId' | 'createdById' | 'type' | 'schedule' | 'responses_limit'>, flagId: number) => {
    flag(record.projectId, flagId, `survey-targeting-${record.id.replace(/-/g, '').slice(-10)}-custom`, `Targeting flag for survey ${record.name}`, {
      internal: true,
      bucketing_identifier: null,
      filters: {
        groups: [
          {
            variant: '',
            properties: [
              { key: `$survey_dismissed/${record.id}`, type: 'person', value: 'is_not_set', operator: 'is_not_set' },
              { key: `$survey_responded/${record.id}`, type: 'person', value: 'is_not_set', operator: 'is_not_set' },
            ],
            rollout_percentage: 100,
          },
        ],
      },
      active: !record.archived,
    });
    const full: SurveyRecord = { ...record, type: 'popover', schedule: 'once', responses_limit: null, createdById: DEMO_USER_ID, internalTargetingFlagId: flagId };
    state.surveys.set(full.id, full);
    surveys.push(full);
  };
  const q = (surveyNo: number, n: number, question: Omit<SurveyQuestion, 'id'>): SurveyQuestion => ({
    id: `01920000-5000-4000-8000-0000000a${String(surveyNo).padStart(2, '0')}${String(n).padStart(2, '0')}`,
    ...question,
  });

  survey(
    {
      projectId: DEMO_PROJECT_ID,
      id: DEMO_SURVEY_IDS.nps,
      name: 'NPS survey',
      description: 'Quarterly net promoter score',
      questions: [
        q(1, 1, { type: 'rating', question: 'How likely are you to recommend us to a friend?', display: 'number', scale: 10, lowerBoundLabel: 'Unlikely', upperBoundLabel: 'Very likely', optional: false }),
        q(1, 2, { type: 'open', question: 'What could we do better?', optional: true, buttonText: 'Submit' }),
        q(1, 3, { type: 'multiple_choice', question: 'Which features do you use?', choices: ['Dashboards', 'Alerts', 'Exports', 'Other'], hasOpenChoice: true, shuffleOptions: false, optional: true }),
      ],
      created_at: ago(45),
      start_date: ago(40),
      end_date: null,
      archived: false,
      enable_partial_responses: true,
    },
    291,
  );
  survey(
    {
      projectId: DEMO_PROJECT_ID,
      id: DEMO_SURVEY_IDS.onboarding,
      name: 'Onboarding feedback',
      description: 'Asked after the first week',
      questions: [
        q(2, 1, { type: 'single_choice', question: 'How did you hear about us?', choices: ['Search', 'Friend', 'Social media', 'Conference'], shuffleOptions: false, optional: false }),
        q(2, 2, { type: 'rating', question: 'How easy was it to get started?', display: 'emoji', scale: 5, lowerBoundLabel: 'Hard', upperBoundLabel: 'Easy', optional: false }),
        q(2, 3, { type: 'open', question: 'Anything that confused you?', optional: true }),
        q(2, 4, { type: 'link', question: 'Want to talk to the team?', link: 'https://example.com/book-a-call', buttonText: 'Book a call', optional: true }),
      ],
      created_at: ago(35),
      start_date: ago(32),
      end_date: null,
      archived: false,
      enable_partial_responses: false,
    },
    292,
  );
  survey(
    {
      projectId: DEMO_PROJECT_ID,
      id: DEMO_SURVEY_IDS.oldCsat,
      name: 'Old CSAT',
      description: '',
      questions: [
        q(3, 1, { type: 'rating', question: 'How satisfied are you with support?', display: 'number', scale: 5, lowerBoundLabel: 'Unhappy', upperBoundLabel: 'Delighted', optional: false }),
        q(3, 2, { type: 'open', question: 'Tell us more', optional: true }),
      ],
      created_at: ago(90),
      start_date: ago(60),
      end_date: ago(20),
      archived: true,
      enable_partial_responses: false,
    },
    293,
  );
  survey(
    {
      projectId: OTHER_PROJECT_ID,
      id: DEMO_SURVEY_IDS.otherProject,
      name: 'Other project survey',
      description: '',
      questions: [q(4, 1, { type: 'open', question: 'Any feedback?', optional: false })],
      created_at: ago(20),
      start_date: ago(20),
      end_date: null,
      archived: false,
      enable_partial_responses: false,
    },
    294,
  );

  const annotation = (
    projectId: number,
    id: number,
    content: string,
    daysAgo: number,
    scope: AnnotationScope,
    extra: { deleted?: boolean; organizationId?: string; dashboard_item?: number | null } = {},
  ) => {
    state.annotations.set(id, {
      projectId,
      organizationId: extra.organizationId ?? DEMO_ORGANIZATION_ID,
      id,
      content,
      date_marker: isoSeconds(now - daysAgo * DAY_MS),
      creation_type: 'USR',
      dashboard_item: extra.dashboard_item ?? null,
      dashboard_id: null,
      createdById: DEMO_USER_ID,
      created_at: ago(daysAgo),
      updated_at: ago(daysAgo),
      deleted: extra.deleted ?? false,
      scope,
      emoji: null,
      hidden_in_user_interface: null,
      tags: [],
    });
    state.bumpSequence('annotation', id);
  };
  annotation(DEMO_PROJECT_ID, 3001, 'Deployed v2.3.0', 12, 'project');
  annotation(DEMO_PROJECT_ID, 3002, 'Pricing page copy changed', 25, 'project');
  annotation(DEMO_PROJECT_ID, 3003, 'Spike from newsletter', 40, 'dashboard_item', { dashboard_item: 4001 });
  annotation(DEMO_PROJECT_ID, 3004, 'Wrong date, ignore', 5, 'project', { deleted: true });
  annotation(OTHER_PROJECT_ID, 3005, 'Company offsite (org-wide)', 60, 'organization');
  annotation(OTHER_PROJECT_ID, 3006, 'Other project release', 8, 'project');
  annotation(FOREIGN_PROJECT_ID, 3007, 'Foreign annotation', 8, 'project', { organizationId: FOREIGN_ORGANIZATION_ID });

  const insight = (projectId: number, id: number, name: string, event: string, extra: { deleted?: boolean } = {}) => {
    state.insights.set(id, {
      projectId,
      id,
      short_id: `Ab${String(id).padStart(6, '0')}`,
      name,
      description: null,
      query: { kind: 'InsightVizNode', source: { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event }] } },
      dashboards: [42],
      createdById: DEMO_USER_ID,
      created_at: ago(80),
      updated_at: ago(9),
      deleted: extra.deleted ?? false,
      saved: true,
      favorited: false,
    });
    state.bumpSequence('insight', id);
  };
  insight(DEMO_PROJECT_ID, 4001, 'Weekly signups', 'signed_up');
  insight(DEMO_PROJECT_ID, 4002, 'Checkout revenue', 'checkout_completed');
  insight(DEMO_PROJECT_ID, 4003, 'Deleted insight', '$pageview', { deleted: true });

  return surveys;
}
