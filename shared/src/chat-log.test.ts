import { describe, expect, it } from "vitest";
import type { ChatMessage } from "./chat";
import { ChatLog } from "./chat-log";

const message = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`,
  roomId: "r",
  seq,
  clientMsgId: `c${seq}`,
  author: { id: "u", displayName: "U", role: "learner" },
  text: `message ${seq}`,
  mentions: [],
  reactions: {},
  editedAt: null,
  deletedAt: null,
  createdAt: new Date(0).toISOString(),
  ...extra,
});

describe("ChatLog", () => {
  it("keeps one copy of each message in seq order whatever the arrival order", () => {
    const log = new ChatLog();
    for (const seq of [2, 1, 3, 2, 5, 1]) log.add(message(seq));
    expect(log.messages().map((m) => m.seq)).toEqual([1, 2, 3, 5]);
    expect(log.contiguousSeq).toBe(3);
    expect(log.hasGap).toBe(true);
    log.add(message(4));
    expect(log.contiguousSeq).toBe(5);
    expect(log.hasGap).toBe(false);
  });

  it("replaces a message when it was edited, deleted or reacted to, and says so", () => {
    const log = new ChatLog();
    expect(log.add(message(1))).toBe(true);
    expect(log.add(message(1))).toBe(false);
    expect(log.add(message(1, { editedAt: "2026-01-01T00:00:00.000Z", text: "edited" }))).toBe(true);
    expect(log.get(1)?.text).toBe("edited");
    expect(
      log.add(message(1, { editedAt: "2026-01-01T00:00:00.000Z", text: "edited", reactions: { "👍": ["u"] } })),
    ).toBe(true);
  });

  it("starts after a known point", () => {
    const log = new ChatLog(10);
    log.add(message(12));
    expect(log.contiguousSeq).toBe(10);
    log.add(message(11));
    expect(log.contiguousSeq).toBe(12);
  });
});
