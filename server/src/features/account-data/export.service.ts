import type { Types } from "mongoose";
import { RefreshFamily } from "../accounts/refresh-token.model";
import { toUserView, type UserDoc } from "../accounts/user.model";
import { Message } from "../chat/chat.model";
import { Enrollment } from "../courses/courses.model";
import { LessonProgressRecord } from "../courses/progress.model";
import { Gift } from "../gifts/gifts.model";
import { PointsLedger, XpLedger } from "../ledger/ledger.model";
import { Order } from "../orders/orders.model";
import { FocusSession, Reflection, StudyPlan } from "../study/study.model";
import { Upload } from "../uploads/uploads.model";

/**
 * Records of one kind in an export at most. Every query is bounded: an account with more (years of
 * ledger) gets its most recent ones, and `truncated` names the kinds that were cut.
 */
export const EXPORT_LIMIT_PER_KIND = 5000;

/** Fields that are the store's, not the person's. */
const HIDDEN = { __v: 0 } as const;

async function newest<T>(query: {
  sort(s: Record<string, 1 | -1>): { limit(n: number): { lean(): Promise<T[]> } };
}): Promise<T[]> {
  return query
    .sort({ _id: -1 })
    .limit(EXPORT_LIMIT_PER_KIND + 1)
    .lean();
}

/** "Export my data": the account's own records across features, as one JSON document. */
export async function exportAccountData(user: UserDoc, now = new Date()): Promise<Record<string, unknown>> {
  const userId: Types.ObjectId = user._id;
  const kinds = {
    enrolments: newest(Enrollment.find({ userId }, HIDDEN)),
    lessonProgress: newest(LessonProgressRecord.find({ userId }, HIDDEN)),
    xpLedger: newest(XpLedger.find({ userId }, HIDDEN)),
    pointsLedger: newest(PointsLedger.find({ userId }, HIDDEN)),
    orders: newest(Order.find({ userId }, HIDDEN)),
    reflections: newest(Reflection.find({ userId }, HIDDEN)),
    focusSessions: newest(FocusSession.find({ userId }, HIDDEN)),
    giftsGiven: newest(Gift.find({ guardianId: userId }, HIDDEN)),
    giftsReceived: newest(Gift.find({ learnerId: userId }, HIDDEN)),
    // What each file is, not its contents (those are downloaded from the app).
    uploads: newest(
      Upload.find({ ownerId: userId }, { fileName: 1, purpose: 1, contentType: 1, size: 1, createdAt: 1 }),
    ),
    messagesAuthored: newest(Message.find({ authorId: userId }, { ...HIDDEN, reactions: 0 })),
    sessions: newest(RefreshFamily.find({ userId }, { ...HIDDEN, revokedReason: 0 })),
  };
  const names = Object.keys(kinds) as Array<keyof typeof kinds>;
  const lists = await Promise.all(names.map((name) => kinds[name]));
  // The plan is one document: its subjects, course goals and weekly slots.
  const studyPlan = await StudyPlan.findById(userId, HIDDEN).lean();
  const data: Record<string, unknown> = { exportedAt: now.toISOString(), profile: toUserView(user), studyPlan };
  const truncated: string[] = [];
  names.forEach((name, i) => {
    const list = lists[i] as unknown[];
    if (list.length > EXPORT_LIMIT_PER_KIND) truncated.push(name);
    data[name] = list.slice(0, EXPORT_LIMIT_PER_KIND);
  });
  data.truncated = truncated;
  return data;
}
