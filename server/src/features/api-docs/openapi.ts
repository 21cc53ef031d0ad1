import { ERROR_STATUS, type ErrorCode, errorBodySchema, objectIdSchema, PROTOCOL_VERSION } from "@chalkline/shared";
import type { z } from "zod";
import type { ApiOperation, ApiSection } from "../../platform/api-description";
import { accountsApi } from "../accounts/accounts.api";
import { REFRESH_COOKIE } from "../accounts/accounts.routes";
import { adminApi } from "../admin/admin.api";
import { analyticsApi } from "../analytics/analytics.api";
import { auditApi } from "../audit/audit.api";
import { breakoutsApi } from "../breakouts/breakouts.api";
import { codeRunsApi } from "../code-runs/code-runs.api";
import { collabApi } from "../collab/collab.api";
import { coursesApi } from "../courses/courses.api";
import { lessonsApi } from "../courses/lessons.api";
import { giftsApi } from "../gifts/gifts.api";
import { guardiansApi } from "../guardians/guardians.api";
import { healthApi } from "../health/health.api";
import { leaderboardsApi } from "../leaderboards/leaderboards.api";
import { ledgerApi } from "../ledger/ledger.api";
import { liveApi } from "../live/live.api";
import { mediaNodesApi } from "../media-nodes/media-nodes.api";
import { notificationsApi } from "../notifications/notifications.api";
import { ordersApi } from "../orders/orders.api";
import { paymentsApi } from "../payments/payments.api";
import { pollsApi } from "../polls/polls.api";
import { roomsApi } from "../rooms/rooms.api";
import { storeApi } from "../store/store.api";
import { studyApi } from "../study/study.api";
import { subscriptionsApi } from "../subscriptions/subscriptions.api";
import { securityApi } from "../two-factor/security.api";
import { uploadsApi } from "../uploads/uploads.api";
import { apiDocsApi } from "./api-docs.api";
import { type JsonSchema, SchemaConverter } from "./api-docs.schemas";

/** Every feature's operations, in the order the documents list them. */
export const API_SECTIONS: readonly ApiSection[] = [
  healthApi,
  accountsApi,
  securityApi,
  adminApi,
  analyticsApi,
  auditApi,
  mediaNodesApi,
  coursesApi,
  lessonsApi,
  roomsApi,
  collabApi,
  codeRunsApi,
  liveApi,
  breakoutsApi,
  pollsApi,
  notificationsApi,
  ledgerApi,
  leaderboardsApi,
  guardiansApi,
  giftsApi,
  storeApi,
  studyApi,
  ordersApi,
  paymentsApi,
  subscriptionsApi,
  uploadsApi,
  apiDocsApi,
];

/** Express's `/courses/:id` as OpenAPI writes it: `/courses/{id}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");
const pathParamsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);

const SECURITY = {
  bearer: [{ bearer: [] }],
  refresh_cookie: [{ refreshCookie: [] }],
  stripe_signature: [{ stripeSignature: [] }],
  none: [],
} as const;

/** The OpenAPI 3.1 document of every HTTP route, generated from the zod schemas the routes use. */
export function openApiDocument(): JsonSchema {
  const schemas = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const section of API_SECTIONS) {
    for (const op of section.operations) {
      const path = openApiPath(op.path);
      paths[path] ??= {};
      paths[path][op.method] = operation(section.tag, op, schemas);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Chalkline API",
      version: `protocol ${PROTOCOL_VERSION}`,
      description:
        "The HTTP API of a Chalkline server node. Errors answer `{ error: { code, message } }` with a code from a " +
        "closed list; the real-time commands and events are described at /api/asyncapi.json.",
    },
    tags: API_SECTIONS.map((s) => ({ name: s.tag, description: s.description })),
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "The session's access token." },
        refreshCookie: { type: "apiKey", in: "cookie", name: REFRESH_COOKIE, description: "httpOnly, path /api/auth." },
        stripeSignature: { type: "apiKey", in: "header", name: "Stripe-Signature", description: "Stripe's signature." },
      },
    },
  };
}

function operation(tag: string, op: ApiOperation, schemas: SchemaConverter): Record<string, unknown> {
  const roles = op.roles ? ` Roles: ${op.roles.join(", ")}.` : "";
  const answers: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(op.responses)) {
    const content = schema && { [op.contentType ?? "application/json"]: { schema: schemas.output(schema) } };
    answers[status] = { description: status.startsWith("2") ? "Success" : "See the body", ...(content && { content }) };
  }
  for (const [status, codes] of errorsByStatus(op)) {
    answers[status] ??= {
      description: codes.join(", "),
      content: { "application/json": { schema: errorAnswer(schemas.output(errorBodySchema), codes) } },
    };
  }
  return {
    tags: [tag],
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => c?.toUpperCase() ?? "")}`,
    summary: op.summary,
    ...(roles && { description: roles.trim() }),
    security: SECURITY[op.auth],
    parameters: [...pathParameters(op, schemas), ...queryParameters(op, schemas)],
    ...(op.body && {
      requestBody: {
        required: !op.body.safeParse({}).success,
        content: { "application/json": { schema: schemas.input(op.body) } },
      },
    }),
    responses: answers,
  };
}

function pathParameters(op: ApiOperation, schemas: SchemaConverter) {
  return pathParamsOf(op.path).map((name) => ({
    name,
    in: "path",
    required: true,
    schema: schemas.input((op.params?.shape[name] as z.ZodType | undefined) ?? objectIdSchema),
  }));
}

function queryParameters(op: ApiOperation, schemas: SchemaConverter) {
  if (!op.query) return [];
  const json = schemas.input(op.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  const inPath = pathParamsOf(op.path);
  return Object.entries(json.properties ?? {})
    .filter(([name]) => !inPath.includes(name))
    .map(([name, schema]) => ({ name, in: "query", required: json.required?.includes(name) ?? false, schema }));
}

/** The error codes an operation may answer, by HTTP status: its own and those of every operation like it. */
function errorsByStatus(op: ApiOperation): Array<[string, ErrorCode[]]> {
  const codes = new Set<ErrorCode>(["internal", ...(op.errors ?? [])]);
  const add = (...more: ErrorCode[]) => {
    for (const code of more) codes.add(code);
  };
  if (op.path.startsWith("/api/")) add("rate_limited", "unavailable");
  if (op.body || op.query || pathParamsOf(op.path).length > 0) add("invalid_payload");
  if (op.body) add("payload_too_large");
  if (pathParamsOf(op.path).length > 0) add("not_found");
  if (op.auth === "bearer") add("unauthorized", "token_expired", "account_disabled", "forbidden");
  if (op.auth === "refresh_cookie") add("unauthorized");
  const byStatus = new Map<string, ErrorCode[]>();
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
    if (!codes.has(code)) continue;
    const status = String(ERROR_STATUS[code]);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return [...byStatus];
}

/** `{ error: ErrorBody }` with only these codes: one shared component, narrowed per answer. */
const errorAnswer = (errorBody: JsonSchema, codes: ErrorCode[]): JsonSchema => ({
  type: "object",
  properties: { error: { allOf: [errorBody, { properties: { code: { enum: codes } } }] } },
  required: ["error"],
});
