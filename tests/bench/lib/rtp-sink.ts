/**
 * The far end of the loopback consumers, run as its own process so that reading tens of thousands
 * of datagrams a second neither stalls the synthetic sender's timer nor hides in the benchmark's
 * own CPU: UDP sockets on 127.0.0.1 (SINK_SOCKETS of them) that only count what arrives, by the
 * packet's second byte (RTCP packet type 200–206, else the RTP marker bit and payload type; both
 * stay in the clear under SRTP). Prints `{"ports":[…]}` once bound; answers each `stats` line on
 * stdin with `{"counts":{byte:count},"bytes":n}`; exits when its stdin closes.
 */
import { createSocket, type Socket } from "node:dgram";
import { createInterface } from "node:readline";
import { exitWithParent } from "./child-server";

const SOCKETS = Number(process.env.SINK_SOCKETS ?? 8);
/** The kernel caps it at net.core.rmem_max: what overflows shows up as drops in /proc/net/udp. */
const RECV_BUFFER_BYTES = 8 * 1024 * 1024;

const counts = new Float64Array(256);
let bytes = 0;

const sockets: Socket[] = await Promise.all(
  Array.from(
    { length: SOCKETS },
    () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = createSocket({ type: "udp4", recvBufferSize: RECV_BUFFER_BYTES });
        socket.on("message", (message) => {
          if (message.length < 2) return;
          counts[message[1]!]! += 1;
          bytes += message.length;
        });
        socket.once("error", reject);
        socket.bind(0, "127.0.0.1", () => resolve(socket));
      }),
  ),
);
process.stdout.write(`${JSON.stringify({ ports: sockets.map((s) => s.address().port) })}\n`);

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() !== "stats") return;
  const nonZero: Record<number, number> = {};
  counts.forEach((count, byte) => {
    if (count > 0) nonZero[byte] = count;
  });
  process.stdout.write(`${JSON.stringify({ counts: nonZero, bytes })}\n`);
});

exitWithParent(() => {
  for (const socket of sockets) socket.close();
  process.exit(0);
});
