import {
  type AwardDetail,
  type AwardReason,
  achievementById,
  type Currency,
  objectIdSchema,
  periodKeys,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { AppendResult, EntryDraft } from "./ledger.chain";
import type { LedgerEntry } from "./ledger.model";

/** What every entry shares before its amount, reason and key: its learner, chain, and time on their calendar. */
export function baseDraft(
  userId: string,
  currency: Currency,
  at: Date,
  timeZone: string,
): Omit<EntryDraft, "amount" | "reason" | "key"> {
  return {
    userId,
    currency,
    courseId: null,
    roomId: null,
    at,
    period: periodKeys(at, timeZone),
    detail: {},
    streak: null,
  };
}

export function entriesOf(result: AppendResult | null): LedgerEntry[] {
  return result?.status === "appended" ? [result.entry] : [];
}

export function validUserId(userId: string): string {
  if (!objectIdSchema.safeParse(userId).success) throw new AppError("invalid_payload", "userId: an object id");
  return userId;
}

/** An achievement award names its achievement in its key, `achievement:<id>`. */
export function detailFor(req: { reason: AwardReason; key: string; detail?: AwardDetail | undefined }): AwardDetail {
  if (req.reason !== "achievement") return { ...req.detail };
  const id = req.key.slice("achievement:".length);
  if (!req.key.startsWith("achievement:") || !achievementById(id)) {
    throw new AppError("invalid_payload", "key: achievement:<id> of a known achievement");
  }
  return { ...req.detail, achievement: id };
}
