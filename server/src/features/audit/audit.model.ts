import mongoose from "mongoose";

/** Append-only record of privileged actions: who did what to whom, and when. */
const auditEntrySchema = new mongoose.Schema(
  {
    /** Null when nobody of ours acted (a refund made at Stripe). */
    actorId: { type: mongoose.Schema.Types.ObjectId, default: null },
    action: { type: String, required: true },
    targetId: { type: String, required: true },
    details: { type: mongoose.Schema.Types.Mixed, default: {} },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
auditEntrySchema.index({ targetId: 1, createdAt: -1 });
// The viewer's filters, newest first.
auditEntrySchema.index({ actorId: 1, _id: -1 });
auditEntrySchema.index({ action: 1, _id: -1 });

export const AuditEntry = mongoose.model("AuditEntry", auditEntrySchema, "auditLog");

/** Records one actor's actions of one family (`family.action`), e.g. a host's in a live class. */
export function auditorOf(actorId: string, family: string) {
  return (action: string, targetId: string, details?: Record<string, unknown>) =>
    recordAudit({ actorId, action: `${family}.${action}`, targetId, details });
}

export async function recordAudit(entry: {
  actorId: string | null;
  action: string;
  targetId: string;
  details?: Record<string, unknown>;
}): Promise<void> {
  await AuditEntry.create(entry);
}
