import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../entities/workspace-role.js';

export class ChangeRoleDto {
  @ApiProperty({ enum: WORKSPACE_ROLES })
  @IsIn(WORKSPACE_ROLES)
  role!: WorkspaceRole;
}
