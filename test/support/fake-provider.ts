import { Inject, Injectable, Module } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { SecretBoxError, type SecretBox } from '../../libs/crypto/src/index.js';
import { SECRET_BOX } from '../../src/common/crypto/secret-box.token.js';
import { Integration, integrationSecretAad } from '../../src/modules/integrations/entities/integration.entity.js';
import type { CredentialField, IntegrationProvider, SettingField, SurfaceDefinition } from '../../src/modules/integrations/provider/integration-provider.js';
import { IntegrationError } from '../../src/modules/integrations/provider/integration.errors.js';
import type {
  ConnectionRef,
  ConnectionValidator,
  CredentialInput,
  ExternalProject,
  ValidatedConnection,
  ValidationContext,
} from '../../src/modules/integrations/provider/provider-capabilities.js';
import { scopeReadiness, type SurfaceReadiness } from '../../src/modules/integrations/provider/surface-readiness.js';
import type { IntegrationPlugin } from '../../src/modules/integrations/provider/integration-plugin.js';

/** The only API key the fake service accepts. */
export const FAKE_GOOD_KEY = 'good-key';
export const FAKE_PROVIDER_KEY = 'acme-analytics';
export const FAKE_PROJECTS: ExternalProject[] = [
  { id: 'acme-1', name: 'Acme Workspace' },
  { id: 'acme-2', name: 'Acme Sandbox' },
];
/** What a good key is allowed to do: enough for `dashboards`, not for `exports`. */
export const FAKE_GRANTED_SCOPES = ['dashboard:read'];

const rejected = () =>
  new IntegrationError('acme_key_rejected', 'Acme Analytics rejected the API key', 'credentials', { hint: 'Create a new key in Acme Analytics → Settings → API.' });

/** Everything the fake was asked, so tests can see exactly what the core handed a plugin. */
export interface FakeCall {
  method: 'validateCredentials' | 'revalidate' | 'listProjects';
  input?: CredentialInput;
  connection?: ConnectionRef;
  ctx: ValidationContext;
}

/**
 * A second, test-only integration provider ("Acme Analytics"). It lives outside src/ and is registered the way
 * any plugin is (a Nest module exporting an IntegrationProvider): if the core knew anything PostHog-specific,
 * this provider could not connect, check, change settings or disconnect through the same routes.
 */
@Injectable()
export class FakeProvider implements IntegrationProvider, ConnectionValidator {
  readonly key: string = FAKE_PROVIDER_KEY;
  readonly displayName: string = 'Acme Analytics';
  readonly description = 'A fake analytics service used by the tests to prove the integration core is provider-agnostic.';
  readonly credentialFields: readonly CredentialField[] = [
    { key: 'host', label: 'Acme host', type: 'url', required: true, secret: false, maxLength: 255 },
    { key: 'apiKey', label: 'Acme API key', type: 'string', required: true, secret: true, maxLength: 100 },
  ];
  readonly settingFields: readonly SettingField[] = [{ key: 'syncEnabled', label: 'Sync dashboards nightly', type: 'boolean', default: false }];
  readonly surfaces: readonly SurfaceDefinition[] = [
    { key: 'dashboards', label: 'Dashboards', requiredScopes: ['dashboard:read'] },
    { key: 'exports', label: 'Exports', requiredScopes: ['export:write'] },
  ];

  /** Set by a test to make the service refuse the stored key from now on (a key revoked on the service side). */
  revoked = false;
  readonly calls: FakeCall[] = [];
  /** Plaintexts this plugin decrypted from the database (test-only: proves the core stored what it validated). */
  readonly opened: string[] = [];

  constructor(
    private readonly em: EntityManager,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
  ) {}

  readinessFor(grantedScopes: readonly string[] | null): SurfaceReadiness {
    return scopeReadiness(this.surfaces, grantedScopes);
  }

  async validateCredentials(input: CredentialInput, ctx: ValidationContext): Promise<ValidatedConnection> {
    this.calls.push({ method: 'validateCredentials', input: { ...input }, ctx });
    if (input.apiKey !== FAKE_GOOD_KEY) throw rejected();
    const project = FAKE_PROJECTS[0]!;
    return { host: this.normaliseHost(input.host), externalProjectId: project.id, externalProjectName: project.name, grantedScopes: [...FAKE_GRANTED_SCOPES], secret: input.apiKey };
  }

  async revalidate(connection: ConnectionRef, ctx: ValidationContext): Promise<Omit<ValidatedConnection, 'secret'>> {
    this.calls.push({ method: 'revalidate', connection: { ...connection }, ctx });
    const row = await this.em.fork().findOne(Integration, { id: connection.integrationId }, { fields: ['accessTokenCiphertext'] });
    if (!row?.accessTokenCiphertext) throw new IntegrationError('integration_not_connected', 'Acme Analytics is not connected', 'credentials');
    let apiKey: string;
    try {
      apiKey = this.secrets.open(row.accessTokenCiphertext, integrationSecretAad(connection.integrationId));
    } catch (e) {
      if (!(e instanceof SecretBoxError)) throw e;
      throw new IntegrationError('credentials_unreadable', 'The stored Acme key cannot be decrypted', 'credentials');
    }
    this.opened.push(apiKey);
    if (apiKey !== FAKE_GOOD_KEY || this.revoked) throw rejected();
    const project = FAKE_PROJECTS.find((p) => p.id === connection.externalProjectId);
    if (!project) throw new IntegrationError('acme_project_not_found', `Acme project ${connection.externalProjectId} not found`, 'credentials');
    return { host: connection.host, externalProjectId: project.id, externalProjectName: project.name, grantedScopes: [...FAKE_GRANTED_SCOPES] };
  }

  async listProjects(input: CredentialInput, ctx: ValidationContext): Promise<ExternalProject[]> {
    this.calls.push({ method: 'listProjects', input: { ...input }, ctx });
    if (input.apiKey !== FAKE_GOOD_KEY) throw rejected();
    return FAKE_PROJECTS.map((p) => ({ ...p }));
  }

  reset(): void {
    this.revoked = false;
    this.calls.length = 0;
    this.opened.length = 0;
  }

  private normaliseHost(raw: unknown): string {
    try {
      return new URL(String(raw)).origin;
    } catch {
      throw new IntegrationError('acme_invalid_host', 'That is not a valid Acme host', 'input');
    }
  }
}

@Module({ providers: [FakeProvider], exports: [FakeProvider] })
export class FakeProviderModule {}

export const FAKE_PLUGIN: IntegrationPlugin = { module: FakeProviderModule, provider: FakeProvider };
