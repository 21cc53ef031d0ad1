import { z } from "zod";

/**
 * y-websocket endpoint: `ws(s)://<host>/collab/<docId>?ticket=<ticket>`. The ticket comes from
 * `POST /api/docs/<docId>/ticket`: single-use and short-lived, so the URL (which proxies log)
 * never carries a credential worth stealing. Every (re)connect fetches a new one.
 */
export const COLLAB_PATH = "/collab";

export const collabTicketSchema = z.object({ ticket: z.string() });
export type CollabTicket = z.infer<typeof collabTicketSchema>;

/**
 * Close codes the collaboration endpoint ends a WebSocket with. Browsers cannot read the HTTP
 * status of a refused handshake, so the upgrade is accepted and closed with one of these.
 */
export const COLLAB_CLOSE = {
  /** A frame that does not decode as the y-websocket protocol (or carries a malformed update). */
  invalid_frame: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  not_found: 4404,
  /** The document could not be loaded from the store; it is never served empty instead. */
  load_failed: 4500,
  /** The user is no longer a member of the document's room (removed, or quit). */
  removed: 4410,
  /** The session or the account's tokens were ended (logout, disabled, role or password changed). */
  session_ended: 4440,
  /** A frame or the document it would grow passed its size limit; the change was not applied. */
  too_large: 4413,
  /** The connection sent more messages than its limit allows. */
  rate_limited: 4429,
  shutting_down: 4503,
} as const;
export type CollabCloseReason = keyof typeof COLLAB_CLOSE;

export const DOC_KINDS = ["code", "board"] as const;
export const docKindSchema = z.enum(DOC_KINDS);
export type DocKind = z.infer<typeof docKindSchema>;

export const CODE_LANGUAGES = ["javascript", "typescript", "python", "html", "css", "plain"] as const;
export const codeLanguageSchema = z.enum(CODE_LANGUAGES);
export type CodeLanguage = z.infer<typeof codeLanguageSchema>;

/**
 * Shared types inside each document, so every client and the server agree:
 * a code document keeps its text in `Y.Text("content")`; a board keeps shapes in
 * `Y.Map("shapes")` (shape id → Shape); both record who wrote what in `Y.Map("users")`
 * (Yjs PermanentUserData).
 */
export const DOC_TYPES = { codeText: "content", boardShapes: "shapes", users: "users" } as const;

export const docViewSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  kind: docKindSchema,
  name: z.string(),
  language: codeLanguageSchema,
  readOnly: z.boolean(),
  /** The caller may lock, unlock, snapshot and restore. */
  canManage: z.boolean(),
  updatedAt: z.string(),
});
export type DocView = z.infer<typeof docViewSchema>;

export const createDocBodySchema = z.strictObject({
  kind: docKindSchema,
  name: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[\w .()-]+$/, { message: "letters, digits, spaces and . _ - ( ) only" }),
  language: codeLanguageSchema.default("plain"),
});
export const setDocLockBodySchema = z.strictObject({ readOnly: z.boolean() });
export const createSnapshotBodySchema = z.strictObject({ name: z.string().trim().min(1).max(80) });

export const docSnapshotSchema = z.object({
  id: z.string(),
  docId: z.string(),
  name: z.string(),
  createdBy: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: z.string(),
});
export type DocSnapshot = z.infer<typeof docSnapshotSchema>;

/** A whiteboard shape as stored in `Y.Map("shapes")`. Coordinates are board units, not pixels. */
export const shapeSchema = z.object({
  id: z.string(),
  type: z.enum(["pen", "line", "rect", "ellipse", "text", "sticky", "image"]),
  x: z.number(),
  y: z.number(),
  w: z.number(),
  h: z.number(),
  points: z.array(z.number()).optional(),
  text: z.string().optional(),
  /** An `image` shape's `board_image` upload; each viewer resolves its own short-lived URL. */
  uploadId: z.string().optional(),
  color: z.string(),
  z: z.number(),
  authorId: z.string(),
});
export type Shape = z.infer<typeof shapeSchema>;
