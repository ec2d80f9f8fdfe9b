import { randomUUID } from 'node:crypto';
import { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stored lower-cased so lookups and the unique index agree. */
  @Property({ length: 320, unique: true })
  email!: string;

  @Property({ length: 200, nullable: true })
  name?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
