import { mediaNodeDrainBodySchema, mediaNodeListSchema } from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";

const admins = ["admin"] as const;

/** media-nodes.routes.ts. */
export const mediaNodesApi: ApiSection = {
  tag: "media-nodes",
  description: "The media nodes serving live classes, their load, and draining one before maintenance.",
  operations: [
    {
      method: "get",
      path: "/api/admin/media-nodes",
      summary: "Every live media node with its load, as the registry says",
      auth: "bearer",
      roles: admins,
      responses: { 200: mediaNodeListSchema },
    },
    {
      method: "put",
      path: "/api/admin/media-nodes/:nodeId/draining",
      summary: "Drains a media node (no new classes; its classes move when their peers rejoin), or undoes it",
      auth: "bearer",
      roles: admins,
      body: mediaNodeDrainBodySchema,
      responses: { 200: mediaNodeListSchema },
      errors: ["not_found", "unavailable"],
    },
  ],
};
