import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { SecretBoxError, type SecretBox } from '../../../libs/crypto/src/index.js';
import { SECRET_BOX } from '../../common/crypto/secret-box.token.js';
import { AuditService } from '../audit/audit.service.js';
import { integrationSecretAad } from './entities/integration.entity.js';

export interface RotationReport {
  activeKeyId: string;
  total: number;
  rotated: number;
  /**
   * Changed by someone else (a reconnect) while rotating. Under the active key only if the running app already
   * lists the new key first: deploy `new,old` to every instance before rotating.
   */
  skipped: number;
  failed: { integrationId: string; code: string }[];
}

interface Row {
  id: string;
  workspace_id: string;
  access_token_ciphertext: string;
}

/**
 * Re-seals every stored secret under the active key. Each row commits on its own and is selected by "not yet
 * under the active key", so an interrupted run resumes where it stopped and a finished one is a no-op.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly em: EntityManager,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async pending(): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ n: string }[]>(
      'select count(*) as n from integrations where access_token_ciphertext is not null and encryption_key_id is distinct from ?',
      [this.secrets.activeKeyId],
    );
    return Number(row?.n ?? 0);
  }

  async rotate({ batchSize = 100, onProgress }: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<RotationReport> {
    const active = this.secrets.activeKeyId;
    const report: RotationReport = { activeKeyId: active, total: await this.pending(), rotated: 0, skipped: 0, failed: [] };
    const conn = this.em.getConnection();
    const rotatedPerWorkspace = new Map<string, number>();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await conn.execute<Row[]>(
        `select id, workspace_id, access_token_ciphertext from integrations
          where access_token_ciphertext is not null and encryption_key_id is distinct from ? and id > ?
          order by id limit ?`,
        [active, after, batchSize],
      );
      if (!rows.length) break;
      for (const row of rows) {
        after = row.id;
        try {
          const resealed = this.secrets.reseal(row.access_token_ciphertext, integrationSecretAad(row.id));
          // Compare-and-set: a reconnect that stored a new key meanwhile must not be overwritten with the old one.
          const res = await conn.execute(
            'update integrations set access_token_ciphertext = ?, encryption_key_id = ?, updated_at = now() where id = ? and access_token_ciphertext = ?',
            [resealed, active, row.id, row.access_token_ciphertext],
            'run',
          );
          if ((res as { affectedRows?: number }).affectedRows === 1) {
            report.rotated++;
            rotatedPerWorkspace.set(row.workspace_id, (rotatedPerWorkspace.get(row.workspace_id) ?? 0) + 1);
          } else {
            report.skipped++;
          }
        } catch (e) {
          if (!(e instanceof SecretBoxError)) throw e;
          report.failed.push({ integrationId: row.id, code: e.code });
        }
        onProgress?.(report.rotated + report.skipped + report.failed.length, report.total);
      }
    }
    for (const [workspaceId, count] of rotatedPerWorkspace) {
      await this.audit.record({ workspaceId, actorId: null, action: 'integration.secrets_reencrypted', targetType: 'integration', details: { activeKeyId: active, count } });
    }
    return report;
  }
}
