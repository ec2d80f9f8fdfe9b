export type ReadinessState = 'ready' | 'blocked' | 'unknown';

/** Per surface: whether it works, and which scopes to add if not. */
export type SurfaceReadiness = Record<string, { state: ReadinessState; missingScopes: string[] }>;

/**
 * Computes readiness from scope strings of the usual `<object>:<read|write>` / `*` shape, where `write` implies
 * `read`. Providers with another permission model write their own.
 */
export function scopeReadiness(
  surfaces: readonly { key: string; requiredScopes: string[] }[],
  granted: readonly string[] | null,
): SurfaceReadiness {
  const has = (scope: string) => {
    if (!granted) return false;
    if (granted.includes('*') || granted.includes(scope)) return true;
    const [object, level] = scope.split(':');
    return level === 'read' && granted.includes(`${object}:write`);
  };
  return Object.fromEntries(
    surfaces.map((s) => {
      if (!granted) return [s.key, { state: 'unknown' as const, missingScopes: [] }];
      const missingScopes = s.requiredScopes.filter((scope) => !has(scope));
      return [s.key, { state: missingScopes.length ? ('blocked' as const) : ('ready' as const), missingScopes }];
    }),
  );
}
