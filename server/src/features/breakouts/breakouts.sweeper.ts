import type { RedisClient } from "../../platform/redis";
import { moderatorIds } from "../rooms/rooms.access";
import type { BreakoutEnder } from "./breakouts.ending";
import { type GridSources, gridDigest, gridOf } from "./breakouts.grid";
import { breakoutsKeys } from "./breakouts.keys";
import { BreakoutSession } from "./breakouts.model";
import type { BreakoutPush } from "./breakouts.service";

/** How often each node looks for passed deadlines and refreshes grids. */
const SWEEP_MS = 1_000;
/** A session's grid is read and pushed at most this often, by one node. */
const GRID_INTERVAL_MS = 2_000;
/** A digest outlives a forgotten session by this much. */
const DIGEST_TTL_S = 6 * 3600;

export interface SweeperDeps {
  ender: BreakoutEnder;
  sources: GridSources;
  push: BreakoutPush;
  redis: RedisClient;
  prefix: string;
  nodeId: string;
  onError: (error: unknown) => void;
}

/**
 * The breakouts' clock on every node: ends sessions whose deadline passed (see BreakoutEnder) and
 * pushes each running session's grid to its instructors when it changed. One node per interval
 * takes a session's grid turn (a Redis key with a TTL), so the grid is read once, not once per node.
 */
export class BreakoutSweeper {
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | null = null;

  private constructor(private readonly deps: SweeperDeps) {}

  static start(deps: SweeperDeps): BreakoutSweeper {
    const sweeper = new BreakoutSweeper(deps);
    sweeper.#timer = setInterval(() => sweeper.#tick(), SWEEP_MS);
    sweeper.#timer.unref();
    return sweeper;
  }

  /** Stops, after the sweep under way (so it does not outlive the database connection). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
  }

  #tick(): void {
    this.#sweeping ??= this.#sweep()
      .catch(this.deps.onError)
      .finally(() => {
        this.#sweeping = null;
      });
  }

  async #sweep(): Promise<void> {
    await this.deps.ender.sweep();
    const running = await BreakoutSession.find({ status: "running" }).limit(100);
    for (const session of running) {
      const turn = breakoutsKeys.gridTurn(this.deps.prefix, session.id);
      if ((await this.deps.redis.set(turn, this.deps.nodeId, "PX", GRID_INTERVAL_MS, "NX")) !== "OK") continue;
      const grid = await gridOf(session, this.deps.sources);
      const digest = gridDigest(grid);
      const key = breakoutsKeys.gridDigest(this.deps.prefix, session.id);
      const previous = await this.deps.redis.set(key, digest, "EX", DIGEST_TTL_S, "GET");
      if (previous === digest) continue;
      this.deps.push.grid(await moderatorIds(String(session.mainRoomId)), grid);
    }
  }
}
