import mongoose, { type InferSchemaType } from "mongoose";

const { ObjectId } = mongoose.Schema.Types;

/** A learner's one-time link code, stored under the code itself; valid until it expires or is used. */
const linkCodeSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    learnerId: { type: ObjectId, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const LinkCode = mongoose.model("GuardianLinkCode", linkCodeSchema, "guardianLinkCodes");

/**
 * A code's use, stored under the code: of two guardians confirming it at once, one insert succeeds
 * (FerretDB's conditional updates are not atomic; its inserts are), so a code links once.
 */
const linkCodeUseSchema = new mongoose.Schema(
  { _id: { type: String, required: true }, guardianId: { type: ObjectId, required: true } },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const LinkCodeUse = mongoose.model("GuardianLinkCodeUse", linkCodeUseSchema, "guardianLinkCodeUses");

/** One guardian following one learner, stored under "<guardianId>:<learnerId>": linking twice is a duplicate key. */
const guardianLinkSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    guardianId: { type: ObjectId, required: true },
    learnerId: { type: ObjectId, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
guardianLinkSchema.index({ guardianId: 1 });
guardianLinkSchema.index({ learnerId: 1 });

export type GuardianLinkRecord = InferSchemaType<typeof guardianLinkSchema> & { _id: string; createdAt: Date };
export const GuardianLink = mongoose.model("GuardianLink", guardianLinkSchema, "guardianLinks");

export const linkId = (guardianId: string, learnerId: string) => `${guardianId}:${learnerId}`;
