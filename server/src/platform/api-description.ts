import type { ErrorCode, Role } from "@chalkline/shared";
import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * How a caller proves who it is: nothing, the access token (`Authorization: Bearer …`), the
 * httpOnly refresh cookie, or Stripe's signature header.
 */
export type ApiAuth = "none" | "bearer" | "refresh_cookie" | "stripe_signature";

/**
 * One HTTP operation as the API description shows it. Each feature lists its own beside its routes
 * (`<feature>.api.ts`), naming the same zod schemas the routes parse with and answer from.
 */
export interface ApiOperation {
  method: HttpMethod;
  /** The full path as Express matches it, `:param` style. */
  path: string;
  summary: string;
  auth: ApiAuth;
  /** Only these roles may call (others get `forbidden`). */
  roles?: readonly Role[];
  /** Path parameters that are not object ids; the others are. */
  params?: z.ZodObject;
  /** An object schema; its fields are the query parameters (path parameters among them are skipped). */
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success answers by status, JSON unless `contentType` says otherwise; null for an empty answer. */
  responses: Record<number, z.ZodType | null>;
  /** Defaults to JSON. */
  contentType?: "application/json" | "text/html" | "text/csv";
  /** Codes this operation may answer besides those every operation of its kind may (see api-docs/openapi.ts). */
  errors?: readonly ErrorCode[];
}

/** One feature's operations, shown under one tag. */
export interface ApiSection {
  tag: string;
  description: string;
  operations: readonly ApiOperation[];
}
