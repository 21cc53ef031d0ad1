import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type EmbeddedMongo, startMongo } from "@chalkline/server/embedded";
import type { AdminAwardBody, LedgerPage, ProgressView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import { ROOMY_LIMITS } from "../helpers/rooms";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";

const LEARNERS = 4;
/** Awards in flight at once, each to one of the learners, so batches mix learners. */
const IN_FLIGHT = 12;
/** Longer than the server's 10 s server-selection timeout, so waiting writes fail rather than wait it out. */
const OUTAGE_MS = 12_000;

let dataDir: string;
let store: EmbeddedMongo;
let node: ServerNodeHandle;
let learners: TestAccount[];
let adminToken: string;

// This test stops its database, so it runs its own instead of the run's shared one.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "chalkline-ledger-outage-"));
  store = await startMongo({ dataDir, durable: false });
  node = await startServerNode({
    services: { ...inject("services"), mongoUrl: store.url },
    ...newClusterNames(),
    env: { SEED_DEMO: "true", ...ROOMY_LIMITS },
  });
  learners = [];
  for (let i = 0; i < LEARNERS; i++) learners.push(await registerUser(node.url));
  adminToken = (await loginDemo(node.url, "admin")).accessToken;
}, 180_000);

afterAll(async () => {
  await node?.stop();
  await store?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it("a database outage fails the waiting awards plainly; their retries then apply each award once", {
  timeout: 180_000,
}, async () => {
  const body = (n: number): AdminAwardBody => ({
    userId: learners[n % LEARNERS]!.user.id,
    reason: "lesson_completed",
    key: `lesson:${n}`,
  });
  const failed: number[] = [];
  const refusals = new Set<number>();
  let next = 0;
  const awardRound = (count: number) => {
    const last = next + count;
    return Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < last) {
          const n = next++;
          const answer = await grant(node.url, adminToken, body(n)).catch(() => ({ status: 0, body: null }));
          if (answer.status === 201) continue;
          failed.push(n);
          refusals.add(answer.status);
        }
      }),
    );
  };

  await awardRound(40);
  expect(failed).toEqual([]);
  // The database goes away while awards keep coming, and comes back on the same port.
  const port = store.port;
  await store.stop();
  const back = sleep(OUTAGE_MS).then(async () => {
    store = await startMongo({ dataDir, port, durable: false });
  });
  await awardRound(40);
  await back;
  expect(failed.length).toBeGreaterThan(0);
  expect([...refusals]).toEqual([503]);

  // The caller retries each failed award with its key until it is answered: applied now, or
  // already applied before the outage cut its answer off.
  for (const n of failed) {
    for (let attempt = 0; ; attempt++) {
      const answer = await grant(node.url, adminToken, body(n));
      if (answer.status === 201 || answer.status === 200) break;
      if (attempt > 50) throw new Error(`retry never succeeded: ${answer.status}`);
      await sleep(200);
    }
  }

  // Each learner's chain holds each key once, numbered without gaps, and sums to the balance.
  for (const learner of learners) {
    const read = <T>(path: string) => api<T>(node.url, "GET", path, { token: learner.accessToken });
    const entries: LedgerPage["entries"] = [];
    for (let cursor: number | null | undefined; cursor !== null; ) {
      const page = (await read<LedgerPage>(`/api/me/ledger?currency=xp&limit=100${cursor ? `&cursor=${cursor}` : ""}`))
        .body;
      entries.push(...page.entries);
      cursor = page.nextCursor;
    }
    const lessons = entries.filter((e) => e.reason === "lesson_completed").map((e) => e.key);
    expect(new Set(lessons).size).toBe(lessons.length);
    expect(lessons.length).toBe(80 / LEARNERS);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entries.length }, (_, i) => entries.length - i));
    const progress = (await read<ProgressView>("/api/me/progress")).body;
    expect(progress.xp).toBe(entries.reduce((sum, e) => sum + e.amount, 0));
  }
});
