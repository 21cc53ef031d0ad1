import { type AdminAwardBody, type AwardResultView, periodKeys } from "@chalkline/shared";
import mongoose from "mongoose";
import { inject } from "vitest";
import { BoardFeed } from "../../server/src/features/leaderboards/leaderboards.feed";
import { leaderboardsKeys } from "../../server/src/features/leaderboards/leaderboards.keys";
import { BoardWriter } from "../../server/src/features/leaderboards/leaderboards.writer";
import { AwardsService } from "../../server/src/features/ledger/awards.service";
import { LedgerCache } from "../../server/src/features/ledger/ledger.cache";
import { createRedis, keysMatching, type RedisClient } from "../../server/src/platform/redis";
import { type ApiAnswer, api } from "./clients";
import type { ClusterNames } from "./cluster";

/** The award path wired as a node wires it, in this process, on `redis` under `prefix`. */
export function localAwards(redis: RedisClient, prefix: string): AwardsService {
  return new AwardsService(
    new BoardWriter(redis, prefix, new BoardFeed(redis, prefix)),
    new LedgerCache(redis, prefix),
  );
}

/** An operator's grant through the real admin route: 201 when applied, 200 when the key was already. */
export function grant(baseUrl: string, adminToken: string, body: AdminAwardBody): Promise<ApiAnswer<AwardResultView>> {
  return api<AwardResultView>(baseUrl, "POST", "/api/admin/awards", { token: adminToken, body });
}

/** A test's own view of a cluster's database and Redis keys, read directly, beside the nodes. */
export interface Stores {
  db: mongoose.Connection;
  redis: RedisClient;
  prefix: string;
  close(): Promise<void>;
}

export async function openStores(names: ClusterNames): Promise<Stores> {
  const services = inject("services");
  const db = await mongoose.createConnection(services.mongoUrl, { dbName: names.dbName }).asPromise();
  const redis = createRedis(services.redisUrl);
  return {
    db,
    redis,
    prefix: `${names.keyPrefix}:`,
    close: async () => {
      await db.close();
      redis.disconnect();
    },
  };
}

export interface RawEntry {
  userId: mongoose.Types.ObjectId;
  seq: number;
  amount: number;
  balanceAfter: number;
  key: string;
  courseId: mongoose.Types.ObjectId | null;
  roomId: mongoose.Types.ObjectId | null;
  at: Date;
  period: { day: string; week: string; month: string };
}

export function ledgerEntries(stores: Stores, currency: "xp" | "points"): Promise<RawEntry[]> {
  const collection = currency === "xp" ? "xpLedger" : "pointsLedger";
  return stores.db.collection<RawEntry>(collection).find({}).toArray() as Promise<RawEntry[]>;
}

type Boards = Map<string, Map<string, number>>;

/**
 * What every board should hold, computed here from the XP ledger alone and each learner's time
 * zone: board name → user id → XP. Names follow `<scope>:<scopeId|->:<period>:<periodKey>`.
 */
export function expectedBoards(entries: RawEntry[], timeZoneOf: (userId: string) => string): Boards {
  const boards: Boards = new Map();
  const add = (name: string, userId: string, amount: number) => {
    const board = boards.get(name) ?? new Map<string, number>();
    board.set(userId, (board.get(userId) ?? 0) + amount);
    boards.set(name, board);
  };
  for (const e of entries) {
    const userId = String(e.userId);
    const { week, month } = periodKeys(e.at, timeZoneOf(userId));
    const scopes = [["global", "-"]];
    if (e.courseId) scopes.push(["course", String(e.courseId)]);
    if (e.roomId) scopes.push(["class", String(e.roomId)]);
    for (const [scope, id] of scopes) {
      add(`${scope}:${id}:week:${week}`, userId, e.amount);
      add(`${scope}:${id}:month:${month}`, userId, e.amount);
      add(`${scope}:${id}:all:all`, userId, e.amount);
    }
  }
  return boards;
}

/** Every board in Redis under the cluster's prefix, as board name → user id → score. */
export async function boardsInRedis(stores: Stores): Promise<Boards> {
  const marker = leaderboardsKeys.board(stores.prefix, "");
  const boards: Boards = new Map();
  for (const key of await keysMatching(stores.redis, `${marker}*`)) {
    const raw = await stores.redis.zrange(key, 0, -1, "WITHSCORES");
    const board = new Map<string, number>();
    for (let i = 0; i < raw.length; i += 2) board.set(raw[i]!, Number(raw[i + 1]));
    boards.set(key.slice(marker.length), board);
  }
  return boards;
}

/** Plain objects, sorted, so a failing comparison prints readably. */
export function asObject(boards: Boards): Record<string, Record<string, number>> {
  return Object.fromEntries(
    [...boards.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, b]) => [name, Object.fromEntries([...b.entries()].sort())]),
  );
}

/** Deletes every key under the cluster's prefix. */
export function flushPrefix(stores: Stores): Promise<number> {
  return deleteMatching(stores, `${stores.prefix}*`);
}

/** Deletes every key matching a SCAN pattern, on every master of a cluster; returns how many. */
export async function deleteMatching(stores: Stores, pattern: string): Promise<number> {
  const keys = await keysMatching(stores.redis, pattern);
  // One DEL per key: on a cluster, one DEL may not name keys of several slots.
  const deleted = await Promise.all(keys.map((key) => stores.redis.del(key)));
  return deleted.reduce((sum, n) => sum + n, 0);
}
