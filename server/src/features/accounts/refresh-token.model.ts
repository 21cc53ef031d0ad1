import mongoose from "mongoose";

/**
 * A refresh token family starts at login; every refresh rotates to a new token in the same family.
 * Revoking the family ends every token in it at once (logout, reuse, disable).
 */
const refreshFamilySchema = new mongoose.Schema(
  {
    _id: { type: String },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true, index: true },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, default: null },
    /** Where the login came from, for the account's list of sessions (last use is in LastSeen). */
    ip: { type: String, default: "" },
    userAgent: { type: String, default: "" },
  },
  { timestamps: true },
);
export const RefreshFamily = mongoose.model("RefreshFamily", refreshFamilySchema, "refreshFamilies");

/** One issued refresh token, keyed by the SHA-256 of its value (the value itself is never stored). */
const refreshTokenSchema = new mongoose.Schema(
  {
    _id: { type: String },
    familyId: { type: String, required: true, index: true },
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true },
);
export const RefreshToken = mongoose.model("RefreshToken", refreshTokenSchema, "refreshTokens");

/**
 * A token is spent by inserting its hash here. The unique `_id` makes spending atomic on any
 * MongoDB-compatible store: of two concurrent refreshes with one token exactly one insert wins,
 * and the loser is treated as reuse.
 */
const refreshTokenUseSchema = new mongoose.Schema(
  { _id: { type: String }, familyId: { type: String, required: true } },
  { timestamps: { createdAt: true, updatedAt: false } },
);
export const RefreshTokenUse = mongoose.model("RefreshTokenUse", refreshTokenUseSchema, "refreshTokenUses");
