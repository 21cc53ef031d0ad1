import type { AuditEntryView, AuditPage } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { expectStatus } from "../helpers/courses";
import type { ServerNodeHandle } from "../helpers/server";
import { createProduct, storeEnv } from "../helpers/store";

let nodes: ServerNodeHandle[];
let admin: TestAccount;
let alice: TestAccount;
let bob: TestAccount;
let between: string;

beforeAll(async () => {
  nodes = await startCluster(1, storeEnv(), newClusterNames());
  admin = await loginDemo(nodes[0]!.url, "admin");
  alice = await registerUser(nodes[0]!.url);
  bob = await registerUser(nodes[0]!.url);
}, 120_000);

afterAll(async () => {
  await stopAll(nodes ?? []);
});

const url = () => nodes[0]!.url;
const audit = async (query: string) =>
  expectStatus(
    await api<AuditPage>(url(), "GET", `/api/admin/audit${query}`, { token: admin.accessToken }),
    200,
    "audit",
  );
const actions = (entries: AuditEntryView[]) => entries.map((e) => e.action);

it("admin actions are listed newest first and filtered by actor, action, target and time, a page at a time", async () => {
  const as = { token: admin.accessToken };
  expectStatus(
    await api(url(), "PATCH", `/api/admin/users/${alice.user.id}/disabled`, { ...as, body: { disabled: true } }),
    200,
    "disable",
  );
  await new Promise((r) => setTimeout(r, 20));
  between = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  expectStatus(
    await api(url(), "PATCH", `/api/admin/users/${alice.user.id}/disabled`, { ...as, body: { disabled: false } }),
    200,
    "enable",
  );
  expectStatus(
    await api(url(), "PATCH", `/api/admin/users/${bob.user.id}/role`, { ...as, body: { role: "guardian" } }),
    200,
    "role",
  );
  const product = await createProduct(url(), admin.accessToken);

  const mine = await audit(`?actorId=${admin.user.id}`);
  expect(actions(mine.entries).slice(0, 4)).toEqual([
    "product.created",
    "user.role_changed",
    "user.enabled",
    "user.disabled",
  ]);
  expect(mine.entries.every((e) => e.actorId === admin.user.id && e.actorName === admin.user.displayName)).toBe(true);
  expect(mine.entries[0]!.targetId).toBe(product.id);

  expect(actions((await audit(`?targetId=${alice.user.id}`)).entries)).toEqual(["user.enabled", "user.disabled"]);
  expect(actions((await audit("?action=user.")).entries).every((a) => a.startsWith("user."))).toBe(true);
  expect(actions((await audit(`?action=user.role_changed&targetId=${bob.user.id}`)).entries)).toEqual([
    "user.role_changed",
  ]);
  const since = await audit(`?targetId=${alice.user.id}&since=${encodeURIComponent(between)}`);
  expect(actions(since.entries)).toEqual(["user.enabled"]);
  const until = await audit(`?targetId=${alice.user.id}&until=${encodeURIComponent(between)}`);
  expect(actions(until.entries)).toEqual(["user.disabled"]);

  // Paging: one at a time gives the same entries as one page.
  const paged: AuditEntryView[] = [];
  let cursor: string | null = null;
  do {
    const page: AuditPage = await audit(`?actorId=${admin.user.id}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
    paged.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  expect(paged.map((e) => e.id)).toEqual(mine.entries.map((e) => e.id));

  // Alice's and Bob's sessions ended with their changes: a learner who still has one asks.
  const carol = await registerUser(url());
  const learnerAsks = await api(url(), "GET", "/api/admin/audit", { token: carol.accessToken });
  expect(learnerAsks.status).toBe(403);
});

it("the CSV export holds the filtered entries, one row each, with quoting a spreadsheet reads safely", async () => {
  const res = await fetch(`${url()}/api/admin/audit/export.csv?actorId=${admin.user.id}&action=user.`, {
    headers: { authorization: `Bearer ${admin.accessToken}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="?audit-log\.csv"?$/);
  const rows = (await res.text()).trimEnd().split("\r\n");
  expect(rows[0]).toBe("at,actor_id,actor_name,action,target_id,details");
  const json = await audit(`?actorId=${admin.user.id}&action=user.`);
  expect(rows).toHaveLength(json.entries.length + 1);
  expect(rows[1]).toContain(",user.role_changed,");
  // The details column is JSON, quoted with its quotes doubled.
  expect(rows[1]).toContain('"{""role"":""guardian""}"');
});
