import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { MembershipLookup } from '../../common/auth/membership-lookup.js';
import { WorkspaceMember } from './entities/workspace-member.entity.js';
import type { WorkspaceRole } from './entities/workspace-role.js';

@Injectable()
export class MembershipService implements MembershipLookup {
  constructor(private readonly em: EntityManager) {}

  async roleOf(workspaceId: string, userId: string): Promise<WorkspaceRole | null> {
    // A fork so the guard's read never leaves stale entities in the request's identity map.
    const member = await this.em.fork().findOne(WorkspaceMember, { workspace: workspaceId, user: userId }, { fields: ['role'] });
    return member?.role ?? null;
  }
}
