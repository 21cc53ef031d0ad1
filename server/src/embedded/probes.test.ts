import { describe, expect, it } from "vitest";
import { bsonDocument, opMsg, replyOk } from "./probes";

/** An OP_MSG reply whose body is `body`. */
function reply(body: Buffer): Buffer {
  const message = opMsg(7, body);
  message.writeInt32LE(1, 8); // responseTo
  return message;
}

describe("MongoDB wire probe", () => {
  it("encodes { ping: 1, $db: 'admin' } as BSON", () => {
    const doc = bsonDocument({ ping: 1, $db: "admin" });
    expect(doc.readInt32LE(0)).toBe(doc.length);
    expect(doc.toString("hex")).toBe(
      [
        "1e000000", // total length: 30 bytes
        "1070696e6700", // int32 "ping"
        "01000000", // 1
        "0224646200", // string "$db"
        "06000000", // byte length of "admin\0"
        "61646d696e00", // "admin\0"
        "00", // end of document
      ].join(""),
    );
  });

  it("frames an OP_MSG with its total length and opcode 2013", () => {
    const doc = bsonDocument({ ping: 1 });
    const message = opMsg(42, doc);
    expect(message.readInt32LE(0)).toBe(message.length);
    expect(message.readInt32LE(4)).toBe(42);
    expect(message.readInt32LE(12)).toBe(2013);
  });

  it("reads ok as int32 or double, after other fields", () => {
    expect(replyOk(reply(bsonDocument({ ok: 1 })))).toBe(1);
    expect(replyOk(reply(bsonDocument({ note: "x", n: 5, ok: 0 })))).toBe(0);
    const double = Buffer.from("1100000001" + "6f6b00" + "000000000000f03f" + "00", "hex");
    expect(replyOk(reply(double))).toBe(1);
  });

  it("rejects replies that are not OP_MSG or lack ok", () => {
    expect(replyOk(reply(bsonDocument({ n: 1 })))).toBeUndefined();
    expect(replyOk(Buffer.from("+PONG\r\n"))).toBeUndefined();
  });
});
