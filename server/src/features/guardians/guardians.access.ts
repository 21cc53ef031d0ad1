import { learnerIdParamsSchema, type Person } from "@chalkline/shared";
import type { RequestHandler } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { GuardianLinks } from "./links.service";

/**
 * For `/learners/:learnerId/...` routes: a signed-in guardian linked to that learner. Applied per
 * route, because these routers share `/api` with others.
 */
export function linkedGuardian(accounts: AccountsService, links: GuardianLinks): RequestHandler[] {
  return [
    requireUser(accounts),
    requireRole("guardian"),
    async (req, res, next) => {
      const { learnerId } = parseOrThrow(learnerIdParamsSchema, req.params);
      await links.assertLinked(res.locals.user.id, learnerId);
      res.locals.learnerId = learnerId;
      next();
    },
  ];
}

/** The signed-in user as a guardian's name appears to the learner. */
export function personOf(user: { id: string; displayName: string }): Person {
  return { id: user.id, displayName: user.displayName };
}

declare global {
  namespace Express {
    interface Locals {
      /** Set by `linkedGuardian`: the learner the route is about, already checked. */
      learnerId: string;
    }
  }
}
