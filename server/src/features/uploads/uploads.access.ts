import type { UploadPurpose } from "@chalkline/shared";
import { AppError, assertNever } from "../../platform/errors";
import { courseForEditor, courseForReader } from "../courses/courses.access";
import { type Actor, requireModerator, roomAccess } from "../rooms/rooms.access";

interface Scope {
  purpose: UploadPurpose;
  courseId?: string | null | undefined;
  roomId?: string | null | undefined;
}

const required = (id: string | null | undefined, what: string): string => {
  if (!id) throw new AppError("invalid_payload", `${what}: required`);
  return id;
};

/**
 * Who may upload (or remove) a file for a purpose: anyone their avatar, admins product images,
 * editors course materials and captions, members board images, a class's moderators its recorded broadcasts.
 */
export async function assertCanUpload(actor: Actor, body: Scope): Promise<void> {
  const purpose = body.purpose;
  switch (purpose) {
    case "avatar":
      return;
    case "product_image":
      if (actor.role !== "admin") throw new AppError("forbidden", "only admins upload product images");
      return;
    case "lesson_attachment":
    case "lesson_captions":
      await courseForEditor(required(body.courseId, "courseId"), actor);
      return;
    case "board_image":
      await roomAccess(required(body.roomId, "roomId"), actor);
      return;
    case "broadcast_audio":
      await requireModerator(required(body.roomId, "roomId"), actor);
      return;
    default:
      assertNever(purpose);
  }
}

/**
 * Who may download a file: avatars and product images are for everyone signed in; course materials
 * and captions for the course's learners and editors; whiteboard images for the room's members.
 */
export async function assertCanDownload(actor: Actor, scope: Scope): Promise<void> {
  const purpose = scope.purpose;
  switch (purpose) {
    case "avatar":
    case "product_image":
      return;
    case "lesson_attachment":
    case "lesson_captions":
      await courseForReader(required(scope.courseId, "courseId"), actor);
      return;
    case "board_image":
    case "broadcast_audio":
      await roomAccess(required(scope.roomId, "roomId"), actor);
      return;
    default:
      assertNever(purpose);
  }
}
