import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { APP_CONFIG, type AppConfig } from '../../../config/index.js';
import { AppError } from '../errors/app-error.js';

/** Issues and verifies access tokens: HS256 with FINDRY_AUTH_SECRET, or any JWKS-published key of an identity provider. */
@Injectable()
export class TokenService {
  private readonly secret: Uint8Array | undefined;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.secret = config.auth.secret ? new TextEncoder().encode(config.auth.secret) : undefined;
    this.jwks = config.auth.jwksUrl ? createRemoteJWKSet(new URL(config.auth.jwksUrl)) : undefined;
  }

  async issue(userId: string): Promise<string> {
    if (!this.secret) {
      throw new AppError('unprocessable', 'token_issuing_disabled', 'Tokens can only be issued with FINDRY_AUTH_SECRET; with a JWKS URL your identity provider issues them');
    }
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(this.config.auth.issuer)
      .setAudience(this.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime(this.config.auth.tokenTtl)
      .sign(this.secret);
  }

  /** Returns the user id (`sub`) of a valid token, or throws a 401-kind AppError. */
  async verify(token: string): Promise<string> {
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      const options = { issuer: this.config.auth.issuer, audience: this.config.auth.audience };
      if (alg === 'HS256' && this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
      } else if (alg !== 'HS256' && this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, options));
      } else {
        throw new AppError('unauthenticated', 'invalid_token', 'The access token is invalid');
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new AppError('unauthenticated', 'token_expired', 'The access token has expired');
      throw new AppError('unauthenticated', 'invalid_token', 'The access token is invalid');
    }
    if (typeof payload.sub !== 'string' || !payload.sub) {
      throw new AppError('unauthenticated', 'invalid_token', 'The access token has no subject');
    }
    // Findry user ids are UUIDs; an identity provider's other subjects can never be a member of anything.
    if (!isUUID(payload.sub)) throw new AppError('unauthenticated', 'invalid_token', 'The access token’s subject is not a Findry user id');
    return payload.sub;
  }
}
