import {
  changeRoleBodySchema,
  listUsersQuerySchema,
  payoutsQuerySchema,
  payoutsReportSchema,
  setDisabledBodySchema,
  userPageSchema,
  userViewSchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

const admins = ["admin"] as const;

/** admin.routes.ts. */
export const adminApi: ApiSection = {
  tag: "admin",
  description: "Accounts as an admin sees them: search, roles, disabling; instructors' payouts.",
  operations: [
    {
      method: "get",
      path: "/api/admin/users",
      summary: "Accounts, newest first, by name or email and role",
      auth: "bearer",
      roles: admins,
      query: listUsersQuerySchema,
      responses: { 200: userPageSchema },
    },
    {
      method: "patch",
      path: "/api/admin/users/:id/role",
      summary: "Changes an account's role; its sessions pick it up at once",
      auth: "bearer",
      roles: admins,
      body: changeRoleBodySchema,
      responses: { 200: userViewSchema },
    },
    {
      method: "patch",
      path: "/api/admin/users/:id/disabled",
      summary: "Disables or enables an account; disabling ends its sessions and sockets",
      auth: "bearer",
      roles: admins,
      body: setDisabledBodySchema,
      responses: { 200: userViewSchema },
    },
    {
      method: "get",
      path: "/api/admin/payouts",
      summary: "Instructors' 80% share of card sales per month, less refunds",
      auth: "bearer",
      roles: admins,
      query: payoutsQuerySchema,
      responses: { 200: payoutsReportSchema },
    },
    {
      method: "get",
      path: "/api/admin/payouts/export.csv",
      summary: "The payouts report as a CSV file",
      auth: "bearer",
      roles: admins,
      query: payoutsQuerySchema,
      responses: { 200: z.string() },
      contentType: "text/csv",
    },
  ],
};
