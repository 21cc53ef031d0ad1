import { loginBodySchema, registerBodySchema, updateMeBodySchema } from "@chalkline/shared";
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

/** `/api/auth/*` and `/api/me`. */
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

  router.use("/auth", rateLimit(authLimiter));

  router.post("/auth/register", async (req, res) => {
    answer(res, 201, await accounts.register(parseOrThrow(registerBodySchema, req.body)));
  });

  router.post("/auth/login", async (req, res) => {
    answer(res, 200, await accounts.login(parseOrThrow(loginBodySchema, req.body)));
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

  router.patch("/me", requireUser(accounts), async (req, res) => {
    const { timeZone } = parseOrThrow(updateMeBodySchema, req.body);
    res.json(toUserView(await accounts.setTimeZone(res.locals.user, timeZone)));
  });

  return router;
}
