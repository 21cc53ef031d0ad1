import {
  createStudyRoomBodySchema,
  joinByCodeBodySchema,
  objectIdSchema,
  openDmBodySchema,
  type RoomView,
} from "@chalkline/shared";
import { Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../../platform/errors";
import { escapeRegex } from "../../platform/mongo";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { User } from "../accounts/user.model";
import type { Actor } from "./rooms.access";
import { createStudyRoom, joinByCode, listRooms, openDirectRoom, roomDetails } from "./rooms.service";

export const userSearchQuerySchema = z.strictObject({ q: z.string().trim().min(2).max(60) });

/** `/api/rooms/*` and `/api/users/search`. */
/**
 * Subscribes users' live sockets, on every node, to a room they just joined, so its messages and
 * unread counts move without a reconnect.
 */
export type RoomSubscriber = (userIds: string[], room: Pick<RoomView, "id" | "kind">) => void;

export function roomsRoutes(accounts: AccountsService, subscribe: RoomSubscriber): Router {
  const router = Router();
  // Only its own paths: the router is mounted on /api beside others.
  router.use(["/rooms", "/users"], requireUser(accounts));
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
    const room = await createStudyRoom(actor(res.locals), parseOrThrow(createStudyRoomBodySchema, req.body));
    subscribe([res.locals.user.id], room);
    res.status(201).json(room);
  });
  router.post("/rooms/join", async (req, res) => {
    const room = await joinByCode(actor(res.locals), parseOrThrow(joinByCodeBodySchema, req.body).code);
    subscribe([res.locals.user.id], room);
    res.json(room);
  });
  router.post("/rooms/dm", async (req, res) => {
    const { userId } = parseOrThrow(openDmBodySchema, req.body);
    const room = await openDirectRoom(actor(res.locals), userId);
    subscribe([res.locals.user.id, userId], room);
    res.json(room);
  });
  router.get("/users/search", async (req, res) => {
    const { q } = parseOrThrow(userSearchQuerySchema, req.query);
    const users = await User.find({ displayName: new RegExp(escapeRegex(q), "i"), disabled: false }).limit(20);
    res.json({ users: users.map((u) => ({ id: u.id, displayName: u.displayName, role: u.role })) });
  });
  return router;
}
