import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentAuth, RequireRole, type AuthContext } from '../../common/auth/auth.decorators.js';
import { ErrorResponse } from '../../common/errors/error-response.js';
import { IntegrationTileDto } from './dto/integration-tile.dto.js';
import { ProviderCatalogueEntryDto } from './dto/provider-catalogue.dto.js';
import { IntegrationsService } from './integrations.service.js';
import { IntegrationProviderRegistry } from './provider/integration-provider.registry.js';

// Bodies differ per provider; the catalogue lists each one's fields, so the examples stay generic.
const CONNECT_EXAMPLE = { host: 'https://analytics.example.com', apiKey: '…' };

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/v1')
export class IntegrationsController {
  constructor(
    private readonly registry: IntegrationProviderRegistry,
    private readonly integrations: IntegrationsService,
  ) {}

  @Get('integrations/providers')
  @ApiOkResponse({ type: [ProviderCatalogueEntryDto] })
  catalogue(): ProviderCatalogueEntryDto[] {
    return this.registry.list().map(ProviderCatalogueEntryDto.from);
  }

  @Get('workspaces/:workspaceId/integrations')
  @ApiOkResponse({ type: [IntegrationTileDto] })
  async tiles(@Param('workspaceId') workspaceId: string): Promise<IntegrationTileDto[]> {
    const rows = await this.integrations.listForWorkspace(workspaceId);
    return this.registry.list().map((p) => IntegrationTileDto.from(p, rows.find((r) => r.provider === p.key) ?? null));
  }

  @Put('workspaces/:workspaceId/integrations/:provider')
  @RequireRole('admin')
  @ApiBody({ description: "The provider's credential fields (see the catalogue)", schema: { type: 'object', example: CONNECT_EXAMPLE } })
  @ApiOkResponse({ type: IntegrationTileDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponse, description: 'The service refused the credentials or could not be reached; `code` says why' })
  async connect(@Param('workspaceId') workspaceId: string, @Param('provider') provider: string, @Body() body: unknown, @CurrentAuth() auth: AuthContext) {
    const row = await this.integrations.connect(workspaceId, provider, body, auth.userId);
    return IntegrationTileDto.from(this.registry.get(provider), row);
  }

  @Post('workspaces/:workspaceId/integrations/:provider/projects')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiBody({ description: "The provider's host and secret credential fields", schema: { type: 'object', example: CONNECT_EXAMPLE } })
  async projects(@Param('provider') provider: string, @Body() body: unknown) {
    return { projects: await this.integrations.listProjects(provider, body) };
  }

  @Post('workspaces/:workspaceId/integrations/:provider/check')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: IntegrationTileDto })
  async check(@Param('workspaceId') workspaceId: string, @Param('provider') provider: string, @CurrentAuth() auth: AuthContext) {
    const row = await this.integrations.check(workspaceId, provider, auth.userId);
    return IntegrationTileDto.from(this.registry.get(provider), row);
  }

  @Patch('workspaces/:workspaceId/integrations/:provider/settings')
  @RequireRole('admin')
  @ApiBody({ description: "The provider's setting fields (see the catalogue)", schema: { type: 'object', example: { someSetting: false } } })
  @ApiOkResponse({ type: IntegrationTileDto })
  async settings(@Param('workspaceId') workspaceId: string, @Param('provider') provider: string, @Body() body: unknown, @CurrentAuth() auth: AuthContext) {
    const row = await this.integrations.updateSettings(workspaceId, provider, body, auth.userId);
    return IntegrationTileDto.from(this.registry.get(provider), row);
  }

  @Delete('workspaces/:workspaceId/integrations/:provider')
  @RequireRole('admin')
  @ApiOkResponse({ type: IntegrationTileDto, description: 'Idempotent: disconnecting twice, or something never connected, is fine' })
  async disconnect(@Param('workspaceId') workspaceId: string, @Param('provider') provider: string, @CurrentAuth() auth: AuthContext) {
    const row = await this.integrations.disconnect(workspaceId, provider, auth.userId);
    return IntegrationTileDto.from(this.registry.get(provider), row);
  }
}
