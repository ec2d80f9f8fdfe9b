import { ApiProperty } from '@nestjs/swagger';
import type { WorkspaceMember } from '../entities/workspace-member.entity.js';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../entities/workspace-role.js';

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: WORKSPACE_ROLES }) role!: WorkspaceRole;
  @ApiProperty() joinedAt!: Date;

  /** Expects `user` to be loaded. */
  static from(m: WorkspaceMember): MemberDto {
    return { userId: m.user.id, email: m.user.email, name: m.user.name ?? null, role: m.role, joinedAt: m.createdAt };
  }
}
