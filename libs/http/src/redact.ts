/** Replacement text for anything redacted; contains no quotes or backslashes so it is safe inside JSON strings. */
export const REDACTED = '[REDACTED]';

// PostHog personal (phx_), project (phc_) and secret/feature-flag (phs_) keys; the body may hold `_` and `-`
// (URL-safe tokens), so it runs to the first other character. The look-behind keeps words such as "graphs_x" intact.
const POSTHOG_KEY = /(?<![A-Za-z0-9])(ph[xcs]_)[A-Za-z0-9_-]+/g;
// A JWT (three base64url parts, the header always starting `eyJ`): our own access tokens, an IdP's.
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[^\s"',;]+/gi;
// Query parameters whose value is a credential; deliberately broad ("anything that looks like a key").
const SENSITIVE_PARAM = /key|token|secret|passw|pwd|auth|sig|credential|session|cookie|code|jwt/i;
const PARAM_IN_TEXT = /([?&;][A-Za-z0-9_.%[\]-]*=)([^&\s"'#<>]*)/g;
// Object keys inside response bodies; narrower than SENSITIVE_PARAM so error fields such as "code" survive.
const SENSITIVE_FIELD = /passw|secret|token|api[_-]?key|authorization|cookie|credential|private[_-]?key|session/i;
const MAX_DEPTH = 20;

/**
 * Scrubs credentials from free text: PostHog keys (`phx_…`, `phc_…`, `phs_…`), JWTs, `Bearer`/`Basic` values and the
 * values of credential-like query parameters inside URLs (`?personal_api_key=…`, `&token=…`).
 */
export function redactSecrets(text: string): string {
  return String(text)
    .replace(POSTHOG_KEY, `$1${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(PARAM_IN_TEXT, (whole, prefix: string, value: string) => {
      const name = safeDecode(prefix.slice(1, -1));
      return SENSITIVE_PARAM.test(name) && value !== '' ? `${prefix}${REDACTED}` : whole;
    });
}

/**
 * A URL fit for logs and error messages: origin + path + query, with credential-like query values replaced,
 * secret-shaped text scrubbed anywhere, and the user-info and fragment dropped.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return '[unparseable URL]';
  }
  const origin = parsed.origin === 'null' ? `${parsed.protocol}//` : parsed.origin;
  const query = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0) return redactSecrets(rawName);
      const rawValue = pair.slice(eq + 1);
      const value = safeDecode(rawValue);
      const secret = SENSITIVE_PARAM.test(safeDecode(rawName)) || redactSecrets(value) !== value;
      return `${redactSecrets(rawName)}=${secret ? REDACTED : rawValue}`;
    });
  return `${origin}${redactSecrets(parsed.pathname)}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** Origin (scheme + host + port) only; used where even the path could be sensitive, e.g. a redirect target. */
export function originOf(url: string, base?: string): string | undefined {
  try {
    const origin = new URL(url, base).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Deep copy of a parsed JSON value with credential-named fields replaced and every string scrubbed with
 * {@link redactSecrets}. Used for response bodies kept on errors (an API may echo the request back).
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[redactSecrets(k)] = SENSITIVE_FIELD.test(k) && v !== null && typeof v !== 'object' ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
