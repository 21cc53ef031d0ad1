import {
  createStudyRoomBodySchema,
  joinByCodeBodySchema,
  openDmBodySchema,
  roomDetailsSchema,
  roomViewSchema,
  userRefSchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiOperation, ApiSection } from "../../platform/api-description";
import { userSearchQuerySchema } from "./rooms.routes";

const room = (op: Omit<ApiOperation, "auth">): ApiOperation => ({ ...op, auth: "bearer" });

/** rooms.routes.ts. */
export const roomsApi: ApiSection = {
  tag: "rooms",
  description: "Chat rooms the caller belongs to, study rooms, direct messages, finding people.",
  operations: [
    room({
      method: "get",
      path: "/api/rooms",
      summary: "The caller's rooms with unread counts",
      responses: { 200: z.object({ rooms: z.array(roomViewSchema) }) },
    }),
    room({
      method: "get",
      path: "/api/rooms/:id",
      summary: "A room and its members",
      responses: { 200: roomDetailsSchema },
    }),
    room({
      method: "post",
      path: "/api/rooms/study",
      summary: "Creates a study room",
      body: createStudyRoomBodySchema,
      responses: { 201: roomViewSchema },
    }),
    room({
      method: "post",
      path: "/api/rooms/join",
      summary: "Joins a study room by its invite code",
      body: joinByCodeBodySchema,
      responses: { 200: roomViewSchema },
      errors: ["room_full", "room_locked"],
    }),
    room({
      method: "post",
      path: "/api/rooms/dm",
      summary: "Opens (or reopens) the direct-message room with another account",
      body: openDmBodySchema,
      responses: { 200: roomViewSchema },
    }),
    room({
      method: "get",
      path: "/api/users/search",
      summary: "Enabled accounts whose display name contains q",
      query: userSearchQuerySchema,
      responses: { 200: z.object({ users: z.array(userRefSchema) }) },
    }),
  ],
};
