import { forgotPasswordBodySchema, type RegisterAnswer, resetPasswordBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { rateLimit } from "../../platform/http";
import type { RedisRateLimiter } from "../../platform/rate-limit";
import { localeOf } from "../../platform/request-locale";
import type { PasswordResets } from "./password-reset";

/** `/api/auth/password/*`: asking for a reset link, and opening it. */
export function passwordResetRoutes(resets: PasswordResets, authLimiter: RedisRateLimiter): Router {
  const router = Router();
  // The login form's limiter: asking for links is bounded like guessing passwords.
  router.use("/auth/password/forgot", rateLimit(authLimiter));

  // The same answer for every address: whether it has an account is told only to its mailbox.
  router.post("/auth/password/forgot", async (req, res) => {
    const { email } = parseOrThrow(forgotPasswordBodySchema, req.body);
    await resets.request(email, localeOf(req));
    res.setHeader("Cache-Control", "no-store");
    res.status(202).json({ status: "check_email" } satisfies RegisterAnswer);
  });

  // A link's token cannot be guessed, so opening one is not counted against the login form's limit.
  router.post("/auth/password/reset", async (req, res) => {
    const { token, newPassword } = parseOrThrow(resetPasswordBodySchema, req.body);
    await resets.reset(token, newPassword);
    res.status(204).end();
  });

  return router;
}
