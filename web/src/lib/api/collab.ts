import {
  collabTicketSchema,
  type createDocBodySchema,
  type DocSnapshot,
  type DocView,
  docSnapshotSchema,
  docViewSchema,
} from "@chalkline/shared";
import { z } from "zod";
import { authed } from "./client";

// Collaborative documents: a room's workspace of code files and whiteboards.
const docListSchema = z.object({ docs: z.array(docViewSchema) });
const snapshotListSchema = z.object({ snapshots: z.array(docSnapshotSchema) });

export const collabApi = {
  /** The room's documents, oldest first; the server adds main.py and a whiteboard on the first call. */
  listDocs: async (roomId: string): Promise<DocView[]> =>
    (await authed("GET", `/api/rooms/${encodeURIComponent(roomId)}/docs`, { schema: docListSchema })).docs,
  createDoc: (roomId: string, body: z.input<typeof createDocBodySchema>): Promise<DocView> =>
    authed("POST", `/api/rooms/${encodeURIComponent(roomId)}/docs`, { body, schema: docViewSchema }),
  /** What opens the document's WebSocket once, within seconds: fetch one for every (re)connect. */
  ticket: async (docId: string): Promise<string> =>
    (await authed("POST", `/api/docs/${encodeURIComponent(docId)}/ticket`, { schema: collabTicketSchema })).ticket,
  /** Moderators only. */
  setDocLock: (docId: string, readOnly: boolean): Promise<DocView> =>
    authed("PUT", `/api/docs/${encodeURIComponent(docId)}/lock`, {
      body: { readOnly },
      schema: docViewSchema,
    }),
  listSnapshots: async (docId: string): Promise<DocSnapshot[]> =>
    (await authed("GET", `/api/docs/${encodeURIComponent(docId)}/snapshots`, { schema: snapshotListSchema })).snapshots,
  takeSnapshot: (docId: string, name: string): Promise<DocSnapshot> =>
    authed("POST", `/api/docs/${encodeURIComponent(docId)}/snapshots`, { body: { name }, schema: docSnapshotSchema }),
  restoreSnapshot: (docId: string, snapshotId: string): Promise<DocView> =>
    authed("POST", `/api/docs/${encodeURIComponent(docId)}/snapshots/${encodeURIComponent(snapshotId)}/restore`, {
      schema: docViewSchema,
    }),
};
