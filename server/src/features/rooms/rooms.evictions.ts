import { type RoomExit, roomExitSchema, rooms } from "@chalkline/shared";
import type { Logger } from "../../platform/logger";
import type { AppServer, AppSocket } from "../../platform/realtime";

/** Ends what a member holds in a room they left for good. */
export type RoomExitStep = (exit: RoomExit) => Promise<void>;

/**
 * A member's hold on a room beyond its chat: live media, the live quiz, the room's boards, its
 * documents. Features register how to end theirs, per socket (what lives in a socket's state or
 * its Socket.IO rooms) or once per member (what lives in Redis or in other connections); `evict`
 * ends all of it, for the member's sockets on every node, when they are removed or quit.
 */
export class RoomEvictions {
  readonly #socketSteps = new WeakMap<AppSocket, RoomExitStep[]>();
  readonly #memberSteps: RoomExitStep[] = [];

  private constructor(
    private readonly io: AppServer,
    private readonly logger: Logger,
  ) {}

  /** Listens for the other nodes' evictions, which this node carries out for its own sockets. */
  static create(io: AppServer, logger: Logger): RoomEvictions {
    const evictions = new RoomEvictions(io, logger);
    io.on("room:evicted", (message) => {
      const exit = roomExitSchema.safeParse(message);
      if (!exit.success) {
        logger.warn("malformed room eviction dropped");
        return;
      }
      evictions.#exitLocal(exit.data).catch((error: unknown) => {
        logger.error({ err: error, ...exit.data }, "could not end an evicted member's hold on a room");
      });
    });
    return evictions;
  }

  /** How to end what `socket` holds in a room; forgotten with the socket. */
  onSocketExit(socket: AppSocket, step: RoomExitStep): void {
    const steps = this.#socketSteps.get(socket) ?? [];
    steps.push(step);
    this.#socketSteps.set(socket, steps);
  }

  /** How to end what a member holds in a room outside their sockets; run once, on the evicting node. */
  onMemberExit(step: RoomExitStep): void {
    this.#memberSteps.push(step);
  }

  /** Ends everything the member holds in the room, here and (through Redis) on every other node. */
  async evict(exit: RoomExit): Promise<void> {
    this.io.serverSideEmit("room:evicted", exit);
    await Promise.all([this.#exitLocal(exit), ...this.#memberSteps.map((step) => step(exit))]);
  }

  /** Runs the steps of the member's sockets on this node. */
  async #exitLocal(exit: RoomExit): Promise<void> {
    const ids = this.io.of("/").adapter.rooms.get(rooms.user(exit.userId)) ?? new Set<string>();
    const steps = [...ids].flatMap((id) => {
      const socket = this.io.of("/").sockets.get(id);
      return socket ? (this.#socketSteps.get(socket) ?? []) : [];
    });
    const results = await Promise.allSettled(steps.map((step) => step(exit)));
    for (const result of results) {
      if (result.status === "rejected") {
        this.logger.warn({ err: result.reason, ...exit }, "a step of a room eviction failed");
      }
    }
  }
}
