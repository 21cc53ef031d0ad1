import {
  deleteAccountBodySchema,
  deviceSessionListSchema,
  disableTwoFactorBodySchema,
  enableTwoFactorBodySchema,
  recoveryCodesSchema,
  twoFactorSetupSchema,
  twoFactorStatusSchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

/** two-factor.routes.ts, sessions/sessions.routes.ts and account-data/account-data.routes.ts. */
export const securityApi: ApiSection = {
  tag: "account security",
  description:
    "The caller's second factor, trusted browsers and signed-in sessions; exporting and deleting the account.",
  operations: [
    {
      method: "get",
      path: "/api/me/two-factor",
      summary: "Whether two-factor sign-in is on, required for the caller's role, and recovery codes left",
      auth: "bearer",
      responses: { 200: twoFactorStatusSchema },
    },
    {
      method: "post",
      path: "/api/me/two-factor/setup",
      summary: "A new TOTP secret and its QR code, pending until a code from it confirms it",
      auth: "bearer",
      responses: { 200: twoFactorSetupSchema },
      errors: ["conflict"],
    },
    {
      method: "post",
      path: "/api/me/two-factor/enable",
      summary: "Confirms the pending secret with a code; answers the ten recovery codes, shown once",
      auth: "bearer",
      body: enableTwoFactorBodySchema,
      responses: { 201: recoveryCodesSchema },
      errors: ["invalid_credentials", "conflict"],
    },
    {
      method: "post",
      path: "/api/me/two-factor/disable",
      summary: "Turns two-factor sign-in off, confirmed by a code or a recovery code",
      auth: "bearer",
      body: disableTwoFactorBodySchema,
      responses: { 204: null },
      errors: ["invalid_credentials", "account_locked", "conflict"],
    },
    {
      method: "delete",
      path: "/api/me/trusted-devices",
      summary: "Every browser trusted to skip the code asks for it again",
      auth: "bearer",
      responses: { 204: null },
    },
    {
      method: "get",
      path: "/api/me/sessions",
      summary: "The caller's signed-in sessions: browser, address, last use, and which one is this",
      auth: "bearer",
      responses: { 200: deviceSessionListSchema },
    },
    {
      method: "delete",
      path: "/api/me/sessions/:id",
      summary: "Signs one session out: its tokens and its sockets on every node",
      auth: "bearer",
      params: z.object({ id: z.string().regex(/^[a-f0-9]{32}$/) }),
      responses: { 204: null },
      errors: ["not_found"],
    },
    {
      method: "delete",
      path: "/api/me/sessions",
      summary: "Signs every session of the account out, the caller's included",
      auth: "bearer",
      responses: { 204: null },
    },
    {
      method: "get",
      path: "/api/me/export",
      summary: "The account's own data across features, as a JSON download",
      auth: "bearer",
      responses: { 200: z.record(z.string(), z.unknown()) },
    },
    {
      method: "delete",
      path: "/api/me",
      summary:
        "Deletes the account (password confirms): personal data removed, ledgers, orders and audit kept anonymised",
      auth: "bearer",
      body: deleteAccountBodySchema,
      responses: { 204: null },
      errors: ["wrong_password", "account_locked"],
    },
  ],
};
