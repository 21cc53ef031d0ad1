import { z } from "zod";
import { roleSchema } from "./accounts";

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
  /** The account already has as many documents open, over all its tabs and devices, as it may. */
  too_many_open: 4409,
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

/**
 * Who a cursor belongs to: the `user` field of every awareness state. The server writes it from
 * the connection's account over whatever the client sent, so a cursor cannot claim another name,
 * colour or role.
 */
export const awarenessUserSchema = z.object({
  id: z.string(),
  name: z.string().max(200),
  role: roleSchema,
  color: z.string().max(32),
  colorLight: z.string().max(32),
});
export type AwarenessUser = z.infer<typeof awarenessUserSchema>;

/** FNV-1a: a small, stable hash, so a user keeps their colour across tabs, visits and server nodes. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const value = l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/**
 * The colour that stands for one person in every cursor, selection, label and attribution marker,
 * derived from the user id: `color` is solid (carets, labels), `colorLight` translucent (selections).
 * Hues are spread by the golden angle, and the lightness stays dark enough for white label text.
 */
export function userColor(userId: string): Pick<AwarenessUser, "color" | "colorLight"> {
  const h = fnv1a(userId);
  const hue = Math.round(((h % 1000) * 137.508) % 360);
  const saturation = 62 + ((h >>> 10) % 16);
  const lightness = 38 + ((h >>> 16) % 8);
  const color = hslToHex(hue, saturation, lightness);
  return { color, colorLight: `${color}33` };
}
