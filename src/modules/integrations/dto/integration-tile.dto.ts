import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Integration } from '../entities/integration.entity.js';
import type { IntegrationProvider } from '../provider/integration-provider.js';
import type { ReadinessState } from '../provider/surface-readiness.js';

export class IntegrationErrorDto {
  @ApiProperty({ example: 'example_key_rejected' }) code!: string;
  @ApiProperty({ example: 'The service rejected the API key' }) message!: string;
  @ApiPropertyOptional({ example: 'Create a new API key and reconnect.' }) hint?: string;
  @ApiProperty() at!: Date;
}

/** The settings-page tile. Built from the database alone: rendering it never calls the external service. */
export class IntegrationTileDto {
  @ApiProperty({ example: 'acme' }) provider!: string;
  @ApiProperty({ example: 'Acme Analytics' }) displayName!: string;
  @ApiProperty({ enum: ['not_connected', 'connected', 'disconnected', 'error'] }) status!: 'not_connected' | 'connected' | 'disconnected' | 'error';
  @ApiProperty({ nullable: true, type: String, example: 'https://analytics.example.com' }) host!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '12345' }) projectId!: string | null;
  @ApiProperty({ nullable: true, type: String }) projectName!: string | null;
  @ApiProperty({ nullable: true, type: Date }) connectedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) disconnectedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastValidatedAt!: Date | null;
  @ApiProperty({ type: Object, example: { someSetting: true } }) settings!: Record<string, boolean>;
  @ApiProperty({ type: Object, nullable: true, description: 'Per surface: ready | blocked | unknown; null when not connected', example: { reports: 'ready', exports: 'blocked' } })
  readiness!: Record<string, ReadinessState> | null;
  @ApiProperty({ type: Object, description: 'Per blocked surface, the scopes to add to the key', example: { exports: ['export:write'] } })
  missingScopes!: Record<string, string[]>;
  @ApiProperty({ type: IntegrationErrorDto, nullable: true }) lastError!: IntegrationErrorDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The project connected before the last change of project' })
  previousProjectId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) projectChangedAt!: Date | null;

  static from(provider: IntegrationProvider, row: Integration | null): IntegrationTileDto {
    const defaults = Object.fromEntries(provider.settingFields.map((f) => [f.key, f.default]));
    const live = row && row.status !== 'disconnected';
    const readiness = live ? provider.readinessFor(row.grantedScopes ?? null) : null;
    return {
      provider: provider.key,
      displayName: provider.displayName,
      status: row ? row.status : 'not_connected',
      host: row?.host ?? null,
      projectId: row?.externalProjectId ?? null,
      projectName: row?.externalProjectName ?? null,
      connectedAt: row?.connectedAt ?? null,
      disconnectedAt: row?.disconnectedAt ?? null,
      lastValidatedAt: row?.lastValidatedAt ?? null,
      settings: { ...defaults, ...(row?.settings ?? {}) },
      readiness: readiness ? Object.fromEntries(Object.entries(readiness).map(([k, v]) => [k, v.state])) : null,
      missingScopes: readiness ? Object.fromEntries(Object.entries(readiness).filter(([, v]) => v.missingScopes.length).map(([k, v]) => [k, v.missingScopes])) : {},
      lastError: row?.lastErrorCode
        ? { code: row.lastErrorCode, message: row.lastError ?? '', ...(row.lastErrorHint ? { hint: row.lastErrorHint } : {}), at: row.lastErrorAt! }
        : null,
      previousProjectId: row?.previousExternalProjectId ?? null,
      projectChangedAt: row?.projectChangedAt ?? null,
    };
  }
}
