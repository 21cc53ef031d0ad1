import { completeSignupBodySchema, loginBodySchema, type RegisterAnswer, registerBodySchema } from "@chalkline/shared";
import { type CookieOptions, type Response, Router } from "express";
import type { Config } from "../../platform/config";
import { AppError, parseOrThrow } from "../../platform/errors";
import { rateLimit } from "../../platform/http";
import type { RedisRateLimiter } from "../../platform/rate-limit";
import { requireUser } from "./accounts.middleware";
import type { AccountsService, IssuedSession } from "./accounts.service";
import { toUserView } from "./user.model";

export const REFRESH_COOKIE = "chalkline_refresh";
const COOKIE_PATH = "/api/auth";

/** `/api/auth/*` and `GET /api/me`; the profile's changes are in profile.routes.ts. */
export function accountsRoutes(accounts: AccountsService, config: Config, authLimiter: RedisRateLimiter): Router {
  const router = Router();
  const cookie: CookieOptions = { httpOnly: true, sameSite: "strict", secure: config.secureCookies, path: COOKIE_PATH };

  const answer = (res: Response, status: number, session: IssuedSession) => {
    const { refreshToken, refreshTokenExpiresAt, ...body } = session;
    res.cookie(REFRESH_COOKIE, refreshToken, { ...cookie, expires: refreshTokenExpiresAt });
    res.setHeader("Cache-Control", "no-store");
    res.status(status).json(body);
  };
  const cookieToken = (value: unknown): string => {
    if (typeof value !== "string" || value.length === 0 || value.length > 200) {
      throw new AppError("unauthorized", "no session");
    }
    return value;
  };

  // Above the auth limiter, which bounds password guesses and sign-up mails: a link's token cannot
  // be guessed, and counting it would make every sign-up cost two of a person's attempts.
  router.post("/auth/signup/complete", async (req, res) => {
    const { token } = parseOrThrow(completeSignupBodySchema, req.body);
    answer(res, 201, await accounts.completeSignup(token));
  });

  router.use("/auth", rateLimit(authLimiter));

  // The same answer for every address: whether it has an account is told only to its mailbox.
  router.post("/auth/register", async (req, res) => {
    await accounts.register(parseOrThrow(registerBodySchema, req.body));
    res.setHeader("Cache-Control", "no-store");
    res.status(202).json({ status: "check_email" } satisfies RegisterAnswer);
  });

  router.post("/auth/login", async (req, res) => {
    // req.ip honours TRUST_PROXY: behind a proxy it is the client's address, not the proxy's.
    answer(res, 200, await accounts.login(parseOrThrow(loginBodySchema, req.body), req.ip ?? "unknown"));
  });

  router.post("/auth/refresh", async (req, res) => {
    try {
      answer(res, 200, await accounts.refresh(cookieToken(req.cookies[REFRESH_COOKIE])));
    } catch (error) {
      res.clearCookie(REFRESH_COOKIE, cookie);
      throw error;
    }
  });

  router.post("/auth/logout", async (req, res) => {
    const token = req.cookies[REFRESH_COOKIE];
    if (typeof token === "string" && token.length <= 200) await accounts.logout(token);
    res.clearCookie(REFRESH_COOKIE, cookie);
    res.status(204).end();
  });

  router.get("/me", requireUser(accounts), (_req, res) => {
    res.json(toUserView(res.locals.user));
  });

  return router;
}
