import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { Project } from './entities/project.entity.js';
import { User } from './entities/user.entity.js';
import { WorkspaceMember } from './entities/workspace-member.entity.js';
import type { WorkspaceRole } from './entities/workspace-role.js';
import { Workspace } from './entities/workspace.entity.js';

export interface CreatedWorkspace {
  workspace: Workspace;
  admin: User;
  project: Project;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class WorkspacesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  /** A workspace, its first admin (created if the email is new) and a default project, in one transaction. */
  async createWorkspace({ name, adminEmail, adminName }: { name: string; adminEmail: string; adminName?: string }): Promise<CreatedWorkspace> {
    return this.em.transactional(async (em) => {
      const admin = await this.findOrCreateUser(em, adminEmail, adminName);
      const workspace = em.create(Workspace, { name: name.trim() });
      em.create(WorkspaceMember, { workspace, user: admin, role: 'admin' });
      const project = em.create(Project, { workspace, name: 'Default project' });
      await this.audit.record(
        { workspaceId: workspace.id, actorId: admin.id, action: 'workspace.created', targetType: 'workspace', targetId: workspace.id, details: { name: workspace.name } },
        { em },
      );
      return { workspace, admin, project };
    });
  }

  async getWorkspace(id: string): Promise<Workspace> {
    const workspace = await this.em.findOne(Workspace, { id });
    // The auth guard already checked membership, so a miss here means it vanished mid-request.
    if (!workspace) throw new AppError('not_found', 'workspace_not_found', 'Workspace not found');
    return workspace;
  }

  async listWorkspacesOf(userId: string): Promise<WorkspaceMember[]> {
    return this.em.find(WorkspaceMember, { user: userId }, { populate: ['workspace'], orderBy: { createdAt: 'asc' } });
  }

  async listMembers(workspaceId: string): Promise<WorkspaceMember[]> {
    return this.em.find(WorkspaceMember, { workspace: workspaceId }, { populate: ['user'], orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async addMember(workspaceId: string, actorId: string, input: { email: string; name?: string; role: WorkspaceRole }): Promise<WorkspaceMember> {
    return this.em.transactional(async (em) => {
      const user = await this.findOrCreateUser(em, input.email, input.name);
      const existing = await em.findOne(WorkspaceMember, { workspace: workspaceId, user });
      if (existing) throw new AppError('conflict', 'already_member', `${user.email} is already a member of this workspace`);
      const member = em.create(WorkspaceMember, { workspace: em.getReference(Workspace, workspaceId), user, role: input.role });
      await this.audit.record(
        { workspaceId, actorId, action: 'member.added', targetType: 'user', targetId: user.id, details: { email: user.email, role: input.role } },
        { em },
      );
      return member;
    });
  }

  async changeRole(workspaceId: string, actorId: string, userId: string, role: WorkspaceRole): Promise<WorkspaceMember> {
    return this.em.transactional(async (em) => {
      // Lock the workspace's admin rows so two concurrent demotions cannot both pass the last-admin check.
      const members = await em.find(WorkspaceMember, { workspace: workspaceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const member = members.find((m) => m.user.id === userId);
      if (!member) throw new AppError('not_found', 'member_not_found', 'No such member in this workspace');
      if (member.role === role) return member;
      if (member.role === 'admin' && members.filter((m) => m.role === 'admin').length === 1) {
        throw new AppError('conflict', 'last_admin', 'A workspace needs at least one admin; promote someone else first');
      }
      const from = member.role;
      member.role = role;
      await this.audit.record(
        { workspaceId, actorId, action: 'member.role_changed', targetType: 'user', targetId: userId, details: { from, to: role } },
        { em },
      );
      return member;
    });
  }

  async listProjects(workspaceId: string): Promise<Project[]> {
    return this.em.find(Project, { workspace: workspaceId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async createProject(workspaceId: string, actorId: string, name: string): Promise<Project> {
    return this.em.transactional(async (em) => {
      const project = em.create(Project, { workspace: em.getReference(Workspace, workspaceId), name: name.trim() });
      await this.audit.record(
        { workspaceId, actorId, action: 'project.created', targetType: 'project', targetId: project.id, details: { name: project.name } },
        { em },
      );
      return project;
    });
  }

  async findUserByEmail(email: string): Promise<User | null> {
    return this.em.findOne(User, { email: normaliseEmail(email) });
  }

  private async findOrCreateUser(em: EntityManager, email: string, name?: string): Promise<User> {
    const normalised = normaliseEmail(email);
    return (await em.findOne(User, { email: normalised })) ?? em.create(User, { email: normalised, name: name?.trim() || null });
  }
}
