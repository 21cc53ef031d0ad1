import { COLLAB_PATH, DOC_TYPES, type DocView } from "@chalkline/shared";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { api } from "./clients";

/** A Yjs client as the browser runs it: y-websocket's provider against one node's endpoint. */
export class CollabClient {
  readonly doc = new Y.Doc();
  provider: WebsocketProvider;
  readonly closeCodes: number[] = [];

  constructor(
    baseUrl: string,
    private readonly docId: string,
    private readonly token: string,
  ) {
    this.provider = this.#connect(baseUrl);
  }

  /** Moves to another node, keeping the replica: what a browser does when its node is gone. */
  switchTo(baseUrl: string): void {
    this.provider.destroy();
    this.provider = this.#connect(baseUrl);
  }

  #connect(baseUrl: string): WebsocketProvider {
    const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}${COLLAB_PATH}`, this.docId, this.doc, {
      params: { token: this.token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 500,
    });
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (event) this.closeCodes.push(event.code);
    });
    return provider;
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
