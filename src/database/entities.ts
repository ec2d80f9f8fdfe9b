import { Integration } from '../modules/integrations/entities/integration.entity.js';
import { AuditLogEntry } from '../modules/audit/entities/audit-log-entry.entity.js';
import { Project } from '../modules/workspaces/entities/project.entity.js';
import { User } from '../modules/workspaces/entities/user.entity.js';
import { WorkspaceMember } from '../modules/workspaces/entities/workspace-member.entity.js';
import { Workspace } from '../modules/workspaces/entities/workspace.entity.js';

/** Every entity, listed once: the app, the CLI and the migration generator must agree on the schema. */
export const ENTITIES = [AuditLogEntry, Integration, Project, User, Workspace, WorkspaceMember];
