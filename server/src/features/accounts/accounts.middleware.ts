import type { Role } from "@chalkline/shared";
import type { RequestHandler } from "express";
import { AppError } from "../../platform/errors";
import { countActiveUser } from "../analytics/analytics.counters";
import type { AccountsService, Authenticated } from "./accounts.service";
import type { UserDoc } from "./user.model";

declare global {
  namespace Express {
    interface Locals {
      user: UserDoc;
      /** The session of the bearer token, and when the token expires. */
      session: Omit<Authenticated, "user">;
    }
  }
}

/**
 * What an account that must use a second factor and has none yet may reach: its own account, the
 * enrolment, and its sessions. Everything else answers `two_factor_required` until it enrols.
 */
const BEFORE_ENROLMENT = /^\/api\/me(\/two-factor(\/[a-z-]+)?|\/sessions(\/[a-z0-9-]+)?)?$/;

/**
 * Requires `Authorization: Bearer <access token>` of an enabled account; puts it on `res.locals.user`
 * and `.session`. An account whose role must use two-factor sign-in reaches only its enrolment first.
 */
export function requireUser(accounts: AccountsService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match?.[1]) throw new AppError("unauthorized", "missing bearer token");
    const { user, ...session } = await accounts.authenticate(match[1]);
    if (accounts.mustEnrolTwoFactor(user) && !BEFORE_ENROLMENT.test(req.originalUrl.split("?")[0] ?? "")) {
      throw new AppError("two_factor_required", "turn on two-factor sign-in first");
    }
    countActiveUser(user.id);
    res.locals.user = user;
    res.locals.session = session;
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!roles.includes(res.locals.user.role)) throw new AppError("forbidden", "your role cannot do this");
    next();
  };
}
