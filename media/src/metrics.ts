import { createServer, type Server } from "node:http";
import type { types as mediasoupTypes } from "mediasoup";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { metricsEndpoint } from "./metrics-endpoint";
import type { WorkerPool } from "./workers";

type Worker = mediasoupTypes.Worker;
type Kind = "routers" | "transports" | "producers" | "consumers";

/** An object that says when it closes: every mediasoup object's `observer`. */
interface Observed {
  observer: {
    on(event: string, listener: (child: Observed) => void): unknown;
    once(event: "close", l: () => void): unknown;
  };
}

/**
 * The media node's metrics: the process, the mediasoup objects it holds (read off mediasoup's
 * observer events, so whatever creates them is counted), each worker's CPU time and the workers
 * restarted. Labels are kinds and worker slots, never class or peer ids.
 */
export function mediaMetrics(pool: WorkerPool): Registry {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: "chalkline_media_" });
  const held = new Gauge({
    name: "chalkline_media_objects",
    help: "mediasoup routers, transports, producers and consumers open on this media node",
    labelNames: ["kind"] as const,
    registers,
  });
  const track = (kind: Kind, object: Observed, children: Partial<Record<string, Kind>> = {}) => {
    held.inc({ kind });
    object.observer.once("close", () => held.dec({ kind }));
    for (const [event, child] of Object.entries(children)) {
      if (child) object.observer.on(event, (created) => track(child, created, childrenOf[child]));
    }
  };
  const childrenOf: Record<Kind, Partial<Record<string, Kind>>> = {
    routers: { newtransport: "transports" },
    transports: { newproducer: "producers", newconsumer: "consumers" },
    producers: {},
    consumers: {},
  };
  const watch = (worker: Worker) =>
    worker.observer.on("newrouter", (router: Observed) => track("routers", router, childrenOf.routers));
  for (const kind of Object.keys(childrenOf) as Kind[]) held.set({ kind }, 0);
  pool.workers.forEach(watch);
  new Counter({
    name: "chalkline_media_worker_cpu_seconds_total",
    help: "CPU time (user and system) of each mediasoup worker since it started; a restart starts it again",
    labelNames: ["slot"] as const,
    registers,
    async collect() {
      const usage = await Promise.all(pool.workers.map((worker) => worker.getResourceUsage().catch(() => null)));
      // Read whole each time: a replaced worker's count starts again at zero, which rate() takes as a reset.
      this.reset();
      usage.forEach((u, slot) => {
        if (u) this.inc({ slot: String(slot) }, (u.ru_utime + u.ru_stime) / 1000);
      });
    },
  });
  new Gauge({
    name: "chalkline_media_workers",
    help: "mediasoup workers running now",
    registers,
    collect() {
      this.set(pool.workers.length);
    },
  });
  const restarts = new Counter({
    name: "chalkline_media_worker_restarts_total",
    help: "mediasoup workers that died and were replaced",
    registers,
  });
  pool.on("workerreplaced", (_slot, worker) => {
    restarts.inc();
    watch(worker);
  });
  return registry;
}

/** Serves `/metrics` (bearer token only) on its own port, the media node having no other HTTP. */
export async function serveMetrics(registry: Registry, port: number, token: string): Promise<Server> {
  const endpoint = metricsEndpoint(registry, token);
  const server = createServer((req, res) => {
    if (endpoint(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return server;
}
