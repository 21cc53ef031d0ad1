import type { HealthView, ReadinessView } from "@chalkline/shared";
import { Router } from "express";

export interface Readiness {
  /** False once shutdown has begun, so the load balancer stops sending traffic. */
  accepting(): boolean;
  checks: Record<string, () => Promise<boolean>>;
}

/** `/healthz`: the process is up. `/readyz`: it can serve (MongoDB and Redis answer). */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" } satisfies HealthView);
  });
  router.get("/readyz", async (_req, res) => {
    const results = await Promise.all(
      Object.entries(readiness.checks).map(async ([name, check]) => {
        const ok = await withTimeout(check(), 2000).catch(() => false);
        return [name, ok ? "ok" : "down"] as const;
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = readiness.accepting() && results.every(([, s]) => s === "ok");
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not_ready", checks } satisfies ReadinessView);
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref()),
  ]);
}
