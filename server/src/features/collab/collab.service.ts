import { type CodeLanguage, DOC_TYPES, type DocKind, type DocSnapshot, type DocView } from "@chalkline/shared";
import * as Y from "yjs";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { SessionRef } from "../accounts/tokens";
import { recordAudit } from "../audit/audit.model";
import { type Actor, type RoomAccess, requireModerator, roomAccess } from "../rooms/rooms.access";
import type { CollabHub } from "./collab.hub";
import { type YDocDoc, YDocRecord, type YSnapshotDoc, YSnapshotRecord } from "./collab.model";
import type { CollabTickets } from "./collab.tickets";

const MAX_DOCS_PER_ROOM = 50;
const RESTORE_ORIGIN = Symbol("restore");

export function toDocView(doc: YDocDoc, canManage: boolean): DocView {
  return {
    id: doc.id,
    roomId: String(doc.roomId),
    kind: doc.kind,
    name: doc.name,
    language: doc.language,
    readOnly: doc.readOnly,
    canManage,
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function toSnapshotView(
  s: Pick<YSnapshotDoc, "id" | "docId" | "name" | "createdById" | "createdByName" | "createdAt">,
): DocSnapshot {
  return {
    id: s.id,
    docId: String(s.docId),
    name: s.name,
    createdBy: { id: String(s.createdById), displayName: s.createdByName },
    createdAt: s.createdAt.toISOString(),
  };
}

/** A room's workspace: its code files and whiteboard, locks and named snapshots. */
export class CollabService {
  constructor(
    private readonly hub: CollabHub,
    private readonly tickets: CollabTickets,
  ) {}

  /**
   * A ticket that opens one WebSocket to the document, for a reader of its room, bound to the
   * caller's session and ending with the access token it was fetched with.
   */
  async ticket(docId: string, actor: Actor, token: { session: SessionRef; expiresAt: Date }): Promise<string> {
    await this.#readable(docId, actor);
    return this.tickets.issue({ ...token.session, docId, expiresAt: token.expiresAt.getTime() });
  }

  /** Every room starts with one code file and one whiteboard. */
  async listDocs(roomId: string, actor: Actor): Promise<DocView[]> {
    const access = await roomAccess(roomId, actor);
    const list = () => YDocRecord.find({ roomId }, { snapshot: 0 }).sort({ createdAt: 1, _id: 1 });
    let docs = await list();
    if (docs.length === 0 && access.room.kind !== "lobby") {
      // Two first listings at once: the unique name index lets one insert each document.
      await YDocRecord.insertMany(
        [
          { roomId, kind: "code", name: "main.py", language: "python" },
          { roomId, kind: "board", name: "Whiteboard" },
        ],
        { ordered: false },
      ).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
      docs = await list();
    }
    return docs.map((d) => toDocView(d, access.canModerate));
  }

  async createDoc(
    roomId: string,
    actor: Actor,
    body: { kind: DocKind; name: string; language: CodeLanguage },
  ): Promise<DocView> {
    const access = await roomAccess(roomId, actor);
    if (access.room.kind === "lobby") throw new AppError("forbidden", "the lobby has no workspace");
    if ((await YDocRecord.countDocuments({ roomId })) >= MAX_DOCS_PER_ROOM) {
      throw new AppError("conflict", `a workspace holds at most ${MAX_DOCS_PER_ROOM} documents`);
    }
    const language = body.kind === "code" ? body.language : "plain";
    const doc = await YDocRecord.create({ roomId, ...body, language }).catch((error: unknown) => {
      if (isDuplicateKey(error))
        throw new AppError("conflict", `this workspace already has a document named ${body.name}`);
      throw error;
    });
    return toDocView(doc, access.canModerate);
  }

  async setReadOnly(docId: string, actor: Actor, readOnly: boolean): Promise<DocView> {
    const { doc } = await this.#manageable(docId, actor);
    await YDocRecord.updateOne({ _id: docId }, { $set: { readOnly } });
    await this.hub.publishLock(docId, readOnly);
    await recordAudit({ actorId: actor.id, action: readOnly ? "doc.locked" : "doc.unlocked", targetId: docId });
    doc.readOnly = readOnly;
    return toDocView(doc, true);
  }

  async listSnapshots(docId: string, actor: Actor): Promise<DocSnapshot[]> {
    await this.#readable(docId, actor);
    const snapshots = await YSnapshotRecord.find({ docId }, { state: 0 }).sort({ createdAt: -1 }).limit(100);
    return snapshots.map(toSnapshotView);
  }

  async takeSnapshot(docId: string, actor: Actor, name: string): Promise<DocSnapshot> {
    await this.#manageable(docId, actor);
    const shared = await this.hub.doc(docId);
    if (!shared) throw new AppError("not_found", "no such document");
    const state = Buffer.from(Y.encodeStateAsUpdate(shared.doc));
    const snapshot = await YSnapshotRecord.create({
      docId,
      name,
      state,
      createdById: actor.id,
      createdByName: actor.displayName,
    });
    await recordAudit({ actorId: actor.id, action: "doc.snapshot_taken", targetId: docId, details: { name } });
    return toSnapshotView(snapshot);
  }

  /**
   * Makes the live document look like the snapshot again, as one ordinary change: connected
   * clients see it at once, it is stored and relayed like any edit, and it can itself be undone.
   */
  async restoreSnapshot(docId: string, snapshotId: string, actor: Actor): Promise<DocView> {
    const { doc } = await this.#manageable(docId, actor);
    const snapshot = await YSnapshotRecord.findOne({ _id: snapshotId, docId });
    if (!snapshot) throw new AppError("not_found", "no such snapshot");
    const shared = await this.hub.doc(docId);
    if (!shared) throw new AppError("not_found", "no such document");
    const past = new Y.Doc();
    Y.applyUpdate(past, new Uint8Array(snapshot.state));
    shared.doc.transact(() => {
      if (doc.kind === "code") {
        const text = shared.doc.getText(DOC_TYPES.codeText);
        text.delete(0, text.length);
        text.insert(0, past.getText(DOC_TYPES.codeText).toString());
      } else {
        const shapes = shared.doc.getMap(DOC_TYPES.boardShapes);
        const wanted = past.getMap(DOC_TYPES.boardShapes).toJSON();
        for (const key of [...shapes.keys()]) if (!(key in wanted)) shapes.delete(key);
        for (const [key, value] of Object.entries(wanted)) shapes.set(key, value);
      }
    }, RESTORE_ORIGIN);
    await shared.flush();
    await recordAudit({ actorId: actor.id, action: "doc.snapshot_restored", targetId: docId, details: { snapshotId } });
    return toDocView(doc, true);
  }

  async #readable(docId: string, actor: Actor): Promise<{ doc: YDocDoc; access: RoomAccess }> {
    const doc = await YDocRecord.findById(docId, { snapshot: 0 });
    if (!doc) throw new AppError("not_found", "no such document");
    return { doc, access: await roomAccess(String(doc.roomId), actor) };
  }

  async #manageable(docId: string, actor: Actor): Promise<{ doc: YDocDoc; access: RoomAccess }> {
    const doc = await YDocRecord.findById(docId, { snapshot: 0 });
    if (!doc) throw new AppError("not_found", "no such document");
    return { doc, access: await requireModerator(String(doc.roomId), actor) };
  }
}
