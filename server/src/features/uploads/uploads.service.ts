import type {
  AvatarView,
  CreateUploadBody,
  DownloadUrl,
  UploadPurpose,
  UploadTicket,
  UploadView,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import type { Actor } from "../rooms/rooms.access";
import { assertCanDownload, assertCanUpload } from "./uploads.access";
import { uploadKey, userPrefix } from "./uploads.keys";
import { Avatar, Upload, type UploadDoc } from "./uploads.model";
import type { UploadQuota } from "./uploads.quota";
import type { ObjectStorage } from "./uploads.storage";

const MAX_LISTED = 200;
/** A pending upload this much older than its presigned POST can no longer receive a file. */
const ABANDONED_AFTER_EXPIRY_MS = 60_000;
const MAX_ABANDONED_SWEPT = 100;
/** Uploads removed per query when an account is deleted. */
const REMOVAL_BATCH = 100;
/**
 * What goes with a deleted account: its avatar and board images are its own. Product images and
 * course materials stay: they are the school's, and products and other people's courses show them.
 */
const PERSONAL_PURPOSES: readonly UploadPurpose[] = ["avatar", "board_image"];

export interface UploadTtls {
  uploadSeconds: number;
  downloadSeconds: number;
}

/**
 * Uploads straight from the browser to S3: a presigned POST limited to one key under the user's
 * prefix, one content type and the purpose's size, for a few minutes; then a confirmation in which
 * the server checks the object in S3 before anything uses it; downloads through short-lived
 * presigned GETs after an access check.
 */
export class UploadsService {
  constructor(
    private readonly storage: ObjectStorage | null,
    private readonly ttl: UploadTtls,
    private readonly quota: UploadQuota,
  ) {}

  /**
   * The declared size counts against the account's quota from here on, and the policy lets S3
   * take no more than that, so a small declaration cannot carry a large file.
   */
  async presign(actor: Actor, body: CreateUploadBody): Promise<UploadTicket> {
    const storage = this.#storage();
    await assertCanUpload(actor, body);
    await this.#reserve(actor.id, body.size);
    const _id = new mongoose.Types.ObjectId();
    const upload = await Upload.create({
      _id,
      ownerId: actor.id,
      purpose: body.purpose,
      key: uploadKey(actor.id, body.purpose, String(_id), body.fileName),
      fileName: body.fileName,
      contentType: body.contentType,
      size: body.size,
      courseId: body.courseId ?? null,
      roomId: body.roomId ?? null,
    }).catch(async (error: unknown) => {
      await this.quota.adjust(actor.id, -body.size);
      throw error;
    });
    const post = storage.presignPost({
      key: upload.key,
      contentType: upload.contentType,
      maxBytes: upload.size,
      ttlSeconds: this.ttl.uploadSeconds,
    });
    return {
      upload: toUploadView(upload),
      url: post.url,
      fields: post.fields,
      expiresAt: post.expiresAt.toISOString(),
    };
  }

  /** Marks the caller's upload at `key` ready once S3 holds it as announced. Safe to repeat. */
  async confirm(actor: Actor, key: string): Promise<UploadView> {
    const storage = this.#storage();
    if (!key.startsWith(userPrefix(actor.id))) throw new AppError("forbidden", "that key is not under your uploads");
    const upload = await Upload.findOne({ key, ownerId: actor.id });
    if (!upload) throw new AppError("not_found", "no upload was started for that key");
    if (upload.status === "ready") return toUploadView(upload);
    const stored = await storage.head(key);
    if (!stored) throw new AppError("conflict", "nothing has been uploaded under that key yet");
    if (stored.contentType !== upload.contentType || stored.size > upload.size) {
      throw new AppError("invalid_payload", "the stored file is not the type or size that was announced");
    }
    // Only the confirmation that flips it settles the quota: the file may be smaller than declared.
    const ready = await Upload.findOneAndUpdate(
      { _id: upload._id, status: "pending" },
      { $set: { status: "ready", size: stored.size, confirmedAt: new Date() } },
      { returnDocument: "after" },
    );
    if (ready) await this.quota.adjust(actor.id, stored.size - upload.size);
    return toUploadView(ready ?? (await Upload.findById(upload._id)) ?? upload);
  }

  async downloadUrl(actor: Actor, uploadId: string): Promise<DownloadUrl> {
    const upload = await Upload.findOne({ _id: uploadId, status: "ready" });
    if (!upload) throw new AppError("not_found", "no such file");
    await assertCanDownload(actor, scopeOf(upload));
    return this.#signedGet(upload);
  }

  /** Ready course materials or board images, for the course's or room's members. */
  async list(
    actor: Actor,
    query: { purpose: "lesson_attachment" | "board_image"; courseId?: string | undefined; roomId?: string | undefined },
  ): Promise<UploadView[]> {
    await assertCanDownload(actor, query);
    const scope = query.purpose === "lesson_attachment" ? { courseId: query.courseId } : { roomId: query.roomId };
    const uploads = await Upload.find({ ...scope, purpose: query.purpose, status: "ready" })
      .sort({ _id: -1 })
      .limit(MAX_LISTED);
    return uploads.map(toUploadView);
  }

  /**
   * Removes a course material, for the course's editors: the object first, then its record, so a
   * failure halfway leaves the record to retry with. Other files stay: products, avatars and
   * boards point at theirs.
   */
  async remove(actor: Actor, uploadId: string): Promise<void> {
    const storage = this.#storage();
    const upload = await Upload.findById(uploadId);
    if (!upload) throw new AppError("not_found", "no such file");
    if (upload.purpose !== "lesson_attachment") {
      throw new AppError("forbidden", "only course materials can be removed");
    }
    await assertCanUpload(actor, scopeOf(upload));
    await storage.remove(upload.key);
    const { deletedCount } = await Upload.deleteOne({ _id: upload._id });
    if (deletedCount === 1) await this.quota.adjust(String(upload.ownerId), -upload.size);
  }

  async setAvatar(actor: Actor, uploadId: string): Promise<AvatarView> {
    await this.readyUpload(uploadId, "avatar", actor.id);
    await Avatar.updateOne({ _id: actor.id }, { $set: { uploadId } }, { upsert: true });
    return this.avatarOf(actor.id);
  }

  async avatarOf(userId: string): Promise<AvatarView> {
    const avatar = await Avatar.findById(userId);
    const upload = avatar && (await Upload.findById(avatar.uploadId));
    return { url: upload && this.storage ? (await this.#signedGet(upload)).url : null };
  }

  /**
   * Removes an account's personal files (objects first, then records, so a failure halfway leaves
   * records to retry with) and its avatar, batch by batch.
   */
  async removePersonalFiles(ownerId: string): Promise<void> {
    await Avatar.deleteOne({ _id: ownerId });
    for (;;) {
      const batch = await Upload.find({ ownerId, purpose: { $in: PERSONAL_PURPOSES } }).limit(REMOVAL_BATCH);
      if (batch.length === 0) return;
      for (const upload of batch) {
        await this.storage?.remove(upload.key);
        const { deletedCount } = await Upload.deleteOne({ _id: upload._id });
        if (deletedCount === 1) await this.quota.adjust(ownerId, -upload.size);
      }
    }
  }

  /** The ready upload `uploadId` for `purpose` (owned by `ownerId` when given), or `invalid_payload`. */
  async readyUpload(uploadId: string, purpose: UploadPurpose, ownerId?: string): Promise<UploadDoc> {
    const upload = await Upload.findOne({ _id: uploadId, purpose, status: "ready", ...(ownerId ? { ownerId } : {}) });
    if (!upload) throw new AppError("invalid_payload", `${uploadId} is not a confirmed ${purpose} upload`);
    return upload;
  }

  /** Download URLs for public images (avatars, product images) by id; unknown ids are skipped. */
  async imageUrls(uploadIds: readonly string[]): Promise<Map<string, string>> {
    const urls = new Map<string, string>();
    if (!this.storage || uploadIds.length === 0) return urls;
    const uploads = await Upload.find({ _id: { $in: uploadIds }, status: "ready" });
    for (const upload of uploads) urls.set(upload.id, (await this.#signedGet(upload)).url);
    return urls;
  }

  /** Reserves quota; when it is short, pending uploads that can no longer receive a file give theirs back first. */
  async #reserve(userId: string, bytes: number): Promise<void> {
    try {
      await this.quota.reserve(userId, bytes);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "quota_exceeded")) throw error;
      if ((await this.#releaseAbandoned(userId)) === 0) throw error;
      await this.quota.reserve(userId, bytes);
    }
  }

  /**
   * Drops the account's pending uploads whose presigned POST expired with nothing in S3 (a
   * closed tab, a failed upload): they can never be confirmed. Returns how many went.
   */
  async #releaseAbandoned(userId: string): Promise<number> {
    const before = new Date(Date.now() - this.ttl.uploadSeconds * 1000 - ABANDONED_AFTER_EXPIRY_MS);
    const stale = await Upload.find({ ownerId: userId, status: "pending", createdAt: { $lt: before } }).limit(
      MAX_ABANDONED_SWEPT,
    );
    let released = 0;
    for (const upload of stale) {
      if (await this.#storage().head(upload.key)) continue;
      const { deletedCount } = await Upload.deleteOne({ _id: upload._id, status: "pending" });
      if (deletedCount !== 1) continue;
      await this.quota.adjust(userId, -upload.size);
      released += 1;
    }
    return released;
  }

  async #signedGet(upload: UploadDoc): Promise<DownloadUrl> {
    const signed = await this.#storage().presignGet(upload.key, this.ttl.downloadSeconds, upload.fileName);
    return { url: signed.url, expiresAt: signed.expiresAt.toISOString() };
  }

  #storage(): ObjectStorage {
    if (!this.storage) throw new AppError("unavailable", "file uploads are not set up on this server (S3_ENDPOINT)");
    return this.storage;
  }
}

function scopeOf(upload: UploadDoc) {
  return {
    purpose: upload.purpose,
    courseId: upload.courseId ? String(upload.courseId) : null,
    roomId: upload.roomId ? String(upload.roomId) : null,
  };
}

function toUploadView(upload: UploadDoc): UploadView {
  return {
    id: upload.id,
    purpose: upload.purpose,
    key: upload.key,
    fileName: upload.fileName,
    contentType: upload.contentType,
    size: upload.size,
    status: upload.status,
    createdAt: upload.createdAt.toISOString(),
  };
}
