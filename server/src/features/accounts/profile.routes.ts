import {
  type ConfirmEmailAnswer,
  changeEmailBodySchema,
  changePasswordBodySchema,
  confirmEmailBodySchema,
  type RegisterAnswer,
  updateMeBodySchema,
} from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { localeOf } from "../../platform/request-locale";
import { requireUser } from "./accounts.middleware";
import type { AccountsService } from "./accounts.service";
import type { ProfileService } from "./profile.service";
import { toUserView } from "./user.model";

/** `/api/me` changes and `/api/auth/email/confirm`; mounted before the accounts routes and their auth limiter. */
export function profileRoutes(profile: ProfileService, accounts: AccountsService): Router {
  const router = Router();
  const signedIn = requireUser(accounts);

  // An email-change link's token cannot be guessed; the link may be opened in a browser that is not signed in.
  router.post("/auth/email/confirm", async (req, res) => {
    const { token } = parseOrThrow(confirmEmailBodySchema, req.body);
    res.setHeader("Cache-Control", "no-store");
    res.json((await profile.confirmEmailChange(token, localeOf(req))) satisfies ConfirmEmailAnswer);
  });

  router.patch("/me", signedIn, async (req, res) => {
    const changes = parseOrThrow(updateMeBodySchema, req.body);
    res.json(toUserView(await profile.update(res.locals.user, changes)));
  });

  router.post("/me/password", signedIn, async (req, res) => {
    const body = parseOrThrow(changePasswordBodySchema, req.body);
    const { user, session } = res.locals;
    // req.ip honours TRUST_PROXY, like the login form's lock.
    await profile.changePassword(user, session.session.sessionId, body, req.ip ?? "unknown");
    res.status(204).end();
  });

  router.post("/me/email", signedIn, async (req, res) => {
    const body = parseOrThrow(changeEmailBodySchema, req.body);
    await profile.requestEmailChange(res.locals.user, body, req.ip ?? "unknown", localeOf(req));
    res.setHeader("Cache-Control", "no-store");
    res.status(202).json({ status: "check_email" } satisfies RegisterAnswer);
  });

  return router;
}
