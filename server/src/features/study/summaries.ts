import { localClock, periodKeys } from "@chalkline/shared";
import { StudyDay, type StudyDayDoc, studyDayId } from "./study.model";

export interface CountedSession {
  id: string;
  userId: string;
  subjectId: string;
  startedAt: Date;
  minutes: number;
  creditedMinutes: number;
}

/**
 * Adds a finished session to its local day's summary. One conditional upsert: a session already in
 * `sessionIds` matches nothing, and the upsert that would then follow meets the day's `_id` and
 * fails as a duplicate, so counting a session twice changes nothing.
 */
export async function countSession(session: CountedSession, timeZone: string): Promise<void> {
  const { day, week } = periodKeys(session.startedAt, timeZone);
  const { hour } = localClock(session.startedAt, timeZone);
  try {
    await StudyDay.updateOne(
      { _id: studyDayId(session.userId, day), sessionIds: { $ne: session.id } },
      {
        $inc: {
          minutes: session.minutes,
          creditedMinutes: session.creditedMinutes,
          sessions: 1,
          [`bySubject.${session.subjectId}`]: session.minutes,
          [`byHour.${hour}`]: session.minutes,
        },
        $push: { sessionIds: session.id },
        $setOnInsert: { userId: session.userId, day, week },
      },
      { upsert: true },
    );
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

/** The day's summary, or null when the learner did not study that day. */
export async function studyDayOf(userId: string, day: string): Promise<StudyDayDoc | null> {
  return StudyDay.findById(studyDayId(userId, day)).lean<StudyDayDoc>();
}
