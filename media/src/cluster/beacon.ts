import type { MediaNodeEntry } from "@chalkline/shared";
import type { Logger } from "pino";
import type { ClassRegistry } from "../classes/registry";
import type { WorkerPool } from "../workers";
import { NODE_BEAT_MS, type NodeRegistry } from "./registry";

export interface NodeBeaconOptions {
  nodeId: string;
  announcedIp: string;
  registry: NodeRegistry;
  pool: WorkerPool;
  classes: ClassRegistry;
  draining: boolean;
  beatMs?: number;
  logger: Logger;
}

/**
 * Keeps this media node's registry entry alive with its live load. Beats on a timer, and at once
 * when something placement depends on changes (draining), so server nodes see it without waiting.
 */
export class NodeBeacon {
  readonly #options: NodeBeaconOptions;
  readonly #timer: NodeJS.Timeout;
  #draining: boolean;
  /** Worker CPU time (ms) at the previous beat, by pid: the next beat reports the difference. */
  #cpuMs = new Map<number, number>();
  #lastBeatAt = Date.now();
  #closed = false;

  private constructor(options: NodeBeaconOptions) {
    this.#options = options;
    this.#draining = options.draining;
    this.#timer = setInterval(() => void this.beat(), options.beatMs ?? NODE_BEAT_MS).unref();
  }

  /** Registers the node (its first beat) before it resolves. */
  static async create(options: NodeBeaconOptions): Promise<NodeBeacon> {
    const beacon = new NodeBeacon(options);
    await beacon.beat();
    return beacon;
  }

  get draining(): boolean {
    return this.#draining;
  }

  async setDraining(draining: boolean): Promise<void> {
    this.#draining = draining;
    await this.beat();
  }

  async beat(): Promise<void> {
    if (this.#closed) return;
    try {
      const entry = await this.#entry();
      if (!this.#closed) await this.#options.registry.publish(entry);
    } catch (error) {
      this.#options.logger.warn({ err: error }, "media node registry entry not renewed");
    }
  }

  /** Leaves the registry at once; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#options.registry.remove(this.#options.nodeId);
  }

  async #entry(): Promise<MediaNodeEntry> {
    const { nodeId, announcedIp, pool, classes } = this.#options;
    const now = Date.now();
    return {
      nodeId,
      announcedIp,
      draining: this.#draining,
      workers: pool.workers.length,
      ...classes.load(),
      cpuPercent: await this.#cpuPercent(pool, now),
      beatAtMs: now,
    };
  }

  async #cpuPercent(pool: WorkerPool, now: number): Promise<number> {
    const usage = await Promise.all(
      pool.workers.map(async (w) => {
        const u = await w.getResourceUsage().catch(() => undefined);
        return [w.pid, u ? u.ru_utime + u.ru_stime : undefined] as const;
      }),
    );
    const next = new Map<number, number>();
    let usedMs = 0;
    for (const [pid, ms] of usage) {
      if (ms === undefined) continue;
      next.set(pid, ms);
      usedMs += ms - (this.#cpuMs.get(pid) ?? ms);
    }
    const elapsedMs = Math.max(1, now - this.#lastBeatAt);
    this.#cpuMs = next;
    this.#lastBeatAt = now;
    return Math.round((usedMs / elapsedMs) * 1000) / 10;
  }
}
