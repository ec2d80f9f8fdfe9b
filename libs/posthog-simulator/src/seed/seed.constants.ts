/** Well-known values of the seeds, for tests, the demo and the README. */
export const DEMO_ORGANIZATION_ID = '01890000-0000-0000-0000-0000000000aa';
/** An organization the demo user does not belong to; project 999 lives there. */
export const FOREIGN_ORGANIZATION_ID = '01890000-0000-0000-0000-0000000000bb';

export const DEMO_PROJECT_ID = 1;
export const OTHER_PROJECT_ID = 2;
export const FOREIGN_PROJECT_ID = 999;

export const DEMO_PROJECT_TOKEN = 'phc_demo_project_token';
export const OTHER_PROJECT_TOKEN = 'phc_other_project_token';
export const FOREIGN_PROJECT_TOKEN = 'phc_foreign_project_token';

export const DEMO_USER_ID = 7;

export const DEMO_KEYS = {
  allAccess: 'phx_demo_all_access',
  readOnly: 'phx_demo_read_only',
  project2Only: 'phx_demo_project2_only',
  noScopes: 'phx_demo_no_scopes',
} as const;

/** Read scopes for every object Findry touches. */
export const FINDRY_READ_SCOPES = [
  'project:read',
  'cohort:read',
  'feature_flag:read',
  'survey:read',
  'annotation:read',
  'query:read',
  'event_definition:read',
  'insight:read',
  'user:read',
];

export const DAY_MS = 86_400_000;
