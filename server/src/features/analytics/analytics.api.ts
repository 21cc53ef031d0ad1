import { dashboardQuerySchema, dashboardSchema } from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";

/** analytics.routes.ts. */
export const analyticsApi: ApiSection = {
  tag: "analytics",
  description: "How the platform is used and earns, from counters kept per day as things happen.",
  operations: [
    {
      method: "get",
      path: "/api/admin/analytics",
      summary: "Active users, sign-ups, classes, messages, learning and revenue per day over a range",
      auth: "bearer",
      roles: ["admin"],
      query: dashboardQuerySchema,
      responses: { 200: dashboardSchema },
    },
  ],
};
