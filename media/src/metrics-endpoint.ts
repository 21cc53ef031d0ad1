import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export const METRICS_PATH = "/metrics";

/** Answers a request when it is for `/metrics`; false when it is for something else. */
export type MetricsEndpoint = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * `GET /metrics` in Prometheus text format, to a caller that presents `Authorization: Bearer <token>`
 * and to nobody else. It lives here because the server nodes already depend on this package, and
 * both kinds of node must guard their metrics the same way.
 */
export function metricsEndpoint(registry: Registry, token: string): MetricsEndpoint {
  const expected = digest(token);
  return (req, res) => {
    if (new URL(req.url ?? "/", "http://node").pathname !== METRICS_PATH) return false;
    const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    // Digests have one length, so the comparison takes the same time whatever was presented.
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      res.writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain" });
      res.end("metrics need the operator's bearer token\n");
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" });
      res.end();
      return true;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(`metrics could not be collected: ${(error as Error).message}\n`);
      },
    );
    return true;
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
