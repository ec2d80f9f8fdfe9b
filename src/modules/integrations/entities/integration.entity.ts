import { randomUUID } from 'node:crypto';
import { Opt } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Workspace } from '../../workspaces/entities/workspace.entity.js';
import { INTEGRATION_STATUSES, type IntegrationStatus } from './integration-status.js';

/**
 * One row per (workspace, provider), kept across disconnects so a reconnect resumes the same mappings. The
 * secret lives only in `accessTokenCiphertext`, sealed with AAD bound to this row's id.
 */
@Entity({ tableName: 'integrations' })
@Unique({ properties: ['workspace', 'provider'] })
export class Integration {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ length: 40 })
  provider!: string;

  @Enum({ items: () => INTEGRATION_STATUSES, nativeEnumName: 'integration_status' })
  status!: IntegrationStatus;

  @Property({ length: 255 })
  host!: string;

  @Property({ length: 100 })
  externalProjectId!: string;

  /** Cached at validation so rendering the tile never calls the provider. */
  @Property({ length: 400 })
  externalProjectName!: string;

  /** The project before the last reconnect to a different one, so later features can warn about mappings. */
  @Property({ length: 100, nullable: true })
  previousExternalProjectId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  projectChangedAt?: Date | null;

  @Property({ type: 'text', nullable: true, lazy: true })
  accessTokenCiphertext?: string | null;

  @Property({ length: 40, nullable: true })
  encryptionKeyId?: string | null;

  /** `null`: the provider could not say which permissions the key has. */
  @Property({ type: 'jsonb', nullable: true })
  grantedScopes?: string[] | null;

  @Property({ type: 'jsonb' })
  settings: Record<string, boolean> & Opt = {};

  @Property({ type: 'uuid', nullable: true })
  connectedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  connectedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  disconnectedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastValidatedAt?: Date | null;

  @Property({ length: 60, nullable: true })
  lastErrorCode?: string | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  /** What the admin can do about `lastError`, as the provider phrased it. */
  @Property({ type: 'text', nullable: true })
  lastErrorHint?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastErrorAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

/** The AAD that binds a sealed secret to its row and field: a ciphertext copied elsewhere will not open. */
export const integrationSecretAad = (integrationId: string) => `integrations:${integrationId}:access_token`;
