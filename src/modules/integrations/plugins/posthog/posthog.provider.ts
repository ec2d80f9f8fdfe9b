import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../../../config/index.js';
import type { IntegrationProvider } from '../../provider/integration-provider.js';
import { IntegrationError } from '../../provider/integration.errors.js';
import type { ConnectionRef, ConnectionValidator, CredentialInput, ExternalProject, ValidatedConnection, ValidationContext } from '../../provider/provider-capabilities.js';
import { scopeReadiness, type SurfaceReadiness } from '../../provider/surface-readiness.js';
import { parsePersonalApiKey } from './posthog-api-key.js';
import { PostHogCredentials } from './posthog-credentials.service.js';
import { POSTHOG_HOST_PRESETS, normalisePostHogHost } from './posthog-host.js';
import { PostHogClient } from './posthog.client.js';
import { currentKeySchema, projectListSchema, projectSchema, type PostHogProject } from './posthog.schemas.js';

const SURFACES = [
  { key: 'pickers', label: 'Cohort and feature-flag pickers', requiredScopes: ['cohort:read', 'feature_flag:read'] },
  { key: 'surveys', label: 'Survey import', requiredScopes: ['survey:read', 'query:read'] },
  { key: 'annotations', label: 'Annotations', requiredScopes: ['annotation:write'] },
  { key: 'metrics', label: 'Metrics', requiredScopes: ['query:read', 'event_definition:read'] },
];

// Bounds the project picker: a key that sees more projects than this is served the first pages only.
const MAX_PROJECT_PAGES = 10;

/** PostHog (https://posthog.com): connection validation and the project picker. */
@Injectable()
export class PostHogProvider implements IntegrationProvider, ConnectionValidator {
  readonly key = 'posthog';
  readonly displayName = 'PostHog';
  readonly description = 'Cohort and flag pickers, survey responses as signals, annotations on your charts, and metrics from your events.';
  readonly credentialFields = [
    { key: 'host', label: 'PostHog host', type: 'url' as const, required: true, secret: false, maxLength: 255, presets: POSTHOG_HOST_PRESETS, description: 'https://us.posthog.com, https://eu.posthog.com, or your own PostHog origin' },
    { key: 'projectId', label: 'Project ID', type: 'integer' as const, required: true, secret: false, description: 'The number in /project/<id>/ in PostHog’s address bar' },
    { key: 'apiKey', label: 'Personal API key', type: 'string' as const, required: true, secret: true, maxLength: 200, description: 'phx_…, from PostHog → Settings → Personal API keys' },
  ];
  readonly settingFields = [{ key: 'annotationsEnabled', label: 'Push annotations to PostHog', type: 'boolean' as const, default: true }];
  readonly surfaces = SURFACES;

  constructor(
    private readonly client: PostHogClient,
    private readonly credentials: PostHogCredentials,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  readinessFor(grantedScopes: readonly string[] | null): SurfaceReadiness {
    return scopeReadiness(SURFACES, grantedScopes);
  }

  async validateCredentials(input: CredentialInput, ctx: ValidationContext): Promise<ValidatedConnection> {
    const host = normalisePostHogHost(String(input.host ?? ''), this.config.outbound.allowlist);
    const apiKey = parsePersonalApiKey(String(input.apiKey ?? ''));
    const projectId = Number(input.projectId);
    return { ...(await this.inspect(host, apiKey, projectId, ctx)), secret: apiKey };
  }

  async revalidate(connection: ConnectionRef, ctx: ValidationContext): Promise<Omit<ValidatedConnection, 'secret'>> {
    const apiKey = await this.credentials.apiKeyFor(connection.integrationId);
    return this.inspect(connection.host, apiKey, Number(connection.externalProjectId), ctx);
  }

  async listProjects(input: CredentialInput, { interactive }: ValidationContext): Promise<ExternalProject[]> {
    const host = normalisePostHogHost(String(input.host ?? ''), this.config.outbound.allowlist);
    const apiKey = parsePersonalApiKey(String(input.apiKey ?? ''));
    const projects: PostHogProject[] = [];
    let next: string | null = '/api/projects/';
    try {
      for (let page = 0; next && page < MAX_PROJECT_PAGES; page++) {
        const res: { next: string | null; results: PostHogProject[] } = await this.client.call({ host, apiKey, path: next, schema: projectListSchema, interactive, context: { target: 'other' } });
        projects.push(...res.results);
        next = res.next;
      }
    } catch (e) {
      // A key limited to some projects may not list projects at all; it can still read each of its own.
      if (!(e instanceof IntegrationError) || e.code !== 'posthog_forbidden') throw e;
      const key = await this.client.call({ host, apiKey, path: '/api/personal_api_keys/@current/', schema: currentKeySchema, interactive, context: { target: 'other' } });
      for (const id of key.scoped_teams ?? []) {
        projects.push(await this.client.call({ host, apiKey, path: `/api/projects/${id}/`, schema: projectSchema, interactive, context: { target: 'project', projectId: id } }));
      }
    }
    return projects.map((p) => ({ id: String(p.id), name: p.name }));
  }

  /** The Findry ping: can this key, on this host, see this project? Then: which surfaces will work? */
  private async inspect(host: string, apiKey: string, projectId: number, { interactive }: ValidationContext): Promise<Omit<ValidatedConnection, 'secret'>> {
    const project = await this.client.call({ host, apiKey, path: `/api/projects/${projectId}/`, schema: projectSchema, interactive, context: { target: 'project', projectId } });
    if (project.id !== projectId) throw new IntegrationError('posthog_invalid_response', 'PostHog answered for a different project than the one asked for', 'transient');
    return { host, externalProjectId: String(project.id), externalProjectName: project.name, grantedScopes: await this.scopesOf(host, apiKey, interactive) };
  }

  /** `null` when PostHog cannot say (an older self-hosted version without `@current`): readiness is then unknown. */
  private async scopesOf(host: string, apiKey: string, interactive: boolean): Promise<string[] | null> {
    try {
      const key = await this.client.call({ host, apiKey, path: '/api/personal_api_keys/@current/', schema: currentKeySchema, interactive, context: { target: 'other' } });
      return key.scopes;
    } catch (e) {
      if (e instanceof IntegrationError && ['posthog_forbidden', 'posthog_invalid_response'].includes(e.code)) return null;
      if (e instanceof IntegrationError && e.code === 'posthog_server_error') return null;
      throw e;
    }
  }
}
