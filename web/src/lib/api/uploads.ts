import {
  type AvatarView,
  avatarViewSchema,
  type CreateUploadBody,
  type DownloadUrl,
  downloadUrlSchema,
  type UploadListQuery,
  type UploadTicket,
  type UploadView,
  uploadListSchema,
  uploadTicketSchema,
  uploadViewSchema,
} from "@chalkline/shared";

import { authed, query } from "./client";

// Files: presigned uploads straight to S3 (sent by `$lib/uploads`), confirmed here; short-lived download URLs.
export const uploadsApi = {
  presign: (body: CreateUploadBody): Promise<UploadTicket> =>
    authed("POST", "/api/uploads", { body, schema: uploadTicketSchema }),
  confirm: (key: string): Promise<UploadView> =>
    authed("POST", "/api/uploads/confirm", { body: { key }, schema: uploadViewSchema }),
  /** Ready course materials (`courseId`) or board images (`roomId`), newest first. */
  list: (scope: UploadListQuery): Promise<UploadView[]> =>
    authed("GET", `/api/uploads${query(scope)}`, { schema: uploadListSchema }).then((list) => list.uploads),
  /** Removes a course material (the course's editors only). */
  remove: (id: string): Promise<void> => authed("DELETE", `/api/uploads/${encodeURIComponent(id)}`),
  downloadUrl: (id: string): Promise<DownloadUrl> =>
    authed("GET", `/api/uploads/${encodeURIComponent(id)}/url`, { schema: downloadUrlSchema }),
  setAvatar: (uploadId: string): Promise<AvatarView> =>
    authed("PUT", "/api/uploads/avatar", { body: { uploadId }, schema: avatarViewSchema }),
  avatarOf: (userId: string): Promise<AvatarView> =>
    authed("GET", `/api/uploads/avatar/${encodeURIComponent(userId)}`, { schema: avatarViewSchema }),
};
