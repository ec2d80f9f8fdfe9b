import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './api-error.js';
import { pythonJsonErrorMessage } from './python-json-error.js';

export type RequestData = Record<string, unknown>;

/**
 * One parsed HTTP request. The body is decoded lazily, like DRF's `request.data`: PostHog's key lookup reads the
 * body only when no Bearer header is present, so a malformed body surfaces as a 400 at that moment or later.
 */
export class SimRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  /** Scheme + Host of the request, used for absolute pagination links (DRF `build_absolute_uri`). */
  readonly baseUrl: string;
  private parsed: { ok: true; value: RequestData } | { ok: false; error: ApiError } | undefined;

  constructor(
    readonly method: string,
    readonly rawUrl: string,
    readonly headers: IncomingHttpHeaders,
    readonly rawBody: Buffer,
    fallbackHost: string,
  ) {
    const host = typeof headers.host === 'string' && headers.host !== '' ? headers.host : fallbackHost;
    this.baseUrl = `http://${host}`;
    const url = new URL(rawUrl, this.baseUrl);
    this.path = safeDecode(url.pathname);
    this.query = url.searchParams;
  }

  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  get mediaType(): string {
    return (this.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  }

  /** The decoded body; throws the DRF-shaped 400/415 error when it cannot be parsed. */
  data(): RequestData {
    if (!this.parsed) this.parsed = this.parse();
    if (!this.parsed.ok) throw this.parsed.error;
    return this.parsed.value;
  }

  /** Absolute URL of this request, as DRF's pagination builds `next`/`previous` from it. */
  absoluteUrl(): URL {
    return new URL(this.rawUrl, this.baseUrl);
  }

  private parse(): { ok: true; value: RequestData } | { ok: false; error: ApiError } {
    if (this.rawBody.length === 0 || this.mediaType === '') return { ok: true, value: {} };
    const text = this.rawBody.toString('utf8');
    if (this.mediaType === 'application/json' || this.mediaType.endsWith('+json')) {
      try {
        const value: unknown = JSON.parse(text);
        // DRF accepts any JSON document; non-objects simply have no fields to read.
        return { ok: true, value: value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RequestData) : {} };
      } catch (error) {
        return { ok: false, error: ApiError.parseError(pythonJsonErrorMessage(text, error)) };
      }
    }
    if (this.mediaType === 'application/x-www-form-urlencoded') {
      return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
    }
    return { ok: false, error: ApiError.unsupportedMediaType(this.header('content-type') ?? '') };
  }
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
