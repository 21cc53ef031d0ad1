import * as Y from "yjs";
import type { RedisClient } from "../../platform/redis";
import { collabKeys } from "./collab.keys";
import { YDocRecord, YUpdateRecord } from "./collab.model";

const COMPACT_LOCK_MS = 30_000;

/** Persistence of documents: an append-only update log folded into a snapshot now and then. */
export class CollabStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly nodeId: string,
  ) {}

  /** The document's full state as one update, or null when no such document exists. */
  async load(docId: string): Promise<{ state: Uint8Array; updateCount: number } | null> {
    const record = await YDocRecord.findById(docId);
    if (!record) return null;
    const updates = await YUpdateRecord.find({ docId }).sort({ _id: 1 });
    const parts = [record.snapshot, ...updates.map((u) => u.update)].filter((b): b is Buffer => !!b && b.length > 0);
    const state = parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts.map(toBytes));
    return { state, updateCount: updates.length };
  }

  async append(docId: string, update: Uint8Array): Promise<void> {
    await YUpdateRecord.create({ docId, update: Buffer.from(update), node: this.nodeId });
  }

  /**
   * Folds the stored updates into the snapshot, then deletes exactly those updates. Writes the
   * snapshot first: a crash in between leaves an update both folded and stored, which Yjs applies
   * idempotently, never one that is lost.
   */
  async compact(docId: string): Promise<number> {
    const lock = collabKeys.compactLock(this.prefix, docId);
    if ((await this.redis.set(lock, this.nodeId, "PX", COMPACT_LOCK_MS, "NX")) !== "OK") return 0;
    try {
      const record = await YDocRecord.findById(docId);
      if (!record) return 0;
      const updates = await YUpdateRecord.find({ docId }).sort({ _id: 1 });
      if (updates.length === 0) return 0;
      const parts = [record.snapshot, ...updates.map((u) => u.update)].filter((b): b is Buffer => !!b && b.length > 0);
      const snapshot = Buffer.from(Y.mergeUpdates(parts.map(toBytes)));
      await YDocRecord.updateOne({ _id: docId }, { $set: { snapshot, compactedAt: new Date() } });
      await YUpdateRecord.deleteMany({ _id: { $in: updates.map((u) => u._id) } });
      return updates.length;
    } finally {
      // Only release a lock this node still holds.
      if ((await this.redis.get(lock)) === this.nodeId) await this.redis.del(lock);
    }
  }

  updateCount(docId: string): Promise<number> {
    return YUpdateRecord.countDocuments({ docId });
  }
}

function toBytes(buffer: Buffer | Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
