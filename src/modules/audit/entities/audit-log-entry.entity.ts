import { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One append-only audit row. Plain ids instead of relations: the log must outlive what it talks about, and other
 * modules write to it without this module knowing their tables. A trigger in the migration refuses UPDATE/DELETE.
 */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['workspaceId', 'id'] })
export class AuditLogEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid', nullable: true })
  workspaceId?: string | null;

  /** `null` when the system acted (a scheduled job, the CLI without a user). */
  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  @Property({ length: 100 })
  action!: string;

  @Property({ length: 100 })
  targetType!: string;

  @Property({ length: 200, nullable: true })
  targetId?: string | null;

  @Property({ type: 'jsonb' })
  details: Record<string, unknown> & Opt = {};

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
