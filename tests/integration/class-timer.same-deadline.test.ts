import { expect, it } from "vitest";
import { type ClientSocket, connectSocket, nextEvent } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";

// Two nodes: the instructor on one, a learner on each; no media is needed for a countdown.
const cluster = classCluster(2, 2);
const sockets: ClientSocket[] = [];

async function on(node: number, token: string): Promise<ClientSocket> {
  const { socket } = await connectSocket(cluster.nodes[node]!.url, token);
  sockets.push(socket);
  return socket;
}

it("every node answers the same deadline; pausing and resuming move it for all; only instructors run it", async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await on(0, instructor.accessToken);
  const near = await on(0, learners[0]!.accessToken);
  const far = await on(1, learners[1]!.accessToken);
  try {
    expect(ok(await far.emitWithAck("class-timer:state", { roomId }))).toBeNull();
    const refused = await far.emitWithAck("class-timer:start", { roomId, seconds: 60 });
    expect(refused.ok || refused.error.code).toBe("forbidden");

    const heardFar = nextEvent(far, "class-timer:updated");
    const heardNear = nextEvent(near, "class-timer:updated");
    const started = ok(await teacher.emitWithAck("class-timer:start", { roomId, seconds: 300, label: "Exercise 1" }));
    expect(started).toMatchObject({ status: "running", label: "Exercise 1", durationMs: 300_000 });
    expect(started.endsAt! - started.serverNow).toBe(300_000);
    // Pushed to both nodes' learners with the one deadline; read from either node, the same again.
    expect((await heardFar).timer?.endsAt).toBe(started.endsAt);
    expect((await heardNear).timer?.endsAt).toBe(started.endsAt);
    const [onFirst, onSecond] = await Promise.all([
      near.emitWithAck("class-timer:state", { roomId }).then(ok),
      far.emitWithAck("class-timer:state", { roomId }).then(ok),
    ]);
    expect(onFirst?.endsAt).toBe(started.endsAt);
    expect(onSecond?.endsAt).toBe(started.endsAt);
    // Each view's remaining time is the deadline less the server's now, whichever node read it.
    expect(onSecond!.remainingMs).toBe(onSecond!.endsAt! - onSecond!.serverNow);

    const paused = ok(await teacher.emitWithAck("class-timer:pause", { roomId }));
    expect(paused).toMatchObject({ status: "paused", endsAt: null });
    expect(paused.remainingMs).toBeLessThanOrEqual(300_000);
    expect(ok(await far.emitWithAck("class-timer:state", { roomId }))).toMatchObject({
      status: "paused",
      remainingMs: paused.remainingMs,
    });
    const resumed = ok(await teacher.emitWithAck("class-timer:resume", { roomId }));
    expect(resumed.endsAt! - resumed.serverNow).toBe(paused.remainingMs);
    expect(ok(await far.emitWithAck("class-timer:state", { roomId }))?.endsAt).toBe(resumed.endsAt);

    const ended = nextEvent(far, "class-timer:updated");
    expect(ok(await teacher.emitWithAck("class-timer:end", { roomId }))).toBeNull();
    await expect(ended).resolves.toEqual({ roomId, timer: null });
    expect(ok(await near.emitWithAck("class-timer:state", { roomId }))).toBeNull();
  } finally {
    for (const socket of sockets) socket.close();
  }
});

it("a countdown that runs out is done at zero on every node", async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await on(0, instructor.accessToken);
  const far = await on(1, learners[1]!.accessToken);
  try {
    ok(await teacher.emitWithAck("class-timer:start", { roomId, seconds: 5 }));
    await expect
      .poll(async () => ok(await far.emitWithAck("class-timer:state", { roomId }))?.status, {
        timeout: 15_000,
        interval: 500,
      })
      .toBe("done");
    expect(ok(await teacher.emitWithAck("class-timer:state", { roomId }))).toMatchObject({
      status: "done",
      remainingMs: 0,
      endsAt: null,
    });
  } finally {
    for (const socket of sockets) socket.close();
  }
});
