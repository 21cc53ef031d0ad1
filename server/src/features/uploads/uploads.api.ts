import {
  avatarViewSchema,
  confirmUploadBodySchema,
  createUploadBodySchema,
  downloadUrlSchema,
  setAvatarBodySchema,
  uploadListQuerySchema,
  uploadListSchema,
  uploadTicketSchema,
  uploadViewSchema,
} from "@chalkline/shared";
import type { ApiOperation, ApiSection } from "../../platform/api-description";

const upload = (op: Omit<ApiOperation, "auth">): ApiOperation => ({ ...op, auth: "bearer" });

/** uploads.routes.ts. */
export const uploadsApi: ApiSection = {
  tag: "uploads",
  description: "Files go straight to object storage by presigned URL; the server checks and records them.",
  operations: [
    upload({
      method: "post",
      path: "/api/uploads",
      summary: "A presigned upload for one file of a purpose",
      body: createUploadBodySchema,
      responses: { 201: uploadTicketSchema },
      errors: ["quota_exceeded", "payload_too_large"],
    }),
    upload({
      method: "post",
      path: "/api/uploads/confirm",
      summary: "Confirms an uploaded file once its bytes are checked",
      body: confirmUploadBodySchema,
      responses: { 200: uploadViewSchema },
      errors: ["conflict"],
    }),
    upload({
      method: "get",
      path: "/api/uploads",
      summary: "Confirmed files of a course's lessons or a room's boards",
      query: uploadListQuerySchema,
      responses: { 200: uploadListSchema },
    }),
    upload({
      method: "put",
      path: "/api/uploads/avatar",
      summary: "Makes a confirmed avatar upload the caller's avatar",
      body: setAvatarBodySchema,
      responses: { 200: avatarViewSchema },
    }),
    upload({
      method: "get",
      path: "/api/uploads/avatar/:userId",
      summary: "An account's avatar URL",
      responses: { 200: avatarViewSchema },
    }),
    upload({ method: "delete", path: "/api/uploads/:id", summary: "Removes a file", responses: { 204: null } }),
    upload({
      method: "get",
      path: "/api/uploads/:id/url",
      summary: "A short-lived download URL",
      responses: { 200: downloadUrlSchema },
    }),
  ],
};
