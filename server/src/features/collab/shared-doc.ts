import { setTimeout as sleep } from "node:timers/promises";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Logger } from "../../platform/logger";
import {
  encodeAwareness,
  encodeRelay,
  encodeSyncStep1,
  encodeUpdate,
  handleClientMessage,
  RELAY,
} from "./collab.protocol";
import type { CollabStore } from "./collab.store";

/** One browser's WebSocket on a document. */
export interface CollabConn {
  ws: WebSocket;
  userId: string;
  readOnly: boolean;
  /** Moderators keep writing while the document is locked. */
  canModerate: boolean;
  /** Awareness client ids this connection announced, removed when it closes. */
  clientIds: Set<number>;
}

export interface SharedDocDeps {
  store: CollabStore;
  logger: Logger;
  nodeId: string;
  publish: (frame: Buffer) => void;
  /** Updates stored on this node since the last compaction that trigger the next one. */
  compactEvery: number;
}

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
    if (stored.updateCount >= deps.compactEvery) await shared.#compact();
    return shared;
  }

  addConn(conn: CollabConn): void {
    this.conns.add(conn);
    send(conn, encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) send(conn, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
  }

  receive(conn: CollabConn, data: Uint8Array): void {
    const reply = handleClientMessage(data, this.doc, this.awareness, conn);
    if (reply) send(conn, reply);
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

  #onUpdate(update: Uint8Array, origin: unknown): void {
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

function send(conn: CollabConn, data: Uint8Array): void {
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  conn.ws.send(data, (error) => {
    if (error) conn.ws.terminate();
  });
}
