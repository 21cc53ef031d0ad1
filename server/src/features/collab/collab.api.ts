import {
  collabTicketSchema,
  createDocBodySchema,
  createSnapshotBodySchema,
  docSnapshotSchema,
  docViewSchema,
  setDocLockBodySchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

/** collab.routes.ts. */
export const collabApi: ApiSection = {
  tag: "collab",
  description: "A room's shared code files and whiteboards, their snapshots, and tickets to open them over WebSocket.",
  operations: [
    {
      method: "get",
      path: "/api/rooms/:roomId/docs",
      summary: "The room's documents",
      auth: "bearer",
      responses: { 200: z.object({ docs: z.array(docViewSchema) }) },
    },
    {
      method: "post",
      path: "/api/rooms/:roomId/docs",
      summary: "Creates a document in the room; its members are told",
      auth: "bearer",
      body: createDocBodySchema,
      responses: { 201: docViewSchema },
      errors: ["conflict"],
    },
    {
      method: "put",
      path: "/api/docs/:docId/lock",
      summary: "Makes a document read-only for learners, or editable again (moderators)",
      auth: "bearer",
      body: setDocLockBodySchema,
      responses: { 200: docViewSchema },
    },
    {
      method: "post",
      path: "/api/docs/:docId/ticket",
      summary: "A short-lived ticket to open the document at /collab/<docId>",
      auth: "bearer",
      responses: { 201: collabTicketSchema },
    },
    {
      method: "get",
      path: "/api/docs/:docId/snapshots",
      summary: "The document's named snapshots",
      auth: "bearer",
      responses: { 200: z.object({ snapshots: z.array(docSnapshotSchema) }) },
    },
    {
      method: "post",
      path: "/api/docs/:docId/snapshots",
      summary: "Takes a named snapshot of the document",
      auth: "bearer",
      body: createSnapshotBodySchema,
      responses: { 201: docSnapshotSchema },
    },
    {
      method: "post",
      path: "/api/docs/:docId/snapshots/:snapshotId/restore",
      summary: "Restores the document to a snapshot, for everyone editing it",
      auth: "bearer",
      responses: { 200: docViewSchema },
    },
  ],
};
