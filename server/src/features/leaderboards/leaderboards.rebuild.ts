import { randomUUID } from "node:crypto";
import type { RebuildReport } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { type RedisClient, scanTargets } from "../../platform/redis";
import { type LedgerEntry, XpLedger } from "../ledger/ledger.model";
import type { BoardFeed } from "./leaderboards.feed";
import { leaderboardsKeys } from "./leaderboards.keys";
import { RELEASE_LOCK_SCRIPT } from "./leaderboards.scripts";
import type { BoardWriter } from "./leaderboards.writer";

/** Longer than any rebuild should take; if the rebuilding process dies, boards unlock by themselves. */
const LOCK_TTL_MS = 15 * 60_000;
const APPLY_BATCH = 200;
const DELETE_BATCH = 500;
/** Entries written this long before the rebuild began are rechecked too: node clocks differ. */
const CLOCK_SKEW_MS = 5 * 60_000;

export type { RebuildReport };

/**
 * Rebuilds every board from the XP ledger. While it holds the lock, other board writes are
 * refused (atomically, in the apply script) and their entries stay in the ledger; so the rebuild
 * (1) deletes every board key and applied position under the prefix, (2) replays every chain in
 * order with the lock's token, (3) unlocks, then (4) replays to their heads the chains that got
 * entries meanwhile, and announces that everything changed.
 */
export async function rebuildBoards(parts: {
  redis: RedisClient;
  prefix: string;
  writer: BoardWriter;
  feed: BoardFeed;
}): Promise<RebuildReport> {
  const { redis, prefix, writer } = parts;
  const startedAt = Date.now();
  const lock = leaderboardsKeys.rebuildLock(prefix);
  const token = randomUUID();
  if ((await redis.set(lock, token, "PX", LOCK_TTL_MS, "NX")) !== "OK") {
    throw new AppError("conflict", "a rebuild is already running");
  }
  const learners = new Set<string>();
  let entries = 0;
  let deletedKeys = 0;
  try {
    deletedKeys = await deleteAll(redis, prefix, lock);
    let batch: LedgerEntry[] = [];
    const flush = async () => {
      if (batch.length > 0) await writer.apply(String(batch[0]!.userId), batch, token);
      batch = [];
    };
    for await (const entry of XpLedger.find({}).sort({ userId: 1, seq: 1 }).lean<LedgerEntry>().cursor()) {
      const userId = String(entry.userId);
      if (batch.length >= APPLY_BATCH || (batch.length > 0 && String(batch[0]!.userId) !== userId)) await flush();
      batch.push(entry);
      learners.add(userId);
      entries++;
    }
    await flush();
  } finally {
    await redis.eval(RELEASE_LOCK_SCRIPT, 1, lock, token);
  }
  const late = await XpLedger.distinct("userId", { createdAt: { $gte: new Date(startedAt - CLOCK_SKEW_MS) } });
  for (const userId of late) await writer.sync(String(userId), []);
  await parts.feed.publish({ rebuilt: true });
  return { deletedKeys, entries, learners: learners.size, ms: Date.now() - startedAt };
}

/** Deletes every leaderboard key under the prefix but the lock, scanning every master of a cluster. */
async function deleteAll(redis: RedisClient, prefix: string, lock: string): Promise<number> {
  let deleted = 0;
  for (const server of scanTargets(redis)) {
    let cursor = "0";
    do {
      const [next, keys] = await server.scan(
        cursor,
        "MATCH",
        leaderboardsKeys.everything(prefix),
        "COUNT",
        DELETE_BATCH,
      );
      cursor = next;
      const doomed = keys.filter((key) => key !== lock);
      if (doomed.length > 0) deleted += await server.unlink(...doomed);
    } while (cursor !== "0");
  }
  return deleted;
}
