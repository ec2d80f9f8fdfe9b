import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { IS_PUBLIC, REQUIRED_ROLE, type AuthContext } from './auth.decorators.js';
import { MEMBERSHIP_LOOKUP, type MembershipLookup } from './membership-lookup.js';
import { TokenService } from './token.service.js';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and every route under
 * `:workspaceId` needs membership (and the role from @RequireRole). Non-members, members lacking the role, and
 * unknown or malformed workspace ids all get the same 403, so the answer never reveals whether a workspace exists.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @Inject(MEMBERSHIP_LOOKUP) private readonly memberships: MembershipLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { auth?: AuthContext }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new AppError('unauthenticated', 'missing_token', 'Send an access token as "Authorization: Bearer <token>"');
    const userId = await this.tokens.verify(match[1]!);
    const auth: AuthContext = { userId };
    request.auth = auth;

    const workspaceId = (request.params as Record<string, string> | undefined)?.workspaceId;
    if (workspaceId === undefined) return true;
    const required = this.reflector.getAllAndOverride<'admin' | 'member'>(REQUIRED_ROLE, targets) ?? 'member';
    const role = isUUID(workspaceId) ? await this.memberships.roleOf(workspaceId, userId) : null;
    if (!role) throw new AppError('forbidden', 'forbidden', 'You do not have access to this workspace');
    if (required === 'admin' && role !== 'admin') {
      throw new AppError('forbidden', 'admin_required', 'Only a workspace admin can do this');
    }
    auth.workspaceRole = role;
    return true;
  }
}
