import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { DOC_TYPES, type DocView } from "@chalkline/shared";
import mongoose from "mongoose";
import * as Y from "yjs";
import { api } from "../../helpers/clients";
import { CollabClient } from "../../helpers/collab-client";
import { seededRandom } from "../../helpers/random";
import type { FanoutClient } from "./fanout";

const SYNC_TIMEOUT_MS = 30_000;
/** One edit's marker: `<id>`, ids being `[\w-]+` (FanoutMeter's `<tag>_<sender>_<n>`). */
const MARKER = /<([\w-]+)>/g;

/** A y-websocket client (the browser's provider, in Node) that has exchanged state with the server. */
export async function connectCollab(baseUrl: string, docId: string, token: string): Promise<CollabClient> {
  const client = new CollabClient(baseUrl, docId, token);
  try {
    await client.synced(SYNC_TIMEOUT_MS);
    return client;
  } catch (error) {
    client.destroy();
    throw error;
  }
}

/**
 * One participant of a collab fan-out round. A "message" is one small Y.Text edit: the marker
 * `<id>` inserted at a seeded random position. A writer makes one edit every `paceMs` on a fixed
 * schedule (an edit more than one interval late moves the schedule rather than bursting to catch
 * up; 0: as fast as the event loop turns). It is "delivered" to a client when an update carrying
 * the marker is applied to its document — at once for the writer, on arrival for everyone else.
 */
export function collabFanoutClient(client: CollabClient, seed: number, paceMs: number): FanoutClient {
  const random = seededRandom(seed);
  let nextAt = 0;
  return {
    send: async (id) => {
      const text = client.text;
      text.insert(Math.floor(random() * (text.length + 1)), `<${id}>`);
      if (paceMs === 0) {
        await nextTurn();
        return 1;
      }
      const now = performance.now();
      // Timers fire a little late: keep the schedule unless a whole interval behind.
      nextAt = (now - nextAt > paceMs ? now : nextAt) + paceMs;
      await sleep(Math.max(0, nextAt - now));
      return 1;
    },
    onDelivery: (listener) => {
      // Read the markers off each update rather than off Y.Text events: an event's delta walks the
      // whole text, which would make the clients, not the servers, the bottleneck as the text grows.
      client.doc.on("update", (update: Uint8Array) => {
        for (const struct of Y.decodeUpdate(update).structs) {
          if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
          for (const match of struct.content.str.matchAll(MARKER)) listener(match[1]!);
        }
      });
    },
    close: () => client.destroy(),
  };
}

/** A fresh code document in the room's workspace, so every case starts from an empty text. */
export async function createCodeDoc(baseUrl: string, roomId: string, token: string, name: string): Promise<string> {
  const res = await api<DocView>(baseUrl, "POST", `/api/rooms/${roomId}/docs`, {
    token,
    body: { kind: "code", name, language: "plain" },
  });
  if (res.status !== 201) throw new Error(`create doc: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Read access to what the nodes stored of a document: the update log and its folded snapshot. */
export class DocStore {
  private constructor(private readonly db: mongoose.Connection) {}

  static async open(mongoUrl: string, dbName: string): Promise<DocStore> {
    return new DocStore(await mongoose.createConnection(mongoUrl, { dbName }).asPromise());
  }

  /** The stored updates not yet folded into the snapshot, and the text snapshot + updates make. */
  async inspect(docId: string): Promise<{ updates: number; text: string }> {
    const id = new mongoose.Types.ObjectId(docId);
    const record = await this.db.collection("yDocs").findOne({ _id: id }, { projection: { snapshot: 1 } });
    const updates = await this.db.collection("yUpdates").find({ docId: id }).sort({ _id: 1 }).toArray();
    const doc = new Y.Doc();
    for (const part of [record?.snapshot, ...updates.map((u) => u.update)]) {
      if (part) Y.applyUpdate(doc, new Uint8Array(part.buffer));
    }
    const text = doc.getText(DOC_TYPES.codeText).toString();
    doc.destroy();
    return { updates: updates.length, text };
  }

  /** Polls until the stored text is `expected` or `timeoutMs` passed; the last look either way. */
  async settle(docId: string, expected: string, timeoutMs: number): Promise<{ updates: number; matches: boolean }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { updates, text } = await this.inspect(docId);
      if (text === expected || Date.now() > deadline) return { updates, matches: text === expected };
      await sleep(250);
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
