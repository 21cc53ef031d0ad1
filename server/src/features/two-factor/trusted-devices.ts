import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { TrustedDevice } from "./two-factor.model";

const ALGORITHM = "HS256";
/** Not an access token's audience: a device token opens nothing but the skip of a second factor. */
const AUDIENCE = "chalkline-trusted-device";

/**
 * "Trust this device": a signed token in an HttpOnly cookie names a record that says until when this
 * browser skips the second factor of one account. The signature stops forged cookies; the record
 * makes trust revocable (forgetting devices, disabling two-factor, resetting the password).
 */
export class TrustedDevices {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly issuer: string,
    readonly ttlMs: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Trusts the browser for `ttlMs` and answers the cookie's value and expiry. */
  async trust(userId: string, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
    const deviceId = randomBytes(16).toString("hex");
    const expiresAt = new Date(now + this.ttlMs);
    await TrustedDevice.deleteMany({ userId, expiresAt: { $lte: new Date(now) } });
    await TrustedDevice.create({ _id: deviceId, userId, expiresAt });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(userId)
      .setJti(deviceId)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** True when `token` is this account's, signed, unexpired and not revoked. */
  async isTrusted(token: unknown, userId: string, now = new Date()): Promise<boolean> {
    if (typeof token !== "string" || token.length === 0 || token.length > 1000) return false;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.issuer,
        audience: AUDIENCE,
        subject: userId,
        currentDate: now,
      });
      if (typeof payload.jti !== "string") return false;
      return (await TrustedDevice.exists({ _id: payload.jti, userId, expiresAt: { $gt: now } })) !== null;
    } catch {
      return false;
    }
  }

  /** Every browser the account trusted asks for the second factor again. */
  async revokeAll(userId: string): Promise<void> {
    await TrustedDevice.deleteMany({ userId });
  }
}
