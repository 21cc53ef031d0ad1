import { createStudyRoomBodySchema, joinByCodeBodySchema, objectIdSchema, openDmBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { User } from "../accounts/user.model";
import type { Actor } from "./rooms.access";
import { createStudyRoom, joinByCode, listRooms, openDirectRoom, roomDetails } from "./rooms.service";

const userSearchQuerySchema = z.strictObject({ q: z.string().trim().min(2).max(60) });
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `/api/rooms/*` and `/api/users/search`. */
export function roomsRoutes(accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts));
  const actor = (locals: { user: { id: string; displayName: string; role: Actor["role"] } }): Actor => ({
    id: locals.user.id,
    displayName: locals.user.displayName,
    role: locals.user.role,
  });

  router.get("/rooms", async (_req, res) => {
    res.json({ rooms: await listRooms(actor(res.locals)) });
  });
  router.get("/rooms/:id", async (req, res) => {
    res.json(await roomDetails(parseOrThrow(objectIdSchema, req.params.id), actor(res.locals)));
  });
  router.post("/rooms/study", async (req, res) => {
    res.status(201).json(await createStudyRoom(actor(res.locals), parseOrThrow(createStudyRoomBodySchema, req.body)));
  });
  router.post("/rooms/join", async (req, res) => {
    res.json(await joinByCode(actor(res.locals), parseOrThrow(joinByCodeBodySchema, req.body).code));
  });
  router.post("/rooms/dm", async (req, res) => {
    res.json(await openDirectRoom(actor(res.locals), parseOrThrow(openDmBodySchema, req.body).userId));
  });
  router.get("/users/search", async (req, res) => {
    const { q } = parseOrThrow(userSearchQuerySchema, req.query);
    const users = await User.find({ displayName: new RegExp(escapeRegex(q), "i"), disabled: false }).limit(20);
    res.json({ users: users.map((u) => ({ id: u.id, displayName: u.displayName, role: u.role })) });
  });
  return router;
}
