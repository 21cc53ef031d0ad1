import { setTimeout as sleep } from "node:timers/promises";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { type ClusterNames, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { openStores, type Stores } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { deviceCookie, enrolTwoFactor, nextStepCode, totpCode } from "../helpers/two-factor";

const TRUST_SECONDS = 4;

let node: ServerNodeHandle;
let names: ClusterNames;
let stores: Stores;
beforeAll(async () => {
  names = newClusterNames();
  [node] = (await startCluster(
    1,
    { TRUSTED_DEVICE_TTL_SECONDS: String(TRUST_SECONDS), AUTH_RATE_LIMIT_PER_MINUTE: "1000" },
    names,
  )) as [ServerNodeHandle];
  stores = await openStores(names);
});
afterAll(async () => {
  await stores?.close();
  await stopAll([node]);
});

const password = (account: TestAccount, cookie?: string) =>
  api(node.url, "POST", "/api/auth/login", {
    body: { email: account.email, password: account.password },
    headers: cookie ? { cookie: `chalkline_device=${cookie}` } : {},
  });
const secondFactor = (body: Record<string, unknown>) => api(node.url, "POST", "/api/auth/login/two-factor", { body });
async function challenge(account: TestAccount): Promise<string> {
  const res = await password(account);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: "two_factor_required", challenge: expect.any(String) });
  expect(res.refreshCookie).toBeUndefined();
  return res.body.challenge;
}

it("enrols with a confirming code, then asks for a code after the password; a replayed code is refused", async () => {
  const account = await registerUser(node.url);
  const setup = await api(node.url, "POST", "/api/me/two-factor/setup", { token: account.accessToken });
  expect(setup.status).toBe(200);
  expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Chalkline:.+secret=[A-Z2-7]+/);
  expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
  expect(setup.body.qrSvg).toContain("<svg");
  // Not on until a code confirms the secret.
  expect((await password(account)).body.accessToken).toEqual(expect.any(String));
  const wrong = await api(node.url, "POST", "/api/me/two-factor/enable", {
    token: account.accessToken,
    body: { code: totpCode(setup.body.secret, Date.now() - 10 * 60_000) },
  });
  expect(wrong.body.error.code).toBe("invalid_credentials");
  const enabled = await api(node.url, "POST", "/api/me/two-factor/enable", {
    token: account.accessToken,
    body: { code: totpCode(setup.body.secret) },
  });
  expect(enabled.status).toBe(201);
  expect(enabled.body.recoveryCodes).toHaveLength(10);
  expect(new Set(enabled.body.recoveryCodes).size).toBe(10);
  const status = await api(node.url, "GET", "/api/me/two-factor", { token: account.accessToken });
  expect(status.body).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
  // Stored sealed: the database holds neither the secret nor anything readable as one.
  const stored = await stores.db
    .collection("twoFactors")
    .findOne({ _id: new mongoose.Types.ObjectId(account.user.id) });
  expect(stored?.secret).toMatch(/^v1\./);
  expect(JSON.stringify(stored)).not.toContain(setup.body.secret);

  const code = nextStepCode(setup.body.secret);
  const used = await challenge(account);
  const signedIn = await secondFactor({ challenge: used, code });
  expect(signedIn.status).toBe(200);
  expect(signedIn.refreshCookie).toBeDefined();
  expect((await api(node.url, "GET", "/api/me", { token: signedIn.body.accessToken })).body.email).toBe(account.email);

  // The same code again, within its time step, with a fresh challenge: refused.
  const replayed = await secondFactor({ challenge: await challenge(account), code });
  expect(replayed.status).toBe(401);
  expect(replayed.body.error.code).toBe("invalid_credentials");
  // A challenge signs in once.
  const reused = await secondFactor({ challenge: used, code: nextStepCode(setup.body.secret) });
  expect(reused.body.error.code).toBe("unauthorized");
});

it("a recovery code works once, and disabling takes a code", async () => {
  const account = await registerUser(node.url);
  const { recoveryCodes } = await enrolTwoFactor(node.url, account);
  const recoveryCode = recoveryCodes[3]!;
  const first = await secondFactor({ challenge: await challenge(account), recoveryCode: recoveryCode.toUpperCase() });
  expect(first.status).toBe(200);
  const again = await secondFactor({ challenge: await challenge(account), recoveryCode });
  expect(again.body.error.code).toBe("invalid_credentials");
  const status = await api(node.url, "GET", "/api/me/two-factor", { token: first.body.accessToken });
  expect(status.body.recoveryCodesLeft).toBe(9);

  const disabled = await api(node.url, "POST", "/api/me/two-factor/disable", {
    token: first.body.accessToken,
    body: { recoveryCode: recoveryCodes[0] },
  });
  expect(disabled.status).toBe(204);
  expect((await password(account)).body.accessToken).toEqual(expect.any(String));
});

it("code guesses count against the login lock: after the limit even the right password is refused", async () => {
  const account = await registerUser(node.url);
  await enrolTwoFactor(node.url, account);
  const pending = await challenge(account);
  const answers: string[] = [];
  for (let i = 0; i < 5; i++) {
    answers.push((await secondFactor({ challenge: pending, code: String(100000 + i) })).body.error.code);
  }
  expect(answers).toEqual([...Array(4).fill("invalid_credentials"), "account_locked"]);
  expect((await password(account)).body.error.code).toBe("account_locked");
  // A right password between guesses does not start their count afresh: see LoginLocks.
});

it("a trusted device skips the code until the trust expires or is revoked, and only for its account", async () => {
  const account = await registerUser(node.url);
  const other = await registerUser(node.url);
  const { recoveryCodes } = await enrolTwoFactor(node.url, account);
  await enrolTwoFactor(node.url, other);

  const trust = async (recoveryCode: string) => {
    const res = await secondFactor({ challenge: await challenge(account), recoveryCode, trustDevice: true });
    expect(res.status).toBe(200);
    const cookie = deviceCookie(res.headers);
    expect(cookie).toBeDefined();
    expect(res.headers.getSetCookie().find((c) => c.startsWith("chalkline_device="))).toMatch(/HttpOnly/i);
    return { cookie: cookie!, token: res.body.accessToken as string };
  };
  const { cookie, token } = await trust(recoveryCodes[0]!);
  const skipped = await password(account, cookie);
  expect(skipped.body.accessToken).toEqual(expect.any(String));
  // The cookie is this account's: another one signing in on the same browser still gives its code.
  const otherOnSameBrowser = await api(node.url, "POST", "/api/auth/login", {
    body: { email: other.email, password: other.password },
    headers: { cookie: `chalkline_device=${cookie}` },
  });
  expect(otherOnSameBrowser.body.status).toBe("two_factor_required");
  // A forged cookie is refused.
  expect((await password(account, `${cookie.slice(0, -4)}AAAA`)).body.status).toBe("two_factor_required");

  // Revoked: the code is asked again.
  expect((await api(node.url, "DELETE", "/api/me/trusted-devices", { token })).status).toBe(204);
  expect((await password(account, cookie)).body.status).toBe("two_factor_required");

  // Expired: trusted again, then asked again once the trust's time has passed.
  const renewed = await trust(recoveryCodes[1]!);
  expect((await password(account, renewed.cookie)).body.accessToken).toEqual(expect.any(String));
  await sleep(TRUST_SECONDS * 1000 + 1000);
  expect((await password(account, renewed.cookie)).body.status).toBe("two_factor_required");
});

it("sign-ins, turning two-factor on and off, and recovery-code use are in the audit log", async () => {
  const account = await registerUser(node.url);
  const { secret, recoveryCodes } = await enrolTwoFactor(node.url, account);
  const byCode = await secondFactor({ challenge: await challenge(account), code: nextStepCode(secret) });
  const byRecovery = await secondFactor({ challenge: await challenge(account), recoveryCode: recoveryCodes[0] });
  expect([byCode.status, byRecovery.status]).toEqual([200, 200]);
  const off = await api(node.url, "POST", "/api/me/two-factor/disable", {
    token: byRecovery.body.accessToken,
    body: { recoveryCode: recoveryCodes[1] },
  });
  expect(off.status).toBe(204);

  const entries = await stores.db
    .collection("auditLog")
    .find({ targetId: account.user.id })
    .sort({ createdAt: 1, _id: 1 })
    .toArray();
  expect(entries.map((e) => [e.action, e.details?.method ?? null])).toEqual([
    ["two_factor.enabled", null],
    ["auth.signed_in", "totp"],
    ["two_factor.recovery_code_used", null],
    ["auth.signed_in", "recovery_code"],
    ["two_factor.recovery_code_used", null],
    ["two_factor.disabled", null],
  ]);
  expect(entries.every((e) => String(e.actorId) === account.user.id)).toBe(true);
});
