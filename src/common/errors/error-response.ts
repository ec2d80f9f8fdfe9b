import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one shape every failed request answers with. */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable code' })
  code!: string;

  @ApiProperty({ example: 'name must be a string' })
  message!: string;

  @ApiPropertyOptional({ description: 'Structured detail, e.g. one entry per invalid field' })
  details?: unknown;

  @ApiPropertyOptional({ description: 'What the user can do about it' })
  hint?: string;
}
