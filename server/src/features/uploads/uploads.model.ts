import { UPLOAD_PURPOSES } from "@chalkline/shared";
import mongoose, { type HydratedDocumentFromSchema } from "mongoose";

const { ObjectId } = mongoose.Schema.Types;

/**
 * A file in the uploads bucket. Recorded `pending` when its presigned upload is handed out, and
 * `ready` once the server has seen the object in S3 with the announced type and an allowed size.
 * Only ready uploads are ever used or downloadable.
 */
const uploadSchema = new mongoose.Schema(
  {
    ownerId: { type: ObjectId, required: true },
    purpose: { type: String, enum: UPLOAD_PURPOSES, required: true },
    /** Always under the owner's prefix (uploads.keys.ts). */
    key: { type: String, required: true, unique: true },
    fileName: { type: String, required: true },
    contentType: { type: String, required: true },
    /** Declared while pending; what S3 reported once ready. */
    size: { type: Number, required: true },
    status: { type: String, enum: ["pending", "ready"], required: true, default: "pending" },
    courseId: { type: ObjectId, default: null },
    roomId: { type: ObjectId, default: null },
    confirmedAt: { type: Date, default: null },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
// A course's or room's ready files, newest first.
uploadSchema.index({ courseId: 1, purpose: 1, status: 1, _id: -1 });
uploadSchema.index({ roomId: 1, purpose: 1, status: 1, _id: -1 });

export type UploadDoc = HydratedDocumentFromSchema<typeof uploadSchema>;
export const Upload = mongoose.model("Upload", uploadSchema, "uploads");

/** A user's current avatar: one of their ready `avatar` uploads. */
const avatarSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    uploadId: { type: ObjectId, required: true },
  },
  { versionKey: false, timestamps: true },
);
export const Avatar = mongoose.model("Avatar", avatarSchema, "avatars");
