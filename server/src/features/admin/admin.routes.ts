import {
  changeRoleBodySchema,
  listUsersQuerySchema,
  objectIdSchema,
  payoutsQuerySchema,
  setDisabledBodySchema,
} from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { AdminService } from "./admin.service";
import { payoutsCsv, payoutsReport } from "./payouts.service";

/** `/api/admin/*`: admins only. */
export function adminRoutes(admin: AdminService, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts), requireRole("admin"));

  router.get("/users", async (req, res) => {
    res.json(await admin.listUsers(parseOrThrow(listUsersQuerySchema, req.query)));
  });

  router.patch("/users/:id/role", async (req, res) => {
    const id = parseOrThrow(objectIdSchema, req.params.id);
    const { role } = parseOrThrow(changeRoleBodySchema, req.body);
    res.json(await admin.changeRole(res.locals.user, id, role));
  });

  router.patch("/users/:id/disabled", async (req, res) => {
    const id = parseOrThrow(objectIdSchema, req.params.id);
    const { disabled } = parseOrThrow(setDisabledBodySchema, req.body);
    res.json(await admin.setDisabled(res.locals.user, id, disabled));
  });

  router.get("/payouts", async (req, res) => {
    res.json(await payoutsReport(parseOrThrow(payoutsQuerySchema, req.query)));
  });

  router.get("/payouts/export.csv", async (req, res) => {
    const report = await payoutsReport(parseOrThrow(payoutsQuerySchema, req.query));
    res.type("text/csv").attachment("instructor-payouts.csv").send(payoutsCsv(report));
  });

  return router;
}
