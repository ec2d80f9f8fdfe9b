import { randomUUID } from 'node:crypto';
import { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { User } from './user.entity.js';
import { WORKSPACE_ROLES, type WorkspaceRole } from './workspace-role.js';
import { Workspace } from './workspace.entity.js';

@Entity({ tableName: 'workspace_members' })
@Unique({ properties: ['workspace', 'user'] })
export class WorkspaceMember {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  user!: User;

  @Enum({ items: () => WORKSPACE_ROLES, nativeEnumName: 'workspace_role' })
  role!: WorkspaceRole;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
