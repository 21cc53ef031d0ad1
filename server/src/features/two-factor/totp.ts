import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { RedisClient } from "../../platform/redis";
import { twoFactorKeys } from "./two-factor.keys";

const ISSUER = "Chalkline";
const PERIOD_SECONDS = 30;
/** Codes of the step before and after are accepted too: phones' clocks drift, and typing takes time. */
const WINDOW_STEPS = 1;
/** A used step is remembered past the window that could accept it again. */
const LAST_STEP_TTL_MS = (2 * WINDOW_STEPS + 2) * PERIOD_SECONDS * 1000;

/**
 * Takes `step` if it is newer than the last step the account used. One script, so two sign-ins with
 * the same code at the same moment (on two nodes) cannot both pass; an older step is refused too,
 * as RFC 6238 (5.2) asks, so a code seen over a shoulder cannot be used after a newer one.
 */
const TAKE_STEP = `
local last = redis.call('GET', KEYS[1])
if last and tonumber(last) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

function totp(secret: string, account: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** A new 160-bit secret (RFC 4226's recommended length), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** What an authenticator app scans: the otpauth URL, and that URL as an SVG QR code. */
export async function enrolment(secret: string, account: string): Promise<{ otpauthUrl: string; qrSvg: string }> {
  const otpauthUrl = totp(secret, account).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { otpauthUrl, qrSvg };
}

/** RFC 6238 codes of one secret, each accepted once per account. */
export class TotpCodes {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** True when `code` is the secret's for now (±1 step) and its step is newer than any used before. */
  async accept(userId: string, secret: string, code: string, now = Date.now()): Promise<boolean> {
    const delta = totp(secret, userId).validate({ token: code, timestamp: now, window: WINDOW_STEPS });
    if (delta === null) return false;
    const step = Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
    const taken = await this.redis.eval(
      TAKE_STEP,
      1,
      twoFactorKeys.lastStep(this.prefix, userId),
      step,
      LAST_STEP_TTL_MS,
    );
    return taken === 1;
  }
}
