import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../common/auth/auth.decorators.js';
import { AuditService } from './audit.service.js';
import { AuditEntryDto, AuditPageDto } from './dto/audit-page.dto.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/workspaces/:workspaceId/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('admin')
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Param('workspaceId') workspaceId: string, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const page = await this.audit.list(workspaceId, { limit: query.limit, cursor: query.cursor });
    return { items: page.items.map(AuditEntryDto.from), nextCursor: page.nextCursor };
  }
}
