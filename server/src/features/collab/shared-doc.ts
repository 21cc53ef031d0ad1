import { setTimeout as sleep } from "node:timers/promises";
import type { AwarenessUser } from "@chalkline/shared";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { assertNever } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import type { TokenBucket } from "../../platform/rate-limit";
import {
  type AwarenessEntry,
  CollabFrameError,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeRelay,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  parseClientFrame,
  RELAY,
} from "./collab.protocol";
import type { CollabStore } from "./collab.store";

/** One browser's WebSocket on a document. */
export interface CollabConn {
  ws: WebSocket;
  userId: string;
  /** What others see with this connection's cursors, from the account: never what the client claims. */
  user: AwarenessUser;
  readOnly: boolean;
  /** Moderators keep writing while the document is locked. */
  canModerate: boolean;
  /** Awareness client ids this connection announced, removed when it closes. */
  clientIds: Set<number>;
  /** Messages this connection may still send now; an empty bucket closes it. */
  bucket: TokenBucket;
}

export interface SharedDocDeps {
  store: CollabStore;
  logger: Logger;
  nodeId: string;
  publish: (frame: Buffer) => void;
  /** Updates stored on this node since the last compaction that trigger the next one. */
  compactEvery: number;
  /** A change that would take the document's encoded state past this is refused. */
  maxDocBytes: number;
}

/**
 * Cursors one connection may own: a browser tab has one (Yjs picks a new client id only when two
 * collide). A connection never sets or removes a cursor it did not introduce.
 */
const MAX_CURSORS_PER_CONN = 2;

const LOAD_ORIGIN = Symbol("load");
const MAX_STORE_ATTEMPTS = 5;
const STORE_RETRY_MS = 200;
const RELAY_ORIGIN = Symbol("relay");

/**
 * A document held in memory on this node for its connected clients. Loaded from the store before
 * any client is answered; each change is sent to the local clients, relayed to the other nodes
 * holding the document when it came from a local client, and appended to the store in order.
 */
export class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<CollabConn>();
  /** Local changes not yet stored, written as one merged update per round trip. */
  #unstored: Uint8Array[] = [];
  #writing: Promise<void> | null = null;
  #sinceCompaction = 0;
  #closed = false;
  /** An upper bound of the document's encoded size, made exact when it nears the limit. */
  #approxBytes = 0;

  private constructor(
    readonly docId: string,
    private readonly deps: SharedDocDeps,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => this.#onUpdate(update, origin));
    this.awareness.on("update", (change: AwarenessChange, origin: unknown) => this.#onAwareness(change, origin));
  }

  /** Loads the stored state; throws rather than ever serving an empty document over real data. */
  static async load(docId: string, deps: SharedDocDeps): Promise<SharedDoc | null> {
    const stored = await deps.store.load(docId);
    if (!stored) return null;
    const shared = new SharedDoc(docId, deps);
    Y.applyUpdate(shared.doc, stored.state, LOAD_ORIGIN);
    shared.#approxBytes = stored.state.length;
    if (stored.updateCount >= deps.compactEvery) await shared.#compact();
    return shared;
  }

  addConn(conn: CollabConn): void {
    this.conns.add(conn);
    send(conn, encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) send(conn, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
  }

  /**
   * Applies one client frame. Throws `CollabFrameError` — the hub then closes that connection —
   * for a malformed frame, a flood, or a change past the document's size limit; nothing of a
   * refused frame is applied. A read-only connection may ask for the document and move its own
   * cursor; its document changes are dropped.
   */
  receive(conn: CollabConn, data: Uint8Array): void {
    if (!conn.bucket.take()) throw new CollabFrameError("rate_limited", "too many messages");
    const frame = parseClientFrame(data);
    switch (frame.kind) {
      case "sync-step-1":
        send(conn, encodeSyncStep2(this.doc, frame.stateVector));
        return;
      case "update":
        if (conn.readOnly) return;
        this.#assertRoomFor(frame.update);
        Y.applyUpdate(this.doc, frame.update, conn);
        return;
      case "awareness":
        this.#applyCursors(conn, frame.entries);
        return;
      default:
        assertNever(frame);
    }
  }

  removeConn(conn: CollabConn): void {
    this.conns.delete(conn);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.clientIds], null);
  }

  /** Applies what another node relayed, for the local clients (and the store, see #onUpdate). */
  applyRelay(type: number, payload: Uint8Array): void {
    if (type === RELAY.update) Y.applyUpdate(this.doc, payload, RELAY_ORIGIN);
    else if (type === RELAY.awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, RELAY_ORIGIN);
  }

  setReadOnly(readOnly: boolean): void {
    for (const conn of this.conns) conn.readOnly = readOnly && !conn.canModerate;
  }

  /** Resolves once every change received so far is stored. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  /** Stores what is pending, folds the log, drops every connection. Idempotent. */
  async close(closeCode: number, reason: string): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const conn of this.conns) conn.ws.close(closeCode, reason);
    this.conns.clear();
    await this.flush();
    if (this.#sinceCompaction > 0) await this.#compact();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Only cursors this connection introduced, and no more than a tab has; each carries the
   * connection's account as its `user`, whatever the client wrote there.
   */
  #applyCursors(conn: CollabConn, entries: AwarenessEntry[]): void {
    const states = this.awareness.getStates();
    const own = entries.filter(({ clientId, state }) => {
      if (conn.clientIds.has(clientId)) return true;
      return state !== null && !states.has(clientId) && conn.clientIds.size < MAX_CURSORS_PER_CONN;
    });
    if (own.length === 0) return;
    const stamped = own.map((entry) => ({ ...entry, state: stampUser(entry.state, conn.user) }));
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), conn);
  }

  /** Refuses a change that would take the document past its size limit (measured exactly only near it). */
  #assertRoomFor(update: Uint8Array): void {
    if (this.#approxBytes + update.length <= this.deps.maxDocBytes) return;
    this.#approxBytes = Y.encodeStateAsUpdate(this.doc).length;
    if (this.#approxBytes + update.length > this.deps.maxDocBytes) {
      throw new CollabFrameError("too_large", `the document would pass ${this.deps.maxDocBytes} bytes`);
    }
  }

  #onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin !== LOAD_ORIGIN) this.#approxBytes += update.length;
    const frame = encodeUpdate(update);
    for (const conn of this.conns) if (conn !== origin) send(conn, frame);
    if (origin === LOAD_ORIGIN) return;
    if (origin !== RELAY_ORIGIN) this.deps.publish(encodeRelay(RELAY.update, this.deps.nodeId, update));
    // Relayed changes are stored here too: their origin node may die before storing them, and
    // then this replica is the only one left on the server side. Yjs applies duplicates once.
    this.#unstored.push(update);
    this.#writing ??= this.#writeUnstored().finally(() => {
      this.#writing = null;
    });
  }

  /**
   * Stores pending changes in order. What arrives during a write is merged into the next one, so
   * a burst of keystrokes costs a few inserts and a shutdown flush has little left to do.
   */
  async #writeUnstored(): Promise<void> {
    let failures = 0;
    while (this.#unstored.length > 0) {
      const batch = this.#unstored;
      this.#unstored = [];
      try {
        await this.deps.store.append(this.docId, batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch));
        failures = 0;
      } catch (error) {
        this.#unstored = [...batch, ...this.#unstored];
        if (++failures >= MAX_STORE_ATTEMPTS) {
          // Clients still hold these changes and send them again on their next sync.
          this.deps.logger.error({ err: error, docId: this.docId }, "could not store document updates; dropping");
          this.#unstored = [];
          return;
        }
        await sleep(STORE_RETRY_MS * failures);
        continue;
      }
      if (++this.#sinceCompaction >= this.deps.compactEvery) await this.#compact();
    }
  }

  async #compact(): Promise<void> {
    this.#sinceCompaction = 0;
    await this.deps.store.compact(this.docId).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, docId: this.docId }, "compaction failed; will retry");
    });
  }

  #onAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed];
    if (origin && typeof origin === "object" && "clientIds" in origin) {
      const conn = origin as CollabConn;
      for (const id of added) conn.clientIds.add(id);
      for (const id of removed) conn.clientIds.delete(id);
    }
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const frame = encodeAwareness(update);
    for (const conn of this.conns) send(conn, frame);
    if (origin !== RELAY_ORIGIN) this.deps.publish(encodeRelay(RELAY.awareness, this.deps.nodeId, update));
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** A cursor's state with `user` set to the account's; null (the cursor left) stays null. */
function stampUser(state: unknown, user: AwarenessUser): unknown {
  if (state === null) return null;
  const fields = typeof state === "object" && !Array.isArray(state) ? state : {};
  return { ...fields, user };
}

function send(conn: CollabConn, data: Uint8Array): void {
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  conn.ws.send(data, (error) => {
    if (error) conn.ws.terminate();
  });
}
