// PostHog personal (phx_), project (phc_) and secret (phs_) keys, and any JWT (our own access tokens).
const SECRET_SHAPES = /\bph[xcs]_[A-Za-z0-9_-]+|\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;

/** Replaces anything shaped like a credential with `[REDACTED]`. Used on every log line and error text. */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_SHAPES, '[REDACTED]');
}
