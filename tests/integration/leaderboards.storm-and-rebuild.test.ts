import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { AdminAwardBody, ProgressView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import {
  asObject,
  boardsInRedis,
  expectedBoards,
  flushPrefix,
  grant,
  ledgerEntries,
  openStores,
  type RawEntry,
  type Stores,
} from "../helpers/ledger";
import { pick, seededRandom } from "../helpers/random";
import { ROOMY_LIMITS } from "../helpers/rooms";
import { type ServerNodeHandle, TEST_JWT_SECRET } from "../helpers/server";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TIME_ZONES = [
  "UTC",
  "Pacific/Auckland",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
];
const LEARNERS = 8;
const STORM = 360;
const LATE_STORM = 120;
const IN_FLIGHT = 12;
const DAY_MS = 86_400_000;
const hex = (random: () => number) => Array.from({ length: 24 }, () => Math.floor(random() * 16).toString(16)).join("");

let names: ClusterNames;
let nodes: ServerNodeHandle[];
let stores: Stores;
let admin: TestAccount;
const learners: Array<{ account: TestAccount; timeZone: string }> = [];
const random = seededRandom(20261201);
const courses = Array.from({ length: 3 }, () => hex(random));
const classes = Array.from({ length: 3 }, () => hex(random));

beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, ROOMY_LIMITS, names);
  stores = await openStores(names);
  admin = await loginDemo(nodes[0]!.url, "admin");
  for (let i = 0; i < LEARNERS; i++) {
    const account = await registerUser(nodes[0]!.url);
    const timeZone = TIME_ZONES[i % TIME_ZONES.length]!;
    const set = await api(nodes[1]!.url, "PATCH", "/api/me", { token: account.accessToken, body: { timeZone } });
    expect(set.body).toMatchObject({ timeZone });
    learners.push({ account, timeZone });
  }
}, 180_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

/** A random award: any reason, course and class or none, dated up to ten weeks back; some keys repeat. */
function randomAward(n: number, keys: string[]): AdminAwardBody {
  const learner = pick(random, learners);
  const reason = pick(random, [
    "lesson_completed",
    "quiz_passed",
    "course_completed",
    "quiz_correct_answers",
    "live_quiz",
  ] as const);
  const repeat = keys.length > 0 && random() < 0.1;
  const key = repeat ? pick(random, keys) : `storm:${n}`;
  keys.push(key);
  return {
    userId: learner.account.user.id,
    reason,
    key,
    courseId: random() < 0.7 ? pick(random, courses) : null,
    roomId: random() < 0.5 ? pick(random, classes) : null,
    at: new Date(Date.now() - Math.floor(random() * 70 * DAY_MS)).toISOString(),
    detail: {
      correct: Math.floor(random() * 10),
      total: 10,
      perfect: random() < 0.3,
      rank: 1 + Math.floor(random() * 6),
      score: Math.floor(random() * 2000),
    },
  };
}

/** Sends awards `IN_FLIGHT` at a time, alternating nodes. */
async function storm(count: number, offset: number): Promise<void> {
  const keys: string[] = [];
  const bodies = Array.from({ length: count }, (_, i) => randomAward(offset + i, keys));
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, worker) => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const answer = await grant(nodes[worker % 2]!.url, admin.accessToken, body);
        expect([200, 201], JSON.stringify(answer.body)).toContain(answer.status);
      }
    }),
  );
}

async function expectBoardsMatchLedger(): Promise<void> {
  const zones = new Map(learners.map((l) => [l.account.user.id, l.timeZone]));
  const expected = expectedBoards(await ledgerEntries(stores, "xp"), (id) => zones.get(id)!);
  expect(expected.size).toBeGreaterThan(50);
  expect(asObject(await boardsInRedis(stores))).toEqual(asObject(expected));
}

/** `npm run rebuild-boards` in the environment a node of this cluster runs with. */
function rebuildWithCli(): Promise<string> {
  const services = inject("services");
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "rebuild-boards"], {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URL: services.mongoUrl,
        MONGODB_DB: names.dbName,
        REDIS_URL: services.redisUrl,
        REDIS_KEY_PREFIX: stores.prefix,
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: "info",
      },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`rebuild-boards exited ${code}:\n${output}`)),
    );
  });
}

it("a storm of awards through two nodes leaves every board equal to the ledger, and balances equal to its sums", {
  timeout: 240_000,
}, async () => {
  await storm(STORM, 0);
  await expectBoardsMatchLedger();

  const [xp, points] = [await ledgerEntries(stores, "xp"), await ledgerEntries(stores, "points")];
  for (const { account } of learners) {
    const mine = (entries: RawEntry[]) =>
      entries.filter((e) => String(e.userId) === account.user.id).sort((a, b) => a.seq - b.seq);
    for (const chain of [mine(xp), mine(points)]) {
      // Dense positions, each entry's balance the running sum.
      expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
      let sum = 0;
      for (const entry of chain) {
        sum += entry.amount;
        expect(entry.balanceAfter).toBe(sum);
      }
    }
    const progress = await api<ProgressView>(nodes[0]!.url, "GET", "/api/me/progress", { token: account.accessToken });
    const total = (entries: RawEntry[]) => entries.reduce((s, e) => s + e.amount, 0);
    expect({ xp: progress.body.xp, points: progress.body.points }).toEqual({
      xp: total(mine(xp)),
      points: total(mine(points)),
    });
  }
});

it("after the cluster's Redis keys are flushed, the CLI and the admin route each rebuild every board", {
  timeout: 240_000,
}, async () => {
  expect(await flushPrefix(stores)).toBeGreaterThan(0);
  expect((await boardsInRedis(stores)).size).toBe(0);
  expect(await rebuildWithCli()).toContain("leaderboards rebuilt from the ledger");
  await expectBoardsMatchLedger();

  await flushPrefix(stores);
  const rebuilt = await api(nodes[1]!.url, "POST", "/api/admin/leaderboards/rebuild", { token: admin.accessToken });
  expect(rebuilt.status).toBe(200);
  expect(rebuilt.body).toMatchObject({ learners: LEARNERS, entries: expect.any(Number) });
  await expectBoardsMatchLedger();
});

it("a rebuild while awards keep coming still ends with every board equal to the ledger", {
  timeout: 240_000,
}, async () => {
  const rebuilding = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return api(nodes[0]!.url, "POST", "/api/admin/leaderboards/rebuild", { token: admin.accessToken });
  })();
  await storm(LATE_STORM, STORM);
  expect((await rebuilding).status).toBe(200);
  await expectBoardsMatchLedger();
  const forbidden = await api(nodes[0]!.url, "POST", "/api/admin/leaderboards/rebuild", {
    token: learners[0]!.account.accessToken,
  });
  expect(forbidden.status).toBe(403);
});
