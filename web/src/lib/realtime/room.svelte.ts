/**
 * One open room: its messages, members, presence and raised hands, kept in step with the server.
 *
 * Socket.IO forgets a socket's rooms when it reconnects and the Redis adapter does not replay what
 * was missed, so after every (re)connect the room re-joins, pages `chat:since` from the last
 * contiguous seq until nothing is left, resends what the outbox still holds, and only then counts
 * as live again. A live message that lands beyond a hole triggers the same catch-up.
 */

import {
  ChatLog,
  type ChatMessage,
  type ErrorBody,
  type ErrorCode,
  type HandQueue,
  MAX_PAGE_MESSAGES,
  type RaisedHand,
  type RoomJoined,
  type RoomView,
  type ServerToClientEvents,
} from "@chalkline/shared";
import { auth } from "$lib/auth.svelte";
import { describeErrorBody } from "$lib/errors";
import { translate } from "$lib/i18n";
import { connection } from "./connection.svelte";
import { Outbox } from "./outbox.svelte";
import { RoomPresence } from "./presence.svelte";
import { RoomActions } from "./room-actions.svelte";
import { mergeRoomUpdate, roomList } from "./rooms.svelte";
import { Typing } from "./typing.svelte";

/** `joining`: first load. `resyncing`: catching up after a reconnect. `gone`: removed, or never allowed in. */
export type RoomPhase = "joining" | "live" | "resyncing" | "gone";

const HISTORY_PAGE = 50;
/** Further behind than this after a reconnect, the room starts again from the newest page. */
const MAX_CATCH_UP_MESSAGES = 2_000;
/** Two nodes may deliver neighbouring messages out of order; give the earlier one a moment. */
const GAP_SETTLE_MS = 300;
const SYNC_RETRY_MS = 3_000;
/** Refusals of `room:join` that pass; any other means this person cannot be in the room. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(["unavailable", "rate_limited", "internal"]);

/** Pushes whose payload names the room they are about. */
type RoomEvent =
  | "chat:sent"
  | "chat:updated"
  | "chat:cleared"
  | "chat:typed"
  | "presence:joined"
  | "presence:left"
  | "hand:queue"
  | "room:member-muted"
  | "room:member-removed"
  | "room:removed";

export class LiveRoom {
  readonly id: string;
  phase = $state<RoomPhase>("joining");
  /** Why the room cannot be shown, when `phase` is `gone`. */
  problem = $state<string | null>(null);
  room = $state<RoomView | null>(null);
  /** Messages held, in seq order. */
  messages = $state.raw<ChatMessage[]>([]);
  hasOlder = $state(false);
  loadingOlder = $state(false);
  hands = $state<RaisedHand[]>([]);
  readonly presence = new RoomPresence();
  readonly actions: RoomActions;
  readonly outbox: Outbox;
  readonly typing: Typing;

  #log = new ChatLog();
  /** The newest page has been loaded once; later syncs only catch up. */
  #loaded = false;
  #started = false;
  #closed = false;
  #syncing: Promise<void> | null = null;
  #syncAgain = false;
  #filling = false;
  #readSent = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #stops: Array<() => void> = [];

  constructor(id: string) {
    this.id = id;
    this.outbox = new Outbox(id, (message) => this.add([message]));
    this.typing = new Typing(id, () => auth.user?.id);
    this.actions = new RoomActions(this);
  }

  /** Subscribes to the room's pushes and joins it (now, or as soon as the socket connects). */
  open(): this {
    if (this.#started) return this;
    this.#started = true;
    this.#stops.push(
      this.#own("chat:sent", (message) => this.#receive(message)),
      this.#own("chat:updated", (message) => this.#update(message)),
      this.#own("chat:cleared", ({ clearedUpToSeq }) => this.cleared(clearedUpToSeq)),
      this.#own("chat:typed", (event) => this.typing.receive(event)),
      this.#own("presence:joined", ({ user }) => this.presence.joined(user)),
      this.#own("presence:left", ({ user }) => this.presence.left(user)),
      this.#own("hand:queue", (queue) => this.setHands(queue)),
      this.#own("room:member-muted", ({ userId, mutedUntil }) => this.presence.muted(userId, mutedUntil)),
      this.#own("room:member-removed", ({ userId }) => this.presence.removed(userId)),
      this.#own("room:removed", ({ reason }) =>
        this.#gone(translate(reason === "quit" ? "chat.room.left" : "chat.room.removed")),
      ),
      connection.on("room:updated", (update) => {
        if (update.id === this.id && this.room) this.room = mergeRoomUpdate(this.room, update);
      }),
      connection.onConnect(() => void this.#sync()),
    );
    roomList.viewing = this.id;
    if (connection.connected) void this.#sync();
    return this;
  }

  /** Idempotent: leaves the room and stops listening. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    for (const stop of this.#stops) stop();
    this.#stops = [];
    this.typing.close();
    if (roomList.viewing === this.id) roomList.viewing = null;
    if (this.phase !== "gone") void connection.request("room:leave", { roomId: this.id });
  }

  get selfId(): string | undefined {
    return auth.user?.id;
  }

  /** Stores messages from any source: an ack, a push, a history or catch-up page. */
  add(messages: ChatMessage[]): void {
    let changed = false;
    for (const message of messages) {
      if (message.author.id === this.selfId) this.outbox.acknowledge(message.clientMsgId);
      changed = this.#log.add(message) || changed;
    }
    if (changed) this.messages = this.#log.messages();
  }

  setHands(queue: HandQueue): void {
    if (queue.roomId === this.id) this.hands = queue.hands;
  }

  /** Fetches the page of messages just before the oldest one held. */
  async loadOlder(): Promise<void> {
    if (this.loadingOlder || !this.hasOlder) return;
    this.loadingOlder = true;
    try {
      const beforeSeq = this.messages[0]?.seq;
      const page = await connection.request("chat:history", { roomId: this.id, beforeSeq, limit: HISTORY_PAGE });
      if (!page.ok) return;
      this.add(page.data.messages);
      this.hasOlder = page.data.hasMore && (this.messages[0]?.seq ?? 1) > 1;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Everything held has been seen: moves the read marker (the page calls this when focused and at the bottom). */
  async markRead(): Promise<void> {
    const seq = this.#log.highestSeq;
    if (this.phase !== "live" || seq <= this.#readSent) return;
    this.#readSent = seq;
    const result = await connection.request("chat:read", { roomId: this.id, seq });
    if (result.ok) roomList.setUnread(this.id, result.data.unread, seq);
    else this.#readSent = 0;
  }

  async #sync(): Promise<void> {
    if (this.#syncing) {
      this.#syncAgain = true;
      return this.#syncing;
    }
    this.#syncing = (async () => {
      do {
        this.#syncAgain = false;
        await this.#syncOnce();
      } while (this.#syncAgain && !this.#closed);
    })().finally(() => {
      this.#syncing = null;
    });
    return this.#syncing;
  }

  async #syncOnce(): Promise<void> {
    if (this.#closed || this.phase === "gone" || !connection.connected) return;
    clearTimeout(this.#retryTimer);
    const first = this.room === null;
    this.phase = first ? "joining" : "resyncing";
    const joined = await connection.request("room:join", { roomId: this.id });
    if (!joined.ok) return this.#joinRefused(joined.error);
    this.#joined(joined.data);
    const behind = joined.data.room.lastSeq - this.#log.contiguousSeq;
    const caughtUp =
      (this.#loaded && behind <= MAX_CATCH_UP_MESSAGES) || (await this.#loadNewest(joined.data.room.lastSeq));
    if (!caughtUp || !(await this.#catchUp())) return this.#retrySoon();
    await this.outbox.flush();
    if (connection.connected && !this.#closed && this.problem === null) this.phase = "live";
  }

  #joined(data: RoomJoined): void {
    this.room = data.room;
    this.presence.reset(data.members, data.online, data.room.kind !== "lobby");
    this.setHands(data.hands);
    roomList.upsert(data.room);
  }

  #joinRefused(error: ErrorBody): void {
    if (RETRYABLE.has(error.code)) this.#retrySoon();
    else this.#gone(describeErrorBody(error));
  }

  /** A step got no answer (or a busy one) while still connected; a disconnect retries on the next connect anyway. */
  #retrySoon(): void {
    clearTimeout(this.#retryTimer);
    if (connection.connected && !this.#closed) this.#retryTimer = setTimeout(() => void this.#sync(), SYNC_RETRY_MS);
  }

  /** Starts the log at the room's newest seq and shows the latest page below it. */
  async #loadNewest(lastSeq: number): Promise<boolean> {
    const page = await connection.request("chat:history", { roomId: this.id, limit: HISTORY_PAGE });
    if (!page.ok) return false;
    this.#log = new ChatLog(lastSeq);
    this.messages = [];
    this.add(page.data.messages);
    this.hasOlder = page.data.hasMore && (this.messages[0]?.seq ?? 1) > 1;
    this.#loaded = true;
    return true;
  }

  /** Pages `chat:since` from the contiguous seq until the server has nothing more; false if cut off. */
  async #catchUp(): Promise<boolean> {
    while (!this.#closed) {
      const afterSeq = this.#log.contiguousSeq;
      const page = await connection.request("chat:since", { roomId: this.id, afterSeq, limit: MAX_PAGE_MESSAGES });
      if (!page.ok) return false;
      this.add(page.data.messages);
      if (page.data.hasMore && this.#log.contiguousSeq > afterSeq) continue;
      // The server sent all there is: a hole still open below what it sent was cleared, never to return.
      const newest = page.data.messages.reduce((max, message) => Math.max(max, message.seq), afterSeq);
      if (this.#log.contiguousSeq < newest) this.#rebase(newest);
      return true;
    }
    return false;
  }

  #receive(message: ChatMessage): void {
    this.add([message]);
    this.typing.forget(message.author.id);
    if (this.room && message.seq > this.room.lastSeq) this.room.lastSeq = message.seq;
    if (this.#log.hasGap && this.phase === "live") void this.#fillGap();
  }

  /** Edits, deletions and reactions: only for messages held or newer, so no island of old history appears. */
  #update(message: ChatMessage): void {
    if (this.#log.get(message.seq) || message.seq > this.#log.contiguousSeq) this.#receive(message);
  }

  async #fillGap(): Promise<void> {
    if (this.#filling) return;
    this.#filling = true;
    try {
      await new Promise((resolve) => setTimeout(resolve, GAP_SETTLE_MS));
      if (this.#log.hasGap && this.phase === "live") await this.#catchUp();
    } finally {
      this.#filling = false;
    }
  }

  /** A moderator cleared the chat: everything up to this seq is gone. */
  cleared(clearedUpToSeq: number): void {
    this.#rebase(clearedUpToSeq, true);
    this.hasOlder = false;
  }

  /** Restarts the log after `seq`, keeping later messages (and earlier ones unless `drop`). */
  #rebase(seq: number, drop = false): void {
    const kept = this.#log.messages().filter((message) => !drop || message.seq > seq);
    this.#log = new ChatLog(Math.max(seq, this.#log.contiguousSeq));
    for (const message of kept) this.#log.add(message);
    this.messages = this.#log.messages();
  }

  #gone(problem: string): void {
    this.phase = "gone";
    this.problem = problem;
    clearTimeout(this.#retryTimer);
    roomList.forget(this.id);
  }

  /** Subscribes to a push that names a room, keeping only those about this one. */
  #own<E extends RoomEvent>(event: E, handle: ServerToClientEvents[E]): () => void {
    const filtered = (payload: { roomId: string }) => {
      if (payload.roomId === this.id) (handle as (payload: { roomId: string }) => void)(payload);
    };
    return connection.on(event, filtered as ServerToClientEvents[E]);
  }
}
