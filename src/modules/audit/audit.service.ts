import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { redactSecrets } from '../../../libs/http/src/index.js';
import { AuditLogEntry } from './entities/audit-log-entry.entity.js';

export interface AuditInput {
  workspaceId: string | null;
  actorId: string | null;
  /** `<noun>.<past-tense verb>`, e.g. `member.added`, `integration.connected`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditLogEntry[];
  nextCursor: string | null;
}

const SECRET_KEY = /secret|token|password|passwd|api_?key|apikey|ciphertext|authorization|credential/i;

/** Belt and braces: callers never pass secrets, and this still drops secret-named fields and secret-shaped strings. */
export function sanitizeAuditDetails(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(sanitizeAuditDetails);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEY.test(k))
        .map(([k, v]) => [k, sanitizeAuditDetails(v)]),
    );
  }
  return value;
}

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Adds an entry. Pass the `em` of an open transaction to commit the entry together with the change it
   * describes (the caller flushes); without one the entry is written at once.
   */
  async record(input: AuditInput, { em }: { em?: EntityManager } = {}): Promise<AuditLogEntry> {
    const target = em ?? this.em.fork();
    const entry = target.create(AuditLogEntry, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      details: sanitizeAuditDetails(input.details ?? {}) as Record<string, unknown>,
    });
    if (!em) await target.flush();
    return entry;
  }

  /** Newest first; the cursor is the last id seen, so concurrent inserts never shift a page. */
  async list(workspaceId: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<AuditPage> {
    const where: Record<string, unknown> = { workspaceId };
    if (cursor) where.id = { $lt: cursor };
    const rows = await this.em.find(AuditLogEntry, where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }
}
