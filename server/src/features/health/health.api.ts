import { healthSchema, readinessViewSchema } from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";

/** health.routes.ts: for load balancers and orchestrators. */
export const healthApi: ApiSection = {
  tag: "health",
  description: "Liveness and readiness of a node.",
  operations: [
    { method: "get", path: "/healthz", summary: "The process is up", auth: "none", responses: { 200: healthSchema } },
    {
      method: "get",
      path: "/readyz",
      summary: "The node can serve: MongoDB and Redis answer and it is not shutting down",
      auth: "none",
      // A node that is not ready answers the same shape with 503.
      responses: { 200: readinessViewSchema, 503: readinessViewSchema },
    },
  ],
};
