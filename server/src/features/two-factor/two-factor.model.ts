import mongoose from "mongoose";

/** An account's second factor: its TOTP secret and the hashes of its unused recovery codes. */
const twoFactorSchema = new mongoose.Schema(
  {
    /** The user's id: one second factor per account, and enrolling twice loses on the key. */
    _id: { type: mongoose.Schema.Types.ObjectId },
    secret: { type: String, required: true },
    recoveryCodes: { type: [String], default: [] },
  },
  { timestamps: true },
);
export const TwoFactor = mongoose.model("TwoFactor", twoFactorSchema, "twoFactors");

/**
 * A recovery code is spent by inserting `<userId>:<hash>` here: the unique `_id` makes spending
 * atomic on any MongoDB-compatible store, so one code used twice at once works once.
 */
const recoveryCodeUseSchema = new mongoose.Schema(
  { _id: { type: String }, userId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true } },
  { timestamps: { createdAt: true, updatedAt: false } },
);
export const RecoveryCodeUse = mongoose.model("RecoveryCodeUse", recoveryCodeUseSchema, "recoveryCodeUses");

/**
 * A browser trusted to skip the second factor until `expiresAt`; deleting it revokes the trust.
 * No TTL index (FerretDB has none): an account's expired ones go when it trusts another browser.
 */
const trustedDeviceSchema = new mongoose.Schema(
  {
    _id: { type: String },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
export const TrustedDevice = mongoose.model("TrustedDevice", trustedDeviceSchema, "trustedDevices");
