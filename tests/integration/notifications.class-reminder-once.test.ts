import { setTimeout as sleep } from "node:timers/promises";
import type { Notification, NotificationPage } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, type TestAccount } from "../helpers/clients";
import { type ClusterNames, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

/** Half a minute of lead, looked for five times a second by each node. */
const ENV = { ...ROOMY_LIMITS, CLASS_REMINDER_MINUTES: "0.5", CLASS_REMINDER_SWEEP_SECONDS: "0.2" };
const WAIT_MS = 40_000;

let names: ClusterNames;
let nodes: ServerNodeHandle[];
let fixture: ClassFixture;
beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, ENV, names);
  fixture = await classWithLearners(nodes[0]!.url, 3);
});
afterAll(() => stopAll(nodes ?? []));

async function reminders(learner: TestAccount, baseUrl = nodes[0]!.url): Promise<Notification[]> {
  const page = await api<NotificationPage>(baseUrl, "GET", "/api/notifications?limit=100", {
    token: learner.accessToken,
  });
  return page.body.notifications.filter((n) => n.kind === "class_reminder");
}

async function schedule(title: string, inMs: number): Promise<void> {
  const res = await api(nodes[0]!.url, "POST", `/api/rooms/${fixture.roomId}/live-classes`, {
    token: fixture.instructor.accessToken,
    body: { title, scheduledAt: new Date(Date.now() + inMs).toISOString(), durationMinutes: 30 },
  });
  expect(res.status).toBe(201);
}

/** Polls until `done` holds, or fails after WAIT_MS. */
async function waitUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${WAIT_MS} ms`);
    await sleep(100);
  }
}

it("two nodes remind each learner once; a learner who switched reminders off gets none", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const [first, second, quiet] = fixture.learners as [TestAccount, TestAccount, TestAccount];
  const off = await api(b.url, "PATCH", "/api/me", {
    token: quiet.accessToken,
    body: { notificationsOff: ["class_reminder"] },
  });
  expect(off.body.notificationsOff).toEqual(["class_reminder"]);

  const sockets: Array<[TestAccount, ClientSocket]> = [
    [first, (await connectSocket(a.url, first.accessToken)).socket],
    [second, (await connectSocket(b.url, second.accessToken)).socket],
    [quiet, (await connectSocket(a.url, quiet.accessToken)).socket],
  ];
  const pushed = new Map<string, Notification[]>(fixture.learners.map((l) => [l.user.id, []]));
  for (const [learner, socket] of sockets) {
    socket.on("notification:new", (n) => {
      if (n.kind === "class_reminder") pushed.get(learner.user.id)!.push(n);
    });
  }

  await schedule("Fractions", 20_000);
  await waitUntil(
    "both reminders",
    async () => (await reminders(first)).length + (await reminders(second)).length === 2,
  );
  // Both nodes sweep five times a second: give them a couple dozen more chances to send it again.
  await sleep(2_500);

  for (const learner of [first, second]) {
    const stored = await reminders(learner, b.url);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ roomId: fixture.roomId, text: expect.stringContaining("Fractions") });
    expect(pushed.get(learner.user.id)).toHaveLength(1);
  }
  expect(await reminders(quiet)).toEqual([]);
  expect(pushed.get(quiet.user.id)).toEqual([]);
  for (const [, socket] of sockets) socket.close();
});

it("a reminder due while the cluster restarts is still sent, once", async () => {
  const [first] = fixture.learners as [TestAccount];
  // Due 25 seconds from now (outside the lead), so no node can send it before they all stop.
  await schedule("Decimals", 55_000);
  await stopAll(nodes);
  nodes = await startCluster(2, ENV, names);
  await waitUntil("the reminder after the restart", async () =>
    (await reminders(first)).some((n) => n.text.includes("Decimals")),
  );
  await sleep(1_000);
  expect((await reminders(first)).filter((n) => n.text.includes("Decimals"))).toHaveLength(1);
});
