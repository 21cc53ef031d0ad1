import { readdirSync } from "node:fs";
import type { LiveProducer } from "@chalkline/shared";
import { expect, it } from "vitest";
import { type ClientSocket, connectSocket } from "../helpers/clients";
import { ok, VP8_RTP } from "../helpers/live-client";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

// The socket, account and address buckets are lifted: only the media limits answer here.
const UNTHROTTLED = {
  ...ROOMY_LIMITS,
  SOCKET_EVENTS_PER_SECOND: "100000",
  SOCKET_EVENT_BURST: "100000",
  SOCKET_ACCOUNT_EVENTS_PER_SECOND: "100000",
  SOCKET_ACCOUNT_EVENT_BURST: "100000",
};
const cluster = classCluster(2, 2, UNTHROTTLED, { media: 1 });
const DTLS = {
  role: "client",
  fingerprints: [
    {
      algorithm: "sha-256",
      value: "82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD",
    },
  ],
};

/** Open files of the media node's workers: each WebRTC transport holds a UDP and a TCP port. */
function workerFiles(): number {
  const pids = cluster.media!.workerPids();
  expect(pids.length).toBeGreaterThan(0);
  return pids.reduce((sum, pid) => sum + readdirSync(`/proc/${pid}/fd`).length, 0);
}

function codes(acks: Array<{ ok: boolean; error?: { code: string } }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const ack of acks) {
    const key = ack.ok ? "ok" : (ack.error?.code ?? "?");
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

it("a learner scripting 1,000 transports and 50 cameras gets one of each; the media node does not grow", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const [mallory, watcherAccount] = learners as [(typeof learners)[0], (typeof learners)[0]];
  const connect = async (node: ServerNodeHandle, token: string): Promise<ClientSocket> =>
    (await connectSocket(node.url, token)).socket;
  const teacher = await connect(a, instructor.accessToken);
  const learner = await connect(b, mallory.accessToken);
  const watcher = await connect(a, watcherAccount.accessToken);

  ok(await teacher.emitWithAck("room:join", { roomId }));
  ok(await teacher.emitWithAck("live:start", { roomId }));
  ok(await teacher.emitWithAck("live:stage", { roomId, userId: mallory.user.id, onStage: true }));
  for (const socket of [learner, watcher]) {
    ok(await socket.emitWithAck("room:join", { roomId }));
    ok(await socket.emitWithAck("live:join", { roomId }));
  }
  const added: LiveProducer[] = [];
  watcher.on("live:producer-added", (p) => added.push(p));
  const filesBefore = workerFiles();

  const creates = await Promise.all(
    Array.from({ length: 1000 }, (_, i) =>
      learner.emitWithAck("live:transport:create", { roomId, direction: i % 2 === 0 ? "send" : "recv" }),
    ),
  );
  const created = codes(creates);
  console.log("1,000 transport creates:", created);
  expect(created).toEqual({ ok: 2, limit_reached: 998 });
  const send = creates.find((ack, i) => ack.ok && i % 2 === 0);
  if (!send?.ok) throw new Error("no send transport");
  const filesAfter = workerFiles();
  console.log(`media worker open files: ${filesBefore} before, ${filesAfter} after`);
  // Two transports, each a UDP and a TCP port, and nothing for the 998 refused.
  expect(filesAfter - filesBefore).toBeLessThanOrEqual(4);

  ok(await learner.emitWithAck("live:transport:connect", { roomId, transportId: send.data.id, dtlsParameters: DTLS }));
  const cameras = await Promise.all(
    Array.from({ length: 50 }, () =>
      learner.emitWithAck("live:produce", {
        roomId,
        transportId: send.data.id,
        kind: "video",
        source: "camera",
        rtpParameters: VP8_RTP,
      }),
    ),
  );
  const produced = codes(cameras);
  console.log("50 camera producers:", produced);
  expect(produced).toEqual({ ok: 1, limit_reached: 49 });

  // The others in the class see exactly one camera of that learner: pushed once, and listed once on joining.
  const rejoined = ok(await watcher.emitWithAck("live:join", { roomId }));
  const listed = rejoined.producers.filter((p) => p.user.id === mallory.user.id && p.source === "camera");
  expect(listed).toHaveLength(1);
  expect(added.filter((p) => p.user.id === mallory.user.id && p.source === "camera")).toHaveLength(1);
  for (const socket of [teacher, learner, watcher]) socket.close();
});
