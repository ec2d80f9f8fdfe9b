/** In-memory records. Field names follow PostHog's serializers so routes can render them with little mapping. */

export interface OrganizationRecord {
  id: string;
  name: string;
  slug: string;
  created_at: string;
  updated_at: string;
  members_can_use_personal_api_keys: boolean;
}

export interface ProjectRecord {
  id: number;
  uuid: string;
  organizationId: string;
  name: string;
  timezone: string;
  api_token: string;
  /** `Team.api_query_rate_limit`, e.g. "10/hour"; null means the HogQL default (120/hour). */
  api_query_rate_limit: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipRecord {
  organizationId: string;
  /** OrganizationMembership.Level: 1 member, 8 admin, 15 owner. */
  level: 1 | 8 | 15;
}

export interface UserRecord {
  id: number;
  uuid: string;
  distinct_id: string;
  first_name: string;
  last_name: string;
  email: string;
  date_joined: string;
  role_at_organization: string;
  memberships: MembershipRecord[];
  currentProjectId: number;
}

export interface PersonalApiKeyRecord {
  id: string;
  label: string;
  /** sha256 of the key value; the value itself is never stored. */
  secureValue: string;
  mask_value: string;
  created_at: string;
  last_used_at: string | null;
  user_id: number;
  scopes: string[];
  scoped_teams: number[];
  scoped_organizations: string[];
  last_rolled_at: string | null;
}

export interface CohortRecord {
  projectId: number;
  id: number;
  name: string;
  description: string;
  groups: unknown[];
  deleted: boolean;
  filters: Record<string, unknown>;
  query: unknown;
  is_calculating: boolean;
  createdById: number;
  created_at: string;
  last_calculation: string | null;
  errors_calculating: number;
  count: number | null;
  is_static: boolean;
  cohort_type: string;
}

export interface FeatureFlagRecord {
  projectId: number;
  id: number;
  name: string;
  key: string;
  filters: Record<string, unknown>;
  deleted: boolean;
  active: boolean;
  archived: boolean;
  createdById: number;
  created_at: string;
  updated_at: string;
  version: number;
  ensure_experience_continuity: boolean;
  tags: string[];
  evaluation_runtime: string;
  bucketing_identifier: string | null;
  last_called_at: string | null;
  /** Survey / product-tour targeting flags are hidden from the list endpoint. */
  internal: boolean;
}

export type SurveyQuestionType = 'open' | 'link' | 'rating' | 'single_choice' | 'multiple_choice';

export interface SurveyQuestion {
  id: string;
  type: SurveyQuestionType;
  question: string;
  description?: string;
  optional?: boolean;
  buttonText?: string;
  display?: 'number' | 'emoji';
  scale?: number;
  lowerBoundLabel?: string;
  upperBoundLabel?: string;
  choices?: string[];
  hasOpenChoice?: boolean;
  shuffleOptions?: boolean;
  link?: string;
}

export interface SurveyRecord {
  projectId: number;
  id: string;
  name: string;
  description: string;
  type: 'popover' | 'widget' | 'external_survey' | 'api';
  schedule: 'once' | 'recurring' | 'always';
  questions: SurveyQuestion[];
  internalTargetingFlagId: number | null;
  createdById: number;
  created_at: string;
  start_date: string | null;
  end_date: string | null;
  archived: boolean;
  responses_limit: number | null;
  enable_partial_responses: boolean;
}

export type AnnotationScope = 'dashboard_item' | 'dashboard' | 'project' | 'organization' | 'tag';

export interface AnnotationRecord {
  projectId: number;
  organizationId: string;
  id: number;
  content: string | null;
  date_marker: string | null;
  creation_type: 'USR' | 'GIT';
  dashboard_item: number | null;
  dashboard_id: number | null;
  createdById: number | null;
  created_at: string;
  updated_at: string;
  deleted: boolean;
  scope: AnnotationScope;
  emoji: string | null;
  hidden_in_user_interface: boolean | null;
  tags: string[];
}

export interface EventDefinitionRecord {
  projectId: number;
  id: string;
  name: string;
  created_at: string;
  /** Epoch ms of the newest event seen, or null. */
  lastSeenMs: number | null;
}

export interface InsightRecord {
  projectId: number;
  id: number;
  short_id: string;
  name: string | null;
  description: string | null;
  query: Record<string, unknown>;
  dashboards: number[];
  createdById: number;
  created_at: string;
  updated_at: string;
  deleted: boolean;
  saved: boolean;
  favorited: boolean;
}
