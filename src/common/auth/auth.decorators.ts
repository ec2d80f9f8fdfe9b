import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

export const IS_PUBLIC = 'findry:isPublic';
export const REQUIRED_ROLE = 'findry:requiredRole';

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The role the caller needs in the `:workspaceId` of the path. Routes with that param default to `member`;
 * a role change in the database takes effect on the next request because it is read every time.
 */
export const RequireRole = (role: 'admin' | 'member') => SetMetadata(REQUIRED_ROLE, role);

export interface AuthContext {
  userId: string;
  /** Set on routes under `/workspaces/:workspaceId`. */
  workspaceRole?: 'admin' | 'member';
}

export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  return ctx.switchToHttp().getRequest<{ auth: AuthContext }>().auth;
});
