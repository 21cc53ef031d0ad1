import { BOARD_PUSHES_PER_SECOND, rooms } from "@chalkline/shared";
import type { Logger } from "../../platform/logger";
import { probe } from "../../platform/probe";
import type { AppServer } from "../../platform/realtime";
import type { RedisClient } from "../../platform/redis";
import { parseBoardName } from "./leaderboards.boards";
import { Coalescer } from "./leaderboards.coalesce";
import { type BoardChange, BoardFeed } from "./leaderboards.feed";
import type { LeaderboardsService } from "./leaderboards.service";

const BOARD_ROOM = rooms.board("");

/**
 * Pushes `leaderboard:updated` to this node's own watchers of each board that changed anywhere in
 * the cluster, at most BOARD_PUSHES_PER_SECOND times a second per board, each watcher getting the
 * leaders and their own rank. Every node does this for its own sockets (io.local), so a change is
 * read from Redis once per node and board, never relayed socket by socket across nodes.
 */
export class BoardPusher {
  readonly #coalescer: Coalescer;

  private constructor(
    private readonly io: AppServer,
    private readonly leaderboards: LeaderboardsService,
    logger: Logger,
  ) {
    this.#coalescer = new Coalescer(
      1000 / BOARD_PUSHES_PER_SECOND,
      (name) => this.#push(name),
      (error) => logger.warn({ err: error }, "leaderboard push failed"),
    );
  }

  /** Starts listening for board changes on `subscriber`, a Redis connection of its own. */
  static async create(parts: {
    io: AppServer;
    subscriber: RedisClient;
    prefix: string;
    leaderboards: LeaderboardsService;
    logger: Logger;
  }): Promise<BoardPusher> {
    const pusher = new BoardPusher(parts.io, parts.leaderboards, parts.logger);
    await BoardFeed.listen(
      parts.subscriber,
      parts.prefix,
      (change) => pusher.#changed(change),
      (error) => parts.logger.warn({ err: error }, "ignored a malformed leaderboard change"),
    );
    return pusher;
  }

  close(): void {
    this.#coalescer.close();
  }

  #changed(change: BoardChange): void {
    const names = "rebuilt" in change ? this.#watchedBoards() : change.boards;
    for (const name of names) if (this.#localRoom(name)?.size) this.#coalescer.touch(name);
  }

  /** This node's sockets in a board's room (the adapter's local view). */
  #localRoom(name: string): Set<string> | undefined {
    return this.io.of("/").adapter.rooms.get(rooms.board(name));
  }

  #watchedBoards(): string[] {
    const rooms = [...this.io.of("/").adapter.rooms.keys()];
    return rooms.filter((room) => room.startsWith(BOARD_ROOM)).map((room) => room.slice(BOARD_ROOM.length));
  }

  async #push(name: string): Promise<void> {
    const sockets = await this.io.local.in(rooms.board(name)).fetchSockets();
    if (sockets.length === 0) return;
    const views = await this.leaderboards.views(
      parseBoardName(name),
      sockets.map((s) => s.data.userId),
    );
    for (const socket of sockets) socket.emit("leaderboard:updated", views.get(socket.data.userId)!);
    probe.pushed("leaderboard:updated", sockets.length);
  }
}
