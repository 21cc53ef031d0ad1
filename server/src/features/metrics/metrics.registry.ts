import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { installProbe } from "../../platform/probe";

/** What the node holds open, read at each scrape. */
export interface OpenConnections {
  sockets(): number;
  collab(): number;
}

/** The series a server node exports; labels are event names, error codes and fixed names, never ids. */
export interface NodeMetrics {
  registry: Registry;
  /** Database commands by collection and command name. */
  dbSeconds: Histogram<"collection" | "command">;
  /** Redis commands by name. */
  redisSeconds: Histogram<"command">;
  /** Events pushed to clients by this node (broadcasts to rooms and users, per-socket board views). */
  pushes: Counter<"event">;
}

/** Seconds, from a cache hit to a slow batch write. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/** Builds the node's registry and makes it the sink of the platform's probe. */
export function createNodeMetrics(open: OpenConnections): NodeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "chalkline_" });
  const registers = [registry];
  new Gauge({
    name: "chalkline_open_sockets",
    help: "Socket.IO connections open on this node",
    registers,
    collect() {
      this.set(open.sockets());
    },
  });
  new Gauge({
    name: "chalkline_open_collab_connections",
    help: "Collaborative document connections open on this node",
    registers,
    collect() {
      this.set(open.collab());
    },
  });
  const commands = new Counter({
    name: "chalkline_socket_commands_total",
    help: "Client commands answered, by event and outcome (ok or the error code)",
    labelNames: ["event", "outcome"] as const,
    registers,
  });
  const ackSeconds = new Histogram({
    name: "chalkline_socket_ack_seconds",
    help: "Seconds from a command's arrival to its ack, by event",
    labelNames: ["event"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const refused = new Counter({
    name: "chalkline_limits_refused_total",
    help: "Requests refused by a limit, by answer code and the limit that refused them",
    labelNames: ["code", "limit"] as const,
    registers,
  });
  const batches = new Histogram({
    name: "chalkline_group_commit_batch_size",
    help: "Items written together by one group-committed batch, by queue",
    labelNames: ["queue"] as const,
    buckets: BATCH_BUCKETS,
    registers,
  });
  const pushes = new Counter({
    name: "chalkline_pushes_total",
    help: "Events pushed to clients by this node, by event",
    labelNames: ["event"] as const,
    registers,
  });
  installProbe({
    command: (event, outcome, seconds) => {
      commands.inc({ event, outcome });
      ackSeconds.observe({ event }, seconds);
    },
    refused: (code, limit) => refused.inc({ code, limit }),
    batch: (queue, size) => batches.observe({ queue }, size),
    pushed: (event, count) => pushes.inc({ event }, count),
  });
  return {
    registry,
    pushes,
    dbSeconds: new Histogram({
      name: "chalkline_db_command_seconds",
      help: "Database command latency, by collection and command",
      labelNames: ["collection", "command"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    redisSeconds: new Histogram({
      name: "chalkline_redis_command_seconds",
      help: "Redis command latency (queueing included), by command",
      labelNames: ["command"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
}
