import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { APP_CONFIG, type AppConfig } from '../../../config/index.js';
import type { SecretBox } from '../../../libs/crypto/src/index.js';
import { SECRET_BOX } from '../../common/crypto/secret-box.token.js';
import { AppError } from '../../common/errors/app-error.js';
import { validationFailed, type FieldProblem } from '../../common/errors/validation-failed.js';
import { AuditService } from '../audit/audit.service.js';
import { Workspace } from '../workspaces/entities/workspace.entity.js';
import { Integration, integrationSecretAad } from './entities/integration.entity.js';
import { IntegrationConnectedEvent } from './events/integration-connected.event.js';
import { IntegrationDisconnectedEvent } from './events/integration-disconnected.event.js';
import { parseCredentialInput } from './provider/credential-input.js';
import type { IntegrationProvider } from './provider/integration-provider.js';
import { IntegrationProviderRegistry } from './provider/integration-provider.registry.js';
import { IntegrationError } from './provider/integration.errors.js';
import { isConnectionValidator, type ConnectionValidator, type ExternalProject, type ValidatedConnection } from './provider/provider-capabilities.js';

type Validated = Omit<ValidatedConnection, 'secret'>;

/**
 * The connection lifecycle, for any provider with a ConnectionValidator: connect, replace, check, settings,
 * disconnect, and the background health check. Nothing here knows which service it talks to.
 */
@Injectable()
export class IntegrationsService {
  private readonly logger = new Logger(IntegrationsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly registry: IntegrationProviderRegistry,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listForWorkspace(workspaceId: string): Promise<Integration[]> {
    return this.em.find(Integration, { workspace: workspaceId });
  }

  async find(workspaceId: string, provider: string): Promise<Integration | null> {
    return this.em.findOne(Integration, { workspace: workspaceId, provider });
  }

  /**
   * Validates first and writes only on success, so a failed replace leaves the current connection untouched.
   * The same call connects, replaces a key or project, and reconnects after a disconnect (reusing the row).
   */
  async connect(workspaceId: string, providerKey: string, body: unknown, actorId: string): Promise<Integration> {
    const provider = this.validatorOf(providerKey);
    const input = parseCredentialInput(provider.credentialFields, body);
    const validated = await provider.validateCredentials(input, { interactive: true });
    try {
      return await this.store(workspaceId, provider, validated, actorId);
    } catch (e) {
      // Two first-time connects raced to insert the row; the loser replaces what the winner stored.
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
      return this.store(workspaceId, provider, validated, actorId);
    }
  }

  async listProjects(providerKey: string, body: unknown): Promise<ExternalProject[]> {
    const provider = this.validatorOf(providerKey);
    const secretAndHost = provider.credentialFields.filter((f) => f.secret || f.type === 'url').map((f) => f.key);
    const input = parseCredentialInput(provider.credentialFields, body, { only: secretAndHost });
    return provider.listProjects(input, { interactive: true });
  }

  /** Re-validates now (interactive). A refused key turns the tile to `error`; success turns it back. */
  async check(workspaceId: string, providerKey: string, actorId: string): Promise<Integration> {
    const row = await this.requireLive(workspaceId, providerKey);
    return this.revalidate(row, { interactive: true, actorId });
  }

  async updateSettings(workspaceId: string, providerKey: string, body: unknown, actorId: string): Promise<Integration> {
    const provider = this.registry.get(providerKey);
    const settings = this.parseSettings(provider, body);
    return this.em.transactional(async (em) => {
      const row = await em.findOne(Integration, { workspace: workspaceId, provider: providerKey }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw new AppError('not_found', 'integration_not_found', `${provider.displayName} has never been connected in this workspace`);
      const before = { ...row.settings };
      row.settings = { ...row.settings, ...settings };
      await this.audit.record(
        { workspaceId, actorId, action: 'integration.settings_changed', targetType: 'integration', targetId: row.id, details: { provider: providerKey, before, after: row.settings } },
        { em },
      );
      return row;
    });
  }

  /** Idempotent. Drops the secret and keeps the row, its settings and whatever other modules mapped to it. */
  async disconnect(workspaceId: string, providerKey: string, actorId: string): Promise<Integration | null> {
    this.registry.get(providerKey);
    const row = await this.em.transactional(async (em) => {
      const found = await em.findOne(Integration, { workspace: workspaceId, provider: providerKey }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found || found.status === 'disconnected') return found ? { row: found, changed: false } : null;
      found.status = 'disconnected';
      found.accessTokenCiphertext = null;
      found.encryptionKeyId = null;
      found.disconnectedAt = new Date();
      await this.audit.record(
        { workspaceId, actorId, action: 'integration.disconnected', targetType: 'integration', targetId: found.id, details: { provider: providerKey, projectId: found.externalProjectId } },
        { em },
      );
      return { row: found, changed: true };
    });
    if (row?.changed) this.events.emit(IntegrationDisconnectedEvent.eventName, new IntegrationDisconnectedEvent(workspaceId, providerKey, row.row.id));
    return row?.row ?? null;
  }

  async liveIntegrationIds(): Promise<string[]> {
    const rows = await this.em.find(Integration, { status: { $in: ['connected', 'error'] } }, { fields: ['id'], orderBy: { id: 'asc' } });
    return rows.map((r) => r.id);
  }

  /**
   * Connections whose last check, successful or not, is older than the configured interval. A failing
   * connection is therefore re-checked once per interval too, not on every sweep.
   */
  async dueForHealthCheck({ now = new Date(), integrationId }: { now?: Date; integrationId?: string } = {}): Promise<string[]> {
    const before = new Date(now.getTime() - this.config.integrations.healthCheckIntervalHours * 3600_000);
    const rows = await this.em.getConnection().execute<{ id: string }[]>(
      `select id from integrations
        where status in ('connected', 'error')
          and greatest(coalesce(last_validated_at, '-infinity'), coalesce(last_error_at, '-infinity')) < ?
          ${integrationId ? 'and id = ?' : ''}
        order by id`,
      integrationId ? [before, integrationId] : [before],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The scheduled check of one connection. Another instance may have checked it since this job was queued,
   * so it re-reads the row and skips a fresh one: a check is never spent twice on the same interval.
   */
  async runHealthCheck(integrationId: string, { force = false }: { force?: boolean } = {}): Promise<'checked' | 'skipped'> {
    const row = await this.em.findOne(Integration, { id: integrationId });
    if (!row || row.status === 'disconnected') return 'skipped';
    if (!force && !(await this.dueForHealthCheck({ integrationId })).length) return 'skipped';
    try {
      await this.revalidate(row, { interactive: false, actorId: null });
    } catch (e) {
      // Rate limits leave the row as it was; the next sweep tries again.
      if (!(e instanceof IntegrationError && e.category === 'rate_limited')) throw e;
      this.logger.warn({ integrationId, code: e.code }, 'health check postponed');
    }
    return 'checked';
  }

  private async revalidate(row: Integration, { interactive, actorId }: { interactive: boolean; actorId: string | null }): Promise<Integration> {
    const provider = this.validatorOf(row.provider);
    const ref = { integrationId: row.id, workspaceId: row.workspace.id, host: row.host, externalProjectId: row.externalProjectId };
    let outcome: { ok: Validated } | { error: IntegrationError };
    try {
      outcome = { ok: await provider.revalidate(ref, { interactive }) };
    } catch (e) {
      if (!(e instanceof IntegrationError)) throw e;
      if (e.category === 'rate_limited') throw e;
      outcome = { error: e };
    }
    const previousStatus = row.status;
    return this.em.transactional(async (em) => {
      const locked = await em.findOneOrFail(Integration, { id: row.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      // A disconnect that landed while the service was answering wins: its secret is gone and must stay gone.
      if (locked.status === 'disconnected') return locked;
      if ('ok' in outcome) {
        locked.status = 'connected';
        locked.externalProjectName = outcome.ok.externalProjectName;
        locked.grantedScopes = outcome.ok.grantedScopes;
        locked.lastValidatedAt = new Date();
        locked.lastError = null;
        locked.lastErrorCode = null;
        locked.lastErrorHint = null;
        locked.lastErrorAt = null;
      } else {
        if (outcome.error.category === 'credentials') locked.status = 'error';
        locked.lastError = outcome.error.message;
        locked.lastErrorCode = outcome.error.code;
        locked.lastErrorHint = outcome.error.extra.hint ?? null;
        locked.lastErrorAt = new Date();
      }
      if (interactive || locked.status !== previousStatus) {
        await this.audit.record(
          {
            workspaceId: locked.workspace.id,
            actorId,
            action: 'integration.checked',
            targetType: 'integration',
            targetId: locked.id,
            details: { provider: locked.provider, trigger: interactive ? 'manual' : 'schedule', from: previousStatus, to: locked.status, ...('error' in outcome ? { error: outcome.error.code } : {}) },
          },
          { em },
        );
      }
      return locked;
    });
  }

  private async store(workspaceId: string, provider: IntegrationProvider, validated: ValidatedConnection, actorId: string): Promise<Integration> {
    const { row, action, previousProjectId } = await this.em.transactional(async (em) => {
      const existing = await em.findOne(Integration, { workspace: workspaceId, provider: provider.key }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const now = new Date();
      const row =
        existing ??
        em.create(Integration, {
          workspace: em.getReference(Workspace, workspaceId),
          provider: provider.key,
          status: 'connected',
          host: validated.host,
          externalProjectId: validated.externalProjectId,
          externalProjectName: validated.externalProjectName,
          settings: Object.fromEntries(provider.settingFields.map((f) => [f.key, f.default])),
        });
      const action = !existing ? 'integration.connected' : existing.status === 'disconnected' ? 'integration.reconnected' : 'integration.replaced';
      const previousProjectId = existing && existing.externalProjectId !== validated.externalProjectId ? existing.externalProjectId : null;
      if (previousProjectId) {
        row.previousExternalProjectId = previousProjectId;
        row.projectChangedAt = now;
      }
      row.status = 'connected';
      row.host = validated.host;
      row.externalProjectId = validated.externalProjectId;
      row.externalProjectName = validated.externalProjectName;
      row.grantedScopes = validated.grantedScopes;
      row.accessTokenCiphertext = this.secrets.seal(validated.secret, integrationSecretAad(row.id));
      row.encryptionKeyId = this.secrets.activeKeyId;
      row.connectedBy = actorId;
      row.connectedAt = now;
      row.disconnectedAt = null;
      row.lastValidatedAt = now;
      row.lastError = null;
      row.lastErrorCode = null;
      row.lastErrorHint = null;
      row.lastErrorAt = null;
      await this.audit.record(
        {
          workspaceId,
          actorId,
          action,
          targetType: 'integration',
          targetId: row.id,
          details: { provider: provider.key, host: row.host, projectId: row.externalProjectId, ...(previousProjectId ? { previousProjectId } : {}) },
        },
        { em },
      );
      return { row, action, previousProjectId };
    });
    this.logger.log({ workspaceId, provider: provider.key, action }, 'integration stored');
    this.events.emit(IntegrationConnectedEvent.eventName, new IntegrationConnectedEvent(workspaceId, provider.key, row.id, previousProjectId));
    return row;
  }

  private async requireLive(workspaceId: string, providerKey: string): Promise<Integration> {
    const provider = this.registry.get(providerKey);
    const row = await this.find(workspaceId, providerKey);
    if (!row || row.status === 'disconnected') {
      throw new AppError('conflict', 'integration_not_connected', `${provider.displayName} is not connected in this workspace`);
    }
    return row;
  }

  private validatorOf(providerKey: string): IntegrationProvider & ConnectionValidator {
    const provider = this.registry.get(providerKey);
    if (!isConnectionValidator(provider)) {
      throw new AppError('bad_request', 'provider_not_connectable', `${provider.displayName} has no connection to validate`);
    }
    return provider;
  }

  private parseSettings(provider: IntegrationProvider, body: unknown): Record<string, boolean> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed([], 'The request body must be a JSON object');
    const problems: FieldProblem[] = [];
    const out: Record<string, boolean> = {};
    for (const [key, value] of Object.entries(body)) {
      const field = provider.settingFields.find((f) => f.key === key);
      if (!field) problems.push({ field: key, problems: [`property ${key} should not exist`] });
      else if (typeof value !== 'boolean') problems.push({ field: key, problems: [`${key} must be a boolean value`] });
      else out[key] = value;
    }
    if (!problems.length && !Object.keys(out).length) {
      problems.push({ field: provider.settingFields.map((f) => f.key).join('|'), problems: ['at least one setting is required'] });
    }
    if (problems.length) throw validationFailed(problems);
    return out;
  }
}
