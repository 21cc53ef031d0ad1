import { z } from "zod";

/** GET /healthz: the process is up. */
export const healthSchema = z.object({ status: z.literal("ok") });
export type HealthView = z.infer<typeof healthSchema>;

/** GET /readyz (200 when ready, 503 when not): each dependency's check, and whether the node takes traffic. */
export const readinessViewSchema = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.record(z.string(), z.enum(["ok", "down"])),
});
export type ReadinessView = z.infer<typeof readinessViewSchema>;
