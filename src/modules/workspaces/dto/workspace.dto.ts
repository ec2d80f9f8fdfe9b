import { ApiProperty } from '@nestjs/swagger';
import type { Workspace } from '../entities/workspace.entity.js';

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;

  static from(w: Workspace): WorkspaceDto {
    return { id: w.id, name: w.name, createdAt: w.createdAt };
  }
}
