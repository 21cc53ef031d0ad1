import {
  listNotificationsQuerySchema,
  markNotificationsReadBodySchema,
  notificationPageSchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

/** notifications.routes.ts; new ones are also pushed as `notification:new`. */
export const notificationsApi: ApiSection = {
  tag: "notifications",
  description: "The caller's notifications.",
  operations: [
    {
      method: "get",
      path: "/api/notifications",
      summary: "The caller's notifications, newest first",
      auth: "bearer",
      query: listNotificationsQuerySchema,
      responses: { 200: notificationPageSchema },
    },
    {
      method: "post",
      path: "/api/notifications/read",
      summary: "Marks some or all as read; answers how many stay unread",
      auth: "bearer",
      body: markNotificationsReadBodySchema,
      responses: { 200: z.object({ unread: z.number() }) },
    },
  ],
};
