import { createHmac } from "node:crypto";
import type { TwoFactorSetup } from "@chalkline/shared";
import { api, type TestAccount } from "./clients";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PERIOD_MS = 30_000;

function fromBase32(text: string): Buffer {
  let bits = "";
  for (const char of text.replace(/=+$/, "").toUpperCase()) bits += BASE32.indexOf(char).toString(2).padStart(5, "0");
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => Number.parseInt(byte, 2)));
}

/**
 * The RFC 6238 code of `secret` at `atMs` (SHA-1, 6 digits, 30 s), written here from the RFC rather
 * than taken from the server's library, so the tests check the server against the standard.
 */
export function totpCode(secret: string, atMs = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / PERIOD_MS)));
  const mac = createHmac("sha1", fromBase32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** The code of the step after the current one: the server accepts one step of drift, and it is newer than any used. */
export const nextStepCode = (secret: string) => totpCode(secret, Date.now() + PERIOD_MS);

/** Turns two-factor sign-in on for `account`, as the profile page does; answers the secret and recovery codes. */
export async function enrolTwoFactor(
  baseUrl: string,
  account: TestAccount,
): Promise<{ secret: string; recoveryCodes: string[]; setup: TwoFactorSetup }> {
  const setup = await api<TwoFactorSetup>(baseUrl, "POST", "/api/me/two-factor/setup", { token: account.accessToken });
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  const enabled = await api<{ recoveryCodes: string[] }>(baseUrl, "POST", "/api/me/two-factor/enable", {
    token: account.accessToken,
    body: { code: totpCode(setup.body.secret) },
  });
  if (enabled.status !== 201) throw new Error(`enable failed: ${enabled.status} ${JSON.stringify(enabled.body)}`);
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes, setup: setup.body };
}

/** The trusted-device cookie an answer set, if any. */
export function deviceCookie(headers: Headers): string | undefined {
  const cookie = headers.getSetCookie().find((c) => c.startsWith("chalkline_device="));
  return cookie ? decodeURIComponent(cookie.split(";")[0]!.slice("chalkline_device=".length)) : undefined;
}
