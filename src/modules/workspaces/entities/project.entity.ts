import { randomUUID } from 'node:crypto';
import { Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Workspace } from './workspace.entity.js';

/** A Findry project. Every project inherits its workspace's integrations. */
@Entity({ tableName: 'projects' })
export class Project {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  @Index()
  workspace!: Workspace;

  @Property({ length: 200 })
  name!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
