import { AppError } from "../../platform/errors";
import { Upload } from "./uploads.model";

/**
 * A lesson may name only captions files its own course holds, confirmed: another course's file (or
 * a pending one) would give its learners a track they cannot download.
 */
export async function assertCourseCaptions(courseId: string, uploadIds: readonly string[]): Promise<void> {
  if (uploadIds.length === 0) return;
  const wanted = [...new Set(uploadIds)];
  const found = await Upload.countDocuments({
    _id: { $in: wanted },
    courseId,
    purpose: "lesson_captions",
    status: "ready",
  });
  if (found !== wanted.length) {
    throw new AppError("invalid_payload", "captions must be confirmed WebVTT uploads of this course");
  }
}
