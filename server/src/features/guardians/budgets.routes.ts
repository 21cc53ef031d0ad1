import { adjustGiftBudgetBodySchema, itemParamsSchema, setTaskAllowanceBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { AppError, parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { User } from "../accounts/user.model";
import { recordAudit } from "../audit/audit.model";
import type { GuardianBudgets } from "./budgets.service";

/**
 * A guardian's own `/api/me/budget`, and an admin's `/api/admin/guardians/:id/budget/*` (read, add
 * to or take from the gift budget, set the weekly task points). Mounted on `/api` with
 * authentication per route, before the admin router, which would otherwise authenticate twice.
 */
export function budgetsRoutes(budgets: GuardianBudgets, accounts: AccountsService): Router {
  const router = Router();
  const signedIn = requireUser(accounts);
  const admin = [signedIn, requireRole("admin")];

  router.get("/me/budget", signedIn, requireRole("guardian"), async (_req, res) => {
    res.json(await budgets.view(res.locals.user.id));
  });

  router.get("/admin/guardians/:id/budget", ...admin, async (req, res) => {
    res.json(await budgets.view(await guardianId(req.params)));
  });

  router.post("/admin/guardians/:id/budget/gifts", ...admin, async (req, res) => {
    const id = await guardianId(req.params);
    const { points, requestId } = parseOrThrow(adjustGiftBudgetBodySchema, req.body);
    await budgets.adjustGiftBudget(id, points, requestId);
    const details = { points, requestId };
    await recordAudit({ actorId: res.locals.user.id, action: "guardian.gift_budget_changed", targetId: id, details });
    res.json(await budgets.view(id));
  });

  router.put("/admin/guardians/:id/budget/tasks", ...admin, async (req, res) => {
    const id = await guardianId(req.params);
    const { pointsPerWeek } = parseOrThrow(setTaskAllowanceBodySchema, req.body);
    await budgets.setTaskAllowance(id, pointsPerWeek);
    const details = { pointsPerWeek };
    await recordAudit({ actorId: res.locals.user.id, action: "guardian.task_points_set", targetId: id, details });
    res.json(await budgets.view(id));
  });

  return router;
}

/** The route's `:id`, which must be a guardian's. */
async function guardianId(params: unknown): Promise<string> {
  const { id } = parseOrThrow(itemParamsSchema, params);
  if (!(await User.exists({ _id: id, role: "guardian" }))) throw new AppError("not_found", "no such guardian");
  return id;
}
