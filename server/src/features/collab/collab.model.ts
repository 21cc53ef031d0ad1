import { CODE_LANGUAGES, DOC_KINDS } from "@chalkline/shared";
import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

/** A collaborative document of a room's workspace, with its compacted state. */
const yDocSchema = new mongoose.Schema(
  {
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    kind: { type: String, enum: DOC_KINDS, required: true },
    name: { type: String, required: true },
    language: { type: String, enum: CODE_LANGUAGES, default: "plain" },
    readOnly: { type: Boolean, default: false },
    /** Every update up to `compactedAt` merged into one Yjs update. */
    snapshot: { type: Buffer, default: null },
    compactedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
/** A workspace's file names are unique; this also keeps the first listing from seeding twice. */
yDocSchema.index({ roomId: 1, name: 1 }, { unique: true });
export type YDocDoc = HydratedDocument<InferSchemaType<typeof yDocSchema>>;
export const YDocRecord = mongoose.model("YDoc", yDocSchema, "yDocs");

/** One stored Yjs update, appended as it arrives; compaction folds them into the snapshot. */
const yUpdateSchema = new mongoose.Schema(
  {
    docId: { type: mongoose.Schema.Types.ObjectId, required: true },
    update: { type: Buffer, required: true },
    node: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
yUpdateSchema.index({ docId: 1, _id: 1 });
export const YUpdateRecord = mongoose.model("YUpdate", yUpdateSchema, "yUpdates");

/** A named copy of a document's state that an instructor can restore. */
const ySnapshotSchema = new mongoose.Schema(
  {
    docId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    state: { type: Buffer, required: true },
    createdById: { type: mongoose.Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
export type YSnapshotDoc = HydratedDocument<InferSchemaType<typeof ySnapshotSchema>>;
export const YSnapshotRecord = mongoose.model("YSnapshot", ySnapshotSchema, "ySnapshots");
