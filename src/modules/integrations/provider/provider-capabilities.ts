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

export interface PickerOption {
  id: string;
  name: string;
  description?: string;
}

export interface CohortSource {
  listCohorts(connection: ConnectionRef, query: { search?: string }): Promise<PickerOption[]>;
}

export interface FlagSource {
  listFeatureFlags(connection: ConnectionRef, query: { search?: string }): Promise<PickerOption[]>;
}

export interface ExternalSurvey {
  id: string;
  name: string;
  archived: boolean;
  questions: { id: string; index: number; type: string; question: string }[];
}

export interface SurveyResponse {
  externalId: string;
  surveyId: string;
  occurredAt: Date;
  respondent: string | null;
  answers: Record<string, unknown>;
}

export interface SurveySource {
  listSurveys(connection: ConnectionRef): Promise<ExternalSurvey[]>;
  fetchResponses(
    connection: ConnectionRef,
    query: { surveys: ExternalSurvey[]; cursor: string | null },
  ): Promise<{ responses: SurveyResponse[]; cursor: string | null; done: boolean }>;
}

export interface AnnotationInput {
  content: string;
  occurredAt: Date;
}

export interface AnnotationSink {
  /** Returns the external annotation id. Must be safe to call again for the same logical annotation. */
  pushAnnotation(connection: ConnectionRef, annotation: AnnotationInput): Promise<{ externalId: string }>;
}

export interface MetricQuery {
  key: string;
  event: string;
  aggregation: 'count' | 'unique_users' | 'sum';
  property?: string;
  from: Date;
  to: Date;
}

export interface MetricSource {
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
