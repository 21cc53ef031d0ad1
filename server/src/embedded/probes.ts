import { request } from "node:http";
import { connect } from "node:net";

const PROBE_TIMEOUT_MS = 2_000;

/** Sends `payload` to 127.0.0.1:`port` and collects the reply until `complete(reply)` says so. */
export function tcpExchange(port: number, payload: Buffer, complete: (reply: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = Buffer.alloc(0);
    const finish = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(reply);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(new Error(`no reply from port ${port}`)));
    socket.on("error", finish);
    socket.on("connect", () => socket.write(payload));
    socket.on("data", (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      if (complete(reply)) finish();
    });
    socket.on("end", () => finish(new Error(`port ${port} closed the connection`)));
  });
}

/** True when a Redis server on `port` answers PING with +PONG (not -LOADING while it replays its AOF). */
export async function redisPing(port: number): Promise<boolean> {
  const reply = await tcpExchange(port, Buffer.from("PING\r\n"), (r) => r.includes("\r\n"));
  return reply.toString("latin1").startsWith("+PONG");
}

const OP_MSG = 2013;

/** BSON for a document of int32 and string fields: all a `ping` command needs. */
export function bsonDocument(fields: Record<string, number | string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const name = Buffer.from(`${key}\0`, "utf8");
    if (typeof value === "number") {
      const int = Buffer.alloc(4);
      int.writeInt32LE(value);
      parts.push(Buffer.from([0x10]), name, int);
    } else {
      const text = Buffer.from(`${value}\0`, "utf8");
      const length = Buffer.alloc(4);
      length.writeInt32LE(text.length);
      parts.push(Buffer.from([0x02]), name, length, text);
    }
  }
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}

/** An OP_MSG wire-protocol message carrying one command document. */
export function opMsg(requestId: number, command: Buffer): Buffer {
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + command.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16); // flag bits
  header.writeUInt8(0, 20); // section kind 0: the body document
  return Buffer.concat([header, command]);
}

/** Numeric value of the top-level `ok` field of an OP_MSG reply's body, or undefined. */
export function replyOk(reply: Buffer): number | undefined {
  if (reply.length < 26 || reply.readInt32LE(12) !== OP_MSG) return undefined;
  const start = 21;
  const end = start + reply.readInt32LE(start) - 1;
  let at = start + 4;
  // Walk the elements, skipping the fixed-size types a ping reply may hold before `ok`.
  const fixed: Record<number, number> = { 1: 8, 7: 12, 8: 1, 9: 8, 10: 0, 16: 4, 17: 8, 18: 8 };
  while (at < end) {
    const type = reply.readUInt8(at);
    const nameEnd = reply.indexOf(0, at + 1);
    const name = reply.toString("utf8", at + 1, nameEnd);
    at = nameEnd + 1;
    if (name === "ok") {
      if (type === 0x01) return reply.readDoubleLE(at);
      if (type === 0x10) return reply.readInt32LE(at);
      if (type === 0x08) return reply.readUInt8(at);
      return undefined;
    }
    if (type in fixed) at += fixed[type] ?? 0;
    else if (type === 0x02) at += 4 + reply.readInt32LE(at);
    else if (type === 0x03 || type === 0x04) at += reply.readInt32LE(at);
    else return undefined;
  }
  return undefined;
}

/** True when a MongoDB-compatible server on `port` answers `{ ping: 1 }` with ok: 1. */
export async function mongoPing(port: number): Promise<boolean> {
  const message = opMsg(1, bsonDocument({ ping: 1, $db: "admin" }));
  const reply = await tcpExchange(port, message, (r) => r.length >= 4 && r.length >= r.readInt32LE(0));
  return replyOk(reply) === 1;
}

/** True when an SMTP server on `port` greets a new connection with 220. */
export async function smtpGreets(port: number): Promise<boolean> {
  const reply = await tcpExchange(port, Buffer.alloc(0), (r) => r.includes("\r\n"));
  return reply.toString("latin1").startsWith("220");
}

/** True when an HTTP server on `port` answers at all (an S3 server says 403 to anonymous requests). */
export function httpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", method: "GET", timeout: PROBE_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}
