import { setTimeout as sleep } from "node:timers/promises";
import type { Notification, NotificationPage } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, connectSocket, type TestAccount } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(2, 2, undefined, { media: 1 });

async function started(account: TestAccount): Promise<Notification[]> {
  const page = await api<NotificationPage>(cluster.nodes[1]!.url, "GET", "/api/notifications", {
    token: account.accessToken,
  });
  return page.body.notifications.filter((n) => n.kind === "class_started");
}

it("learners hear once that a class started, even when it is started on two nodes at once", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const [told, quiet] = learners as [TestAccount, TestAccount];
  await api(a.url, "PATCH", "/api/me", { token: quiet.accessToken, body: { notificationsOff: ["class_started"] } });
  const pushed: Notification[] = [];
  const learnerSocket = (await connectSocket(b.url, told.accessToken)).socket;
  learnerSocket.on("notification:new", (n) => {
    if (n.kind === "class_started") pushed.push(n);
  });

  const scheduled = await api(a.url, "POST", `/api/rooms/${roomId}/live-classes`, {
    token: instructor.accessToken,
    body: { title: "Loops", scheduledAt: new Date().toISOString(), durationMinutes: 45 },
  });
  expect(scheduled.status).toBe(201);
  const teachers = [
    (await connectSocket(a.url, instructor.accessToken)).socket,
    (await connectSocket(b.url, instructor.accessToken)).socket,
  ];
  const answers = await Promise.all(
    teachers.map((t) => t.emitWithAck("live:start", { roomId, liveClassId: scheduled.body.id })),
  );
  for (const answer of answers) expect(ok(answer).liveClass?.id).toBe(scheduled.body.id);

  const deadline = Date.now() + 10_000;
  while ((await started(told)).length === 0 && Date.now() < deadline) await sleep(100);
  // A second notice, were one sent, would be on its way by now.
  await sleep(1_000);
  const stored = await started(told);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    roomId,
    text: expect.stringContaining("Loops"),
    // What the app words it from, in the reader's language.
    wording: { id: "class_started", params: { title: expect.stringContaining("Loops") } },
  });
  expect(pushed).toHaveLength(1);
  expect(await started(quiet)).toEqual([]);
  expect(await started(instructor)).toEqual([]);
  for (const socket of [learnerSocket, ...teachers]) socket.close();
});
