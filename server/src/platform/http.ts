import { MAX_HTTP_BODY_BYTES } from "@chalkline/shared";
import cookieParser from "cookie-parser";
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from "express";
import helmet from "helmet";
import type { Config } from "./config";
import { AppError, outageError } from "./errors";
import type { Logger } from "./logger";
import { reportIfRefused } from "./probe";
import type { RedisRateLimiter } from "./rate-limit";

export interface HttpAppParts {
  config: Config;
  logger: Logger;
  /** Mounted in order under their paths, before the web app. */
  routes: Array<[path: string, router: Router]>;
  apiLimiter: RedisRateLimiter;
  /** The SvelteKit handler; it sets its own content security policy. */
  webHandler?: RequestHandler;
  /** Paths whose routes get the body as a raw Buffer (signed webhooks verify the exact bytes). */
  rawBodyPaths?: string[];
}

/** Webhook events (Stripe's) may be larger than the JSON bodies the API takes. */
const MAX_RAW_BODY_BYTES = 1024 * 1024;

/** Builds the Express app: security headers, body limits, logs, API routes, web app, error answers. */
export function createHttpApp(parts: HttpAppParts): express.Express {
  const { config, logger } = parts;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(helmet({ contentSecurityPolicy: false, strictTransportSecurity: config.secureCookies }));
  app.use(requestLog(logger));
  app.use("/api", helmet.contentSecurityPolicy({ directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }));
  app.use("/api", rateLimit(parts.apiLimiter));
  // Read before the JSON parser, which then leaves these bodies alone.
  for (const path of parts.rawBodyPaths ?? []) {
    app.use(path, express.raw({ type: () => true, limit: MAX_RAW_BODY_BYTES }));
  }
  app.use(express.json({ limit: MAX_HTTP_BODY_BYTES, strict: true }));
  app.use(cookieParser());
  for (const [path, router] of parts.routes) app.use(path, router);
  app.use("/api", (_req, _res, next) => next(new AppError("not_found", "no such endpoint")));
  if (parts.webHandler) app.use(parts.webHandler);
  app.use(errorHandler(logger));
  return app;
}

/** Answers over-limit clients with 429 and Retry-After; the counter lives in Redis for every node. */
export function rateLimit(limiter: RedisRateLimiter): RequestHandler {
  return async (req, res, next) => {
    const verdict = await limiter.hit(req.ip ?? "unknown");
    if (verdict.allowed) return next();
    res.setHeader("Retry-After", String(verdict.retryAfterSeconds));
    next(
      new AppError("rate_limited", "too many requests; slow down", {
        retryAfterSeconds: verdict.retryAfterSeconds,
        limit: `http_${limiter.bucket}`,
      }),
    );
  };
}

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { method: req.method, path: req.originalUrl.split("?")[0], status: res.statusCode, ms: Math.round(ms) },
        "http",
      );
    });
    next();
  };
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const appError = toAppError(error);
    if (outageError(error)) logger.warn({ err: error }, "request met an outage");
    if (!appError) {
      logger.error({ err: error }, "unhandled error");
      res.status(500).json({ error: { code: "internal", message: "something went wrong" } });
      return;
    }
    if (appError.retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(appError.retryAfterSeconds));
    reportIfRefused(appError.code, appError.limit ?? "http");
    res.status(appError.status).json({ error: appError.toBody() });
  };
}

/** Maps body-parser failures to the error taxonomy; anything else unknown is a programmer error. */
function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const outage = outageError(error);
  if (outage) return outage;
  const type = (error as { type?: string })?.type;
  if (type === "entity.too.large") return new AppError("payload_too_large", `body over ${MAX_HTTP_BODY_BYTES} bytes`);
  if (type === "entity.parse.failed") return new AppError("invalid_payload", "body is not valid JSON");
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new AppError("invalid_payload", "unsupported body encoding");
  }
  return null;
}
