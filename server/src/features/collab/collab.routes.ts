import {
  type CollabTicket,
  createDocBodySchema,
  createSnapshotBodySchema,
  type DocView,
  objectIdSchema,
  rooms,
  setDocLockBodySchema,
} from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { Room } from "../rooms/rooms.model";
import type { CollabService } from "./collab.service";

/** Tells the room's members, on every node, that one of its documents changed. */
export type DocAnnouncer = (socketRoom: string, doc: DocView) => void;

/** `/api/rooms/:roomId/docs` and `/api/docs/:docId/*`. */
export function collabRoutes(collab: CollabService, accounts: AccountsService, announce: DocAnnouncer): Router {
  const router = Router();
  // Only its own paths: the router is mounted on /api beside others.
  router.use(["/rooms/:roomId/docs", "/docs"], requireUser(accounts));
  const id = (value: unknown) => parseOrThrow(objectIdSchema, value);
  const tell = async (doc: DocView) => {
    const room = await Room.findById(doc.roomId, { kind: 1 });
    if (room) announce(rooms.room(room.kind, room.id), { ...doc, canManage: false });
  };

  router.get("/rooms/:roomId/docs", async (req, res) => {
    res.json({ docs: await collab.listDocs(id(req.params.roomId), res.locals.user) });
  });
  router.post("/rooms/:roomId/docs", async (req, res) => {
    const doc = await collab.createDoc(
      id(req.params.roomId),
      res.locals.user,
      parseOrThrow(createDocBodySchema, req.body),
    );
    await tell(doc);
    res.status(201).json(doc);
  });
  router.put("/docs/:docId/lock", async (req, res) => {
    const { readOnly } = parseOrThrow(setDocLockBodySchema, req.body);
    const doc = await collab.setReadOnly(id(req.params.docId), res.locals.user, readOnly);
    await tell(doc);
    res.json(doc);
  });
  router.post("/docs/:docId/ticket", async (req, res) => {
    const ticket = await collab.ticket(id(req.params.docId), res.locals.user, res.locals.session);
    res.setHeader("Cache-Control", "no-store");
    res.status(201).json({ ticket } satisfies CollabTicket);
  });
  router.get("/docs/:docId/snapshots", async (req, res) => {
    res.json({ snapshots: await collab.listSnapshots(id(req.params.docId), res.locals.user) });
  });
  router.post("/docs/:docId/snapshots", async (req, res) => {
    const { name } = parseOrThrow(createSnapshotBodySchema, req.body);
    res.status(201).json(await collab.takeSnapshot(id(req.params.docId), res.locals.user, name));
  });
  router.post("/docs/:docId/snapshots/:snapshotId/restore", async (req, res) => {
    res.json(await collab.restoreSnapshot(id(req.params.docId), id(req.params.snapshotId), res.locals.user));
  });
  return router;
}
