import { z } from "zod";
import { objectIdSchema } from "./accounts";

/** What a file is for: it decides the types and size allowed, and who may download it. */
export const UPLOAD_PURPOSES = [
  "avatar",
  "product_image",
  "lesson_attachment",
  "board_image",
  "broadcast_audio",
  "lesson_captions",
] as const;
export const uploadPurposeSchema = z.enum(UPLOAD_PURPOSES);
export type UploadPurpose = z.infer<typeof uploadPurposeSchema>;

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
/** What browsers' MediaRecorder writes. */
const AUDIO_TYPES = ["audio/webm", "audio/ogg", "audio/mp4"] as const;
const MB = 1024 * 1024;

export interface UploadRule {
  contentTypes: readonly string[];
  maxBytes: number;
  /** Course materials belong to a course, whiteboard images to a room. */
  scope: "none" | "course" | "room";
}

export const UPLOAD_RULES: Readonly<Record<UploadPurpose, UploadRule>> = {
  avatar: { contentTypes: IMAGE_TYPES, maxBytes: 2 * MB, scope: "none" },
  product_image: { contentTypes: IMAGE_TYPES, maxBytes: 5 * MB, scope: "none" },
  lesson_attachment: {
    contentTypes: [...IMAGE_TYPES, "application/pdf", "application/zip", "text/plain", "text/markdown"],
    maxBytes: 25 * MB,
    scope: "course",
  },
  board_image: { contentTypes: IMAGE_TYPES, maxBytes: 5 * MB, scope: "room" },
  /** An instructor's recorded message to every breakout room of a class. */
  broadcast_audio: { contentTypes: AUDIO_TYPES, maxBytes: 5 * MB, scope: "room" },
  /** A WebVTT captions file for one of the course's file videos. */
  lesson_captions: { contentTypes: ["text/vtt"], maxBytes: 2 * MB, scope: "course" },
};

/** Presigned upload and download URLs never live longer than this. */
export const MAX_UPLOAD_URL_TTL_SECONDS = 300;

/** POST /api/uploads — asks for a presigned upload of one file. */
export const createUploadBodySchema = z
  .strictObject({
    purpose: uploadPurposeSchema,
    contentType: z.string().max(100),
    size: z.number().int().min(1),
    fileName: z.string().trim().min(1).max(120),
    courseId: objectIdSchema.optional(),
    roomId: objectIdSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const rule = UPLOAD_RULES[body.purpose];
    if (!rule.contentTypes.includes(body.contentType)) {
      ctx.addIssue({ code: "custom", path: ["contentType"], message: `one of ${rule.contentTypes.join(", ")}` });
    }
    if (body.size > rule.maxBytes) {
      ctx.addIssue({ code: "custom", path: ["size"], message: `at most ${rule.maxBytes} bytes` });
    }
    if (rule.scope === "course" && !body.courseId)
      ctx.addIssue({ code: "custom", path: ["courseId"], message: "required" });
    if (rule.scope === "room" && !body.roomId) ctx.addIssue({ code: "custom", path: ["roomId"], message: "required" });
  });
export type CreateUploadBody = z.infer<typeof createUploadBodySchema>;

export const uploadViewSchema = z.object({
  id: z.string(),
  purpose: uploadPurposeSchema,
  key: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  /** Declared until the upload is confirmed, then what S3 holds. */
  size: z.number(),
  status: z.enum(["pending", "ready"]),
  createdAt: z.string(),
});
export type UploadView = z.infer<typeof uploadViewSchema>;

/** A presigned POST: send `fields` then the file as multipart form data to `url` before `expiresAt`. */
export const uploadTicketSchema = z.object({
  upload: uploadViewSchema,
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

/** POST /api/uploads/confirm — the object the caller uploaded, checked in S3 before it is used. */
export const confirmUploadBodySchema = z.strictObject({ key: z.string().min(1).max(512) });

export const downloadUrlSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type DownloadUrl = z.infer<typeof downloadUrlSchema>;

/** GET /api/uploads — ready files of a course or room, for its members. */
export const uploadListQuerySchema = z.strictObject({
  purpose: z.enum(["lesson_attachment", "board_image"]),
  courseId: objectIdSchema.optional(),
  roomId: objectIdSchema.optional(),
});
export type UploadListQuery = z.infer<typeof uploadListQuerySchema>;
export const uploadListSchema = z.object({ uploads: z.array(uploadViewSchema) });
export type UploadList = z.infer<typeof uploadListSchema>;

/** PUT /api/uploads/avatar — a confirmed `avatar` upload of the caller's. */
export const setAvatarBodySchema = z.strictObject({ uploadId: objectIdSchema });
export const avatarViewSchema = z.object({ url: z.string().nullable() });
export type AvatarView = z.infer<typeof avatarViewSchema>;
