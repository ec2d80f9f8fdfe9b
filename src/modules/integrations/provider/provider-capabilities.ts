import type { IntegrationProvider } from './integration-provider.js';

/** A connection as a capability sees it: never the secret, only what identifies the account and the row. */
export interface ConnectionRef {
  integrationId: string;
  workspaceId: string;
  host: string;
  externalProjectId: string;
}

/** What the connect form sent, after the core checked it against the provider's credential fields. */
export type CredentialInput = Record<string, string | number>;

/** What a successful validation learned about a credential. */
export interface ValidatedConnection {
  /** Normalised, non-secret part to store (host…). */
  host: string;
  externalProjectId: string;
  externalProjectName: string;
  /** `null` when the service could not tell which permissions the credential has. */
  grantedScopes: string[] | null;
  /** The secret to encrypt and store. Returned only to the core's storage code, never to a response. */
  secret: string;
}

/** A project (account, property…) on the external service, for the connect form's picker. */
export interface ExternalProject {
  id: string;
  name: string;
}

export interface ValidationContext {
  /** Interactive calls (the connect form) fail fast and never retry; background checks may wait and retry. */
  interactive: boolean;
}

/** Checks credentials against the service. Throws IntegrationError with a stable code on failure. */
export interface ConnectionValidator {
  validateCredentials(input: CredentialInput, ctx: ValidationContext): Promise<ValidatedConnection>;
  /** Re-checks a stored connection (the provider's credentials code decrypts it). */
  revalidate(connection: ConnectionRef, ctx: ValidationContext): Promise<Omit<ValidatedConnection, 'secret'>>;
  /** The projects a credential can see, so a form can offer a picker instead of a typed id. */
  listProjects(input: CredentialInput, ctx: ValidationContext): Promise<ExternalProject[]>;
}

/** One choice in a picker (a cohort, a feature flag). */
export interface PickerOption {
  id: string;
  name: string;
  description?: string;
}

/** Cohorts a bet can target. Not implemented by any plugin yet. */
export interface CohortSource {
  /** Live cohorts of the connected project, optionally filtered by name. */
  listCohorts(connection: ConnectionRef, query: { search?: string }): Promise<PickerOption[]>;
}

/** Feature flags a bet can target. Not implemented by any plugin yet. */
export interface FlagSource {
  /** Live, non-archived flags of the connected project, optionally filtered by key or name. */
  listFeatureFlags(connection: ConnectionRef, query: { search?: string }): Promise<PickerOption[]>;
}

/** A survey as the survey import sees it: enough to map answers to questions. */
export interface ExternalSurvey {
  id: string;
  name: string;
  archived: boolean;
  questions: { id: string; index: number; type: string; question: string }[];
}

/** One response, deduplicated by `externalId` when imported as a signal. */
export interface SurveyResponse {
  externalId: string;
  surveyId: string;
  occurredAt: Date;
  respondent: string | null;
  answers: Record<string, unknown>;
}

/** Survey responses imported as signals. Not implemented by any plugin yet. */
export interface SurveySource {
  /** Every survey of the connected project, archived ones flagged. */
  listSurveys(connection: ConnectionRef): Promise<ExternalSurvey[]>;
  /** The next page of responses after `cursor` (opaque to the core), for all given surveys at once. */
  fetchResponses(
    connection: ConnectionRef,
    query: { surveys: ExternalSurvey[]; cursor: string | null },
  ): Promise<{ responses: SurveyResponse[]; cursor: string | null; done: boolean }>;
}

/** A marker to draw on the external service's charts. */
export interface AnnotationInput {
  content: string;
  occurredAt: Date;
}

/** Annotations pushed when a bet is promoted, shipped or judged. Not implemented by any plugin yet. */
export interface AnnotationSink {
  /** Returns the external annotation id. Must be safe to call again for the same logical annotation. */
  pushAnnotation(connection: ConnectionRef, annotation: AnnotationInput): Promise<{ externalId: string }>;
}

/** One metric value to compute: an event, an aggregation and a time range. */
export interface MetricQuery {
  key: string;
  event: string;
  aggregation: 'count' | 'unique_users' | 'sum';
  property?: string;
  from: Date;
  to: Date;
}

/** Metric values pulled to judge shipped bets. Not implemented by any plugin yet. */
export interface MetricSource {
  /** Values keyed by `MetricQuery.key`; `null` when the service does not know the event. */
  fetchMetricValues(connection: ConnectionRef, queries: MetricQuery[]): Promise<Record<string, number | null>>;
}

const hasMethods = (p: object, ...names: string[]) => names.every((n) => typeof (p as Record<string, unknown>)[n] === 'function');

export const isConnectionValidator = (p: IntegrationProvider): p is IntegrationProvider & ConnectionValidator =>
  hasMethods(p, 'validateCredentials', 'revalidate', 'listProjects');
export const isCohortSource = (p: IntegrationProvider): p is IntegrationProvider & CohortSource => hasMethods(p, 'listCohorts');
export const isFlagSource = (p: IntegrationProvider): p is IntegrationProvider & FlagSource => hasMethods(p, 'listFeatureFlags');
export const isSurveySource = (p: IntegrationProvider): p is IntegrationProvider & SurveySource => hasMethods(p, 'listSurveys', 'fetchResponses');
export const isAnnotationSink = (p: IntegrationProvider): p is IntegrationProvider & AnnotationSink => hasMethods(p, 'pushAnnotation');
export const isMetricSource = (p: IntegrationProvider): p is IntegrationProvider & MetricSource => hasMethods(p, 'fetchMetricValues');

/** Capability names as the catalogue reports them. */
export function capabilitiesOf(p: IntegrationProvider): string[] {
  const checks: [string, (p: IntegrationProvider) => boolean][] = [
    ['connection_validator', isConnectionValidator],
    ['cohort_source', isCohortSource],
    ['flag_source', isFlagSource],
    ['survey_source', isSurveySource],
    ['annotation_sink', isAnnotationSink],
    ['metric_source', isMetricSource],
  ];
  return checks.filter(([, check]) => check(p)).map(([name]) => name);
}
