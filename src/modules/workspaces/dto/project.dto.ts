import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Project } from '../entities/project.entity.js';

export class ProjectDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;

  static from(p: Project): ProjectDto {
    return { id: p.id, name: p.name, createdAt: p.createdAt };
  }
}

export class CreateProjectDto {
  @ApiProperty({ example: 'Checkout revamp' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}
