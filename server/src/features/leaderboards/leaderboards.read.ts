import { BOARD_TOP_N, type Standing } from "@chalkline/shared";
import type { RedisClient } from "../../platform/redis";
import { userRefs } from "../rooms/rooms.view";

export interface Standings {
  top: Standing[];
  /** Each viewer's rank (null when not on the board, or not above the floor) and score. */
  mine: Map<string, { rank: number | null; score: number }>;
  players: number;
}

/**
 * Reads a sorted set as a board: the leaders and each viewer's own standing, in one round trip
 * (plus one for display names). Ties share a rank (1, 2, 2, 4): a rank is one more than the
 * number of strictly higher scores. With `aboveZero`, only positive scores are on the board.
 */
export async function readStandings(
  redis: RedisClient,
  key: string,
  viewerIds: readonly string[],
  opts: { aboveZero?: boolean } = {},
): Promise<Standings> {
  const floor = opts.aboveZero ? "(0" : "-inf";
  const viewers = [...new Set(viewerIds)];
  const pipeline = redis.pipeline();
  pipeline.zrevrangebyscore(key, "+inf", floor, "WITHSCORES", "LIMIT", 0, BOARD_TOP_N);
  pipeline.zcount(key, floor, "+inf");
  for (const id of viewers) pipeline.zscore(key, id);
  const results = (await pipeline.exec()) ?? [];
  const answer = <T>(i: number) => {
    const [error, value] = results[i] ?? [new Error("no answer")];
    if (error) throw error;
    return value as T;
  };

  const raw = answer<string[]>(0);
  const leaders: Array<{ id: string; score: number }> = [];
  for (let i = 0; i < raw.length; i += 2) leaders.push({ id: raw[i]!, score: Number(raw[i + 1]) });
  const scores = viewers.map((_, i) => answer<string | null>(2 + i));

  // A viewer's rank counts the scores above theirs: one more round trip, for those outside the top.
  const ranks = redis.pipeline();
  const ranked = viewers.filter((_, i) => scores[i] !== null && (!opts.aboveZero || Number(scores[i]) > 0));
  for (const id of ranked) ranks.zcount(key, `(${scores[viewers.indexOf(id)]}`, "+inf");
  const above = ranked.length > 0 ? ((await ranks.exec()) ?? []) : [];

  const refs = await userRefs(leaders.map((l) => l.id));
  const top: Standing[] = [];
  leaders.forEach((leader, i) => {
    const rank = i > 0 && leaders[i - 1]!.score === leader.score ? top[i - 1]!.rank : i + 1;
    top.push({
      rank,
      user: { id: leader.id, displayName: refs.get(leader.id)?.displayName ?? "—" },
      score: leader.score,
    });
  });
  const mine = new Map(
    viewers.map((id, i) => {
      const r = ranked.indexOf(id);
      const rank = r === -1 ? null : Number(above[r]?.[1] ?? 0) + 1;
      return [id, { rank, score: Number(scores[i] ?? 0) }];
    }),
  );
  return { top, mine, players: answer<number>(1) };
}
