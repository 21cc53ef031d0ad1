import { createHash, randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { AppError } from "../../platform/errors";

/** The only signing algorithm accepted; `none` and every asymmetric algorithm are refused. */
const ALGORITHM = "HS256";

export interface AccessClaims extends SessionRef {
  expiresAt: Date;
}

/** Whose token it is, which login (refresh family) issued it, and the account's token version then. */
export interface SessionRef {
  userId: string;
  sessionId: string;
  tokenVersion: number;
}

const SESSION_ID = /^[a-f0-9]{32}$/;

export interface AccessTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Signs and checks short-lived access JWTs. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(private readonly settings: AccessTokenSettings) {
    this.key = new TextEncoder().encode(settings.secret);
  }

  /** How long a token lives: a revocation need not be remembered longer. */
  get ttlMs(): number {
    return this.settings.ttlSeconds * 1000;
  }

  async sign(session: SessionRef, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now / 1000);
    const expiresAt = new Date((issuedAt + this.settings.ttlSeconds) * 1000);
    const token = await new SignJWT({ tv: session.tokenVersion, sid: session.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(session.userId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; throws `token_expired` or `unauthorized`. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ["sub", "exp", "iat"],
      });
      const { sub, tv, sid } = payload;
      if (typeof sub !== "string" || !/^[a-f0-9]{24}$/.test(sub) || typeof tv !== "number") {
        throw new AppError("unauthorized", "malformed access token");
      }
      // Without its session a token could not be ended before it expires.
      if (typeof sid !== "string" || !SESSION_ID.test(sid))
        throw new AppError("unauthorized", "malformed access token");
      return { userId: sub, sessionId: sid, tokenVersion: tv, expiresAt: new Date((payload.exp ?? 0) * 1000) };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new AppError("token_expired", "access token expired");
      throw new AppError("unauthorized", "invalid access token");
    }
  }
}

/** A new opaque refresh token; only its hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** A refresh family's id, which is also its session id (`sid` in the access tokens it issues). */
export function newFamilyId(): string {
  return randomBytes(16).toString("hex");
}
