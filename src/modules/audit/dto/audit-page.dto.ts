import { ApiProperty } from '@nestjs/swagger';
import type { AuditLogEntry } from '../entities/audit-log-entry.entity.js';

export class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ example: 'member.added' }) action!: string;
  @ApiProperty() targetType!: string;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
  @ApiProperty() createdAt!: Date;

  static from(e: AuditLogEntry): AuditEntryDto {
    return {
      id: e.id,
      actorId: e.actorId ?? null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId ?? null,
      details: e.details,
      createdAt: e.createdAt,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next (older) page' }) nextCursor!: string | null;
}
