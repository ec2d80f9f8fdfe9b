import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { TokenService } from '../../src/common/auth/token.service.js';
import type { WorkspaceRole } from '../../src/modules/workspaces/entities/workspace-role.js';
import { WorkspacesService } from '../../src/modules/workspaces/workspaces.service.js';
import type { TestApp } from './test-app.js';

export interface Actor {
  userId: string;
  email: string;
  token: string;
}

export interface WorkspaceFixture {
  workspaceId: string;
  projectId: string;
  admin: Actor;
}

let seq = 0;

/** Services expect a request context (as inside an HTTP request); tests calling them directly need one too. */
export function inContext<T>(t: TestApp, fn: () => Promise<T>): Promise<T> {
  return RequestContext.create(t.app.get(MikroORM).em, fn);
}

const uniqueEmail = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}@example.test`;

/** The only way tests create workspaces and members: through the same services the API uses. */
export async function createWorkspace(t: TestApp, name = 'Acme'): Promise<WorkspaceFixture> {
  const email = uniqueEmail('admin');
  const { workspace, admin, project } = await inContext(t, () => t.app.get(WorkspacesService).createWorkspace({ name, adminEmail: email }));
  const token = await t.app.get(TokenService).issue(admin.id);
  return { workspaceId: workspace.id, projectId: project.id, admin: { userId: admin.id, email, token } };
}

export async function addMember(t: TestApp, ws: WorkspaceFixture, role: WorkspaceRole): Promise<Actor> {
  const email = uniqueEmail(role);
  const member = await inContext(t, () => t.app.get(WorkspacesService).addMember(ws.workspaceId, ws.admin.userId, { email, role }));
  return { userId: member.user.id, email, token: await t.app.get(TokenService).issue(member.user.id) };
}
