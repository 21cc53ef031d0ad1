/**
 * One open collaborative document: its Yjs replica, the y-websocket provider that keeps it in step
 * with the server, and what the page should say about the connection.
 *
 * The endpoint closes refused or failed connections with the codes in `COLLAB_CLOSE`. An expired
 * token is renewed and the provider reconnects with it (y-websocket rebuilds its URL from `params`
 * on every connect); forbidden or missing documents stop the provider; a load failure and a
 * shutting-down server are retried with back-off.
 */

import { COLLAB_CLOSE, COLLAB_PATH, DOC_TYPES } from "@chalkline/shared";
import { removeAwarenessStates } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { browser } from "$app/environment";
import { auth } from "$lib/auth.svelte";
import { describeErrorBody } from "$lib/errors";
import { userColor } from "./colors";

export type CollabStatus = "connecting" | "connected" | "offline";

export interface CollabUser {
  id: string;
  name: string;
}

/** What each client publishes about itself in awareness, under `user`. */
export interface AwarenessUser {
  id: string;
  name: string;
  color: string;
  colorLight: string;
}

/** After this many failed attempts in a row the status says "offline" instead of "connecting". */
const OFFLINE_AFTER_ATTEMPTS = 3;
const MAX_BACKOFF_MS = 10_000;

const PROBLEMS = {
  forbidden: "You don't have access to this document.",
  notFound: "This document no longer exists.",
  loadFailed: "Couldn't load this document — retrying…",
  signedOut: describeErrorBody({ code: "unauthorized", message: "signed out" }),
} as const;

export function collabServerUrl(origin = location.origin): string {
  return `${origin.replace(/^http/, "ws")}${COLLAB_PATH}`;
}

export class LiveDoc {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Who wrote what: client ids mapped to user ids, stored inside the document itself. */
  readonly users: Y.PermanentUserData;
  status = $state<CollabStatus>("connecting");
  /** The replica has exchanged state with the server since the last (re)connect. */
  synced = $state(false);
  /** What the person should know about the connection; null while all is well. */
  problem = $state<string | null>(null);
  /** The server will not serve this document again; nothing retries. */
  stopped = $state(false);

  #writable = false;
  #mapped = false;
  /** Tokens refused in a row: one fresh token is worth a try, a second refusal ends it. */
  #refusedTokens = 0;
  #closed = false;
  #stopTokenListener: (() => void) | null = null;
  #onOnline = () => this.#kick();
  #onOffline = () => this.#sync();

  constructor(
    readonly docId: string,
    readonly user: CollabUser,
  ) {
    this.users = new Y.PermanentUserData(this.doc, this.doc.getMap(DOC_TYPES.users));
    this.provider = new WebsocketProvider(collabServerUrl(), docId, this.doc, {
      connect: false,
      params: {},
      maxBackoffTime: MAX_BACKOFF_MS,
      // The server decides who may write; tabs must not pass edits around it.
      disableBc: true,
    });
    const { color, colorLight } = userColor(user.id);
    const me: AwarenessUser = { id: user.id, name: user.name, color, colorLight };
    this.provider.awareness.setLocalStateField("user", me);

    this.provider.on("status", () => this.#sync());
    this.provider.on("sync", (synced: boolean) => this.#onSynced(synced));
    this.provider.on("connection-close", (event: CloseEvent | null) => this.#onClose(event));
    this.provider.on("closed", ({ code }: { code: number }) => this.#onTerminalClose(code));
  }

  /** Connects with a fresh token; returns itself so a page can write `new LiveDoc(…).open()`. */
  open(): this {
    if (!browser) return this;
    this.#stopTokenListener = auth.onToken((token) => {
      this.provider.params = { token };
    });
    window.addEventListener("online", this.#onOnline);
    window.addEventListener("offline", this.#onOffline);
    void auth.freshToken().then((token) => {
      if (this.#closed) return;
      if (!token) {
        this.#stop(PROBLEMS.signedOut);
        return;
      }
      this.provider.params = { token };
      this.provider.connect();
    });
    return this;
  }

  /**
   * Whether this person may edit now (the document is unlocked, or they moderate the room). Edits
   * are attributed to them only once they may write: a read-only replica's changes are dropped.
   */
  setWritable(writable: boolean): void {
    this.#writable = writable;
    this.#mapUser();
  }

  /** Idempotent: leaves awareness at once, so others see this person go, and closes the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTokenListener?.();
    if (browser) {
      window.removeEventListener("online", this.#onOnline);
      window.removeEventListener("offline", this.#onOffline);
    }
    removeAwarenessStates(this.provider.awareness, [this.doc.clientID], "closed");
    this.provider.destroy();
    this.doc.destroy();
  }

  #onSynced(synced: boolean): void {
    this.synced = synced;
    if (!synced) return;
    this.#refusedTokens = 0;
    this.problem = null;
    this.#mapUser();
  }

  #mapUser(): void {
    // After the first sync, so the server's entry for this user is extended rather than replaced.
    if (this.#mapped || !this.#writable || !this.synced) return;
    this.#mapped = true;
    this.users.setUserMapping(this.doc, this.doc.clientID, this.user.id);
  }

  #onClose(event: CloseEvent | null): void {
    if (event?.code === COLLAB_CLOSE.load_failed) this.problem = PROBLEMS.loadFailed;
    this.#sync();
  }

  /** y-websocket gives up on 44xx codes and reports them here. */
  #onTerminalClose(code: number): void {
    if (this.#closed) return;
    if (code === COLLAB_CLOSE.unauthorized) {
      this.#reauthorise();
      return;
    }
    if (code === COLLAB_CLOSE.not_found) {
      this.#stop(PROBLEMS.notFound);
      return;
    }
    this.#stop(PROBLEMS.forbidden);
  }

  #reauthorise(): void {
    this.#refusedTokens++;
    if (this.#refusedTokens > 1) {
      this.#stop(PROBLEMS.signedOut);
      return;
    }
    const refused = this.provider.params.token;
    this.status = "connecting";
    void (async () => {
      // Auth may already hold a newer token than the one this connection started with.
      let token = await auth.freshToken();
      if (token === refused) token = await auth.refresh();
      if (this.#closed) return;
      // No token: the person is signed out, and the app layout takes the person to the login page.
      if (!token) {
        this.#stop(PROBLEMS.signedOut);
        return;
      }
      this.provider.params = { token };
      this.provider.connect();
    })();
  }

  #stop(problem: string): void {
    this.stopped = true;
    this.problem = problem;
    this.provider.disconnect();
    this.#sync();
  }

  /** Back online: try now instead of waiting out the back-off. */
  #kick(): void {
    if (this.#closed || this.stopped || this.provider.wsconnected) return;
    this.provider.disconnect();
    this.provider.connect();
    this.#sync();
  }

  #sync(): void {
    const p = this.provider;
    if (p.wsconnected) this.status = "connected";
    else if (this.stopped || !navigator.onLine || p.wsUnsuccessfulReconnects >= OFFLINE_AFTER_ATTEMPTS) {
      this.status = "offline";
    } else this.status = "connecting";
  }
}
