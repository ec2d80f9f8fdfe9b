import { ApiProperty } from '@nestjs/swagger';
import type { IntegrationProvider } from '../provider/integration-provider.js';
import { capabilitiesOf } from '../provider/provider-capabilities.js';

export class ProviderCatalogueEntryDto {
  @ApiProperty({ example: 'acme' }) key!: string;
  @ApiProperty({ example: 'Acme Analytics' }) displayName!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: ['connection_validator', 'cohort_source'] }) capabilities!: string[];
  @ApiProperty({ type: [Object], description: 'The connect form, as data' }) credentialFields!: object[];
  @ApiProperty({ type: [Object] }) settingFields!: object[];
  @ApiProperty({ type: [Object], description: 'What a connection lights up, and the scopes each needs' }) surfaces!: object[];

  static from(p: IntegrationProvider): ProviderCatalogueEntryDto {
    return {
      key: p.key,
      displayName: p.displayName,
      description: p.description,
      capabilities: capabilitiesOf(p),
      credentialFields: p.credentialFields.map((f) => ({ ...f })),
      settingFields: p.settingFields.map((f) => ({ ...f })),
      surfaces: p.surfaces.map((s) => ({ ...s })),
    };
  }
}
