/** The one question the auth guard asks the workspaces module; a token keeps the guard free of its tables. */
export interface MembershipLookup {
  roleOf(workspaceId: string, userId: string): Promise<'admin' | 'member' | null>;
}

export const MEMBERSHIP_LOOKUP = Symbol('MEMBERSHIP_LOOKUP');
