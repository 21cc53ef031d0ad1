import {
  completeSignupBodySchema,
  loginBodySchema,
  type RegisterAnswer,
  registerBodySchema,
  twoFactorLoginBodySchema,
} from "@chalkline/shared";
import { type CookieOptions, type Request, type Response, Router } from "express";
import type { Config } from "../../platform/config";
import { AppError, parseOrThrow } from "../../platform/errors";
import { rateLimit } from "../../platform/http";
import type { RedisRateLimiter } from "../../platform/rate-limit";
import { localeOf } from "../../platform/request-locale";
import type { SignIn } from "../two-factor/sign-in.service";
import { requireUser } from "./accounts.middleware";
import type { AccountsService, ClientInfo, IssuedSession } from "./accounts.service";
import type { Signups } from "./signup.service";
import { toUserView } from "./user.model";

export const REFRESH_COOKIE = "chalkline_refresh";
/** "Trust this device": skips the second factor on this browser (see TrustedDevices). */
export const DEVICE_COOKIE = "chalkline_device";
const COOKIE_PATH = "/api/auth";

/** Where a request comes from; req.ip honours TRUST_PROXY, so behind a proxy it is the client's address. */
export function clientOf(req: Request): ClientInfo {
  return { ip: req.ip ?? "unknown", userAgent: req.get("user-agent") ?? "" };
}

/** `/api/auth/*` and `GET /api/me`; the profile's changes are in profile.routes.ts. */
export function accountsRoutes(
  accounts: AccountsService,
  signups: Signups,
  signIn: SignIn,
  config: Config,
  authLimiter: RedisRateLimiter,
): Router {
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
    answer(res, 201, await signups.completeSignup(token, clientOf(req)));
  });

  router.use("/auth", rateLimit(authLimiter));

  // The same answer for every address: whether it has an account is told only to its mailbox.
  router.post("/auth/register", async (req, res) => {
    await signups.register(parseOrThrow(registerBodySchema, req.body), localeOf(req));
    res.setHeader("Cache-Control", "no-store");
    res.status(202).json({ status: "check_email" } satisfies RegisterAnswer);
  });

  router.post("/auth/login", async (req, res) => {
    const body = parseOrThrow(loginBodySchema, req.body);
    const step = await signIn.withPassword(body, clientOf(req), req.cookies[DEVICE_COOKIE]);
    if ("session" in step) return answer(res, 200, step.session);
    res.setHeader("Cache-Control", "no-store");
    res.status(200).json(step);
  });

  router.post("/auth/login/two-factor", async (req, res) => {
    const body = parseOrThrow(twoFactorLoginBodySchema, req.body);
    const { session, device } = await signIn.withSecondFactor(body, clientOf(req));
    if (device) res.cookie(DEVICE_COOKIE, device.token, { ...cookie, expires: device.expiresAt });
    answer(res, 200, session);
  });

  router.post("/auth/refresh", async (req, res) => {
    try {
      answer(res, 200, await accounts.refresh(cookieToken(req.cookies[REFRESH_COOKIE]), clientOf(req)));
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
