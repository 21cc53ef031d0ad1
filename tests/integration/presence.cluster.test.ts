import { expect, it } from "vitest";
import { connectSocket, nextEvent } from "../helpers/clients";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(3, 4);

const ids = (users: Array<{ id: string }>) => users.map((u) => u.id).sort();

it("presence lists agree on every node, and a killed node's users leave them within 30 seconds", async () => {
  const [a, b, doomed] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle, ServerNodeHandle];
  const [l0, l1, l2, l3] = cluster.fixture.learners as [any, any, any, any];
  const watcherA = await connectSocket(a.url, cluster.fixture.instructor.accessToken);
  await watcherA.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId });

  const joinedEvent = nextEvent(watcherA.socket, "presence:joined");
  const onB = await connectSocket(b.url, l0.accessToken);
  await onB.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId });
  await expect(joinedEvent).resolves.toMatchObject({ roomId: cluster.fixture.roomId, user: { id: l0.user.id } });

  const ghosts = [l1, l2];
  for (const learner of ghosts) {
    const s = await connectSocket(doomed.url, learner.accessToken);
    await s.socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId });
  }
  const listener = await connectSocket(b.url, l3.accessToken);
  const view = async (socket: typeof listener.socket) => {
    const joined = await socket.emitWithAck("room:join", { roomId: cluster.fixture.roomId });
    if (!joined.ok) throw new Error(joined.error.code);
    return ids(joined.data.online);
  };
  const expected = ids([cluster.fixture.instructor.user, l0.user, l1.user, l2.user, l3.user]);
  expect(await view(listener.socket)).toEqual(expected);
  expect(await view(watcherA.socket)).toEqual(expected);

  const left: string[] = [];
  watcherA.socket.on("presence:left", (e) => left.push(e.user.id));
  doomed.kill("SIGKILL");
  await expect.poll(() => [...left].sort(), { timeout: 35_000, interval: 250 }).toEqual(ids(ghosts.map((g) => g.user)));
  const afterLeave = ids([cluster.fixture.instructor.user, l0.user, l3.user]);
  expect(await view(listener.socket)).toEqual(afterLeave);
  expect(await view(watcherA.socket)).toEqual(afterLeave);

  const leftEvent = nextEvent(watcherA.socket, "presence:left");
  onB.socket.close();
  await expect(leftEvent).resolves.toMatchObject({ user: { id: l0.user.id } });
  watcherA.socket.close();
  listener.socket.close();
});
