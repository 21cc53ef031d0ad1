import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

// The node trusts one proxy hop, so X-Forwarded-For stands in for two different client addresses.
const OWNER_IP = "198.51.100.7";
const ATTACKER_IP = "203.0.113.9";

let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1, { TRUST_PROXY: "1" })) as [ServerNodeHandle];
});
afterAll(() => stopAll([node]));

const loginFrom = (ip: string, email: string, password: string) =>
  api(node.url, "POST", "/api/auth/login", { body: { email, password }, headers: { "x-forwarded-for": ip } });

it("an attacker's wrong passwords lock only the attacker out; the owner keeps logging in", async () => {
  const owner = await registerUser(node.url);

  for (let i = 1; i <= 4; i++) {
    expect((await loginFrom(ATTACKER_IP, owner.email, "guess-number-1")).body.error.code).toBe("invalid_credentials");
  }
  const fifth = await loginFrom(ATTACKER_IP, owner.email, "guess-number-1");
  expect([fifth.status, fifth.body.error.code]).toEqual([423, "account_locked"]);
  // Locked means locked from there, even with the right password.
  const lucky = await loginFrom(ATTACKER_IP, owner.email, owner.password);
  expect([lucky.status, lucky.body.error.code]).toEqual([423, "account_locked"]);

  const ownerIn = await loginFrom(OWNER_IP, owner.email, owner.password);
  expect(ownerIn.status).toBe(200);
  expect(ownerIn.body.user.id).toBe(owner.user.id);
  // The owner's own typo counts against the owner's pair only, and their next login succeeds.
  expect((await loginFrom(OWNER_IP, owner.email, "typo-password")).body.error.code).toBe("invalid_credentials");
  expect((await loginFrom(OWNER_IP, owner.email, owner.password)).status).toBe(200);

  // The owner's successes do not unlock the attacker.
  expect((await loginFrom(ATTACKER_IP, owner.email, owner.password)).status).toBe(423);
});

it("a lock on one account from one address does not spill to other accounts from that address", async () => {
  const [victim, other] = [await registerUser(node.url), await registerUser(node.url)];
  for (let i = 0; i < 5; i++) await loginFrom(ATTACKER_IP, victim.email, "guess-number-2");
  expect((await loginFrom(ATTACKER_IP, victim.email, victim.password)).status).toBe(423);
  expect((await loginFrom(ATTACKER_IP, other.email, other.password)).status).toBe(200);
});
