import { COLLAB_PATH, DOC_TYPES, type DocView } from "@chalkline/shared";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { api } from "./clients";

/** Asks a node for a ticket that opens one document's WebSocket once, as the web app does before each connect. */
export function collabTicket(baseUrl: string, docId: string, token: string) {
  return api<{ ticket: string }>(baseUrl, "POST", `/api/docs/${docId}/ticket`, { token });
}

/** The endpoint's address for one document with this query string (`ticket=…`). */
export function collabUrl(baseUrl: string, docId: string, query: string): string {
  return `${baseUrl.replace(/^http/, "ws")}${COLLAB_PATH}/${docId}?${query}`;
}

/**
 * A bare WebSocket on one document, resolved once the server has spoken (its sync step 1), with
 * the close code it ends with: for sending frames no provider would.
 */
export async function rawCollabConnection(
  baseUrl: string,
  docId: string,
  token: string,
): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ticket = await collabTicket(baseUrl, docId, token);
  if (ticket.status !== 201) throw new Error(`ticket: ${ticket.status}`);
  const ws = new WebSocket(collabUrl(baseUrl, docId, `ticket=${ticket.body.ticket}`));
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("message", () => resolve());
    ws.once("error", reject);
  });
  return { ws, closed };
}

const RETRY_MAX_MS = 500;

/**
 * A Yjs client as the browser runs it: y-websocket's provider against one node's endpoint, with a
 * fresh ticket fetched for every connect. Like the web app, it reconnects itself after a close
 * (y-websocket would present the spent ticket again), and stops on a 44xx close or a refused ticket.
 */
export class CollabClient {
  readonly doc = new Y.Doc();
  provider: WebsocketProvider;
  readonly closeCodes: number[] = [];
  /** HTTP statuses of ticket requests the node refused (401, 403, 404). */
  readonly refusedTickets: number[] = [];
  #baseUrl: string;
  #retryTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #destroyed = false;

  constructor(
    baseUrl: string,
    private readonly docId: string,
    private readonly token: string,
  ) {
    this.#baseUrl = baseUrl;
    this.provider = this.#connect(baseUrl);
  }

  /** Moves to another node, keeping the replica: what a browser does when its node is gone. */
  switchTo(baseUrl: string): void {
    clearTimeout(this.#retryTimer);
    this.provider.destroy();
    this.#baseUrl = baseUrl;
    this.provider = this.#connect(baseUrl);
  }

  /** Connects again after `provider.disconnect()`, with a fresh ticket as the web app would. */
  reconnect(): void {
    void this.#open(this.provider);
  }

  #connect(baseUrl: string): WebsocketProvider {
    const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}${COLLAB_PATH}`, this.docId, this.doc, {
      connect: false,
      params: {},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: RETRY_MAX_MS,
    });
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (event) this.closeCodes.push(event.code);
      const terminal = event !== null && !provider.shouldReconnect(event, provider);
      if (provider.shouldConnect && !terminal) {
        provider.shouldConnect = false;
        this.#retryLater(provider);
      }
    });
    provider.on("sync", (synced: boolean) => {
      if (synced) this.#failures = 0;
    });
    void this.#open(provider);
    return provider;
  }

  async #open(provider: WebsocketProvider): Promise<void> {
    const res = await collabTicket(this.#baseUrl, this.docId, this.token).catch(() => null);
    if (provider !== this.provider || this.#destroyed) return;
    if (res?.status === 201) {
      provider.params = { ticket: res.body.ticket };
      provider.connect();
    } else if (res && [401, 403, 404].includes(res.status)) {
      this.refusedTickets.push(res.status);
    } else {
      this.#retryLater(provider);
    }
  }

  #retryLater(provider: WebsocketProvider): void {
    clearTimeout(this.#retryTimer);
    const delay = Math.min(2 ** ++this.#failures * 50, RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => void this.#open(provider), delay);
  }

  get text(): Y.Text {
    return this.doc.getText(DOC_TYPES.codeText);
  }

  /** Resolves once the provider has exchanged state with the server. */
  synced(timeoutMs = 20_000): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("not synced")), timeoutMs);
      const onSync = (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        this.provider.off("sync", onSync);
        resolve();
      };
      this.provider.on("sync", onSync);
    });
  }

  /** Resolves with the first close code the server sends. */
  closed(timeoutMs = 10_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("not closed")), timeoutMs);
      this.provider.on("connection-close", (event: CloseEvent | null) => {
        clearTimeout(timer);
        resolve(event?.code ?? 0);
      });
    });
  }

  destroy(): void {
    this.#destroyed = true;
    clearTimeout(this.#retryTimer);
    this.provider.destroy();
    this.doc.destroy();
  }
}

export async function roomDocs(baseUrl: string, roomId: string, token: string): Promise<DocView[]> {
  const res = await api<{ docs: DocView[] }>(baseUrl, "GET", `/api/rooms/${roomId}/docs`, { token });
  if (res.status !== 200) throw new Error(`docs: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.docs;
}

/** Waits until `check` holds, polling. */
export async function until(check: () => boolean, timeoutMs = 20_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
