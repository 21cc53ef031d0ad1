import { performance } from "node:perf_hooks";
import type { BenchCluster } from "./chalkline";
import { round } from "./fanout";
import { BULKABLE, FILLS, type FillName, GrowthFill } from "./growth-fill";
import { type GrowthFixture, setUpGrowthFixture } from "./growth-fixture";
import type { FlagSpec } from "./options";
import type { BenchContext } from "./run";

/**
 * `--prefill 20000` (BENCH_PREFILL): documents in each growing collection before a bench measures,
 * as a term of use leaves them; 0 measures an empty store.
 */
export const PREFILL_FLAG = {
  prefill: { key: "prefill", env: "BENCH_PREFILL", fallback: 20_000, min: 0 },
} as const satisfies Record<string, FlagSpec<"prefill">>;

/** Fill writes through the services before the rest goes in bulk, for the fills that slow with size. */
const SERVICE_SECONDS = 5;
const FIXTURE = { rooms: 4, learnersPerRoom: 2, quizLessons: 3 };
const FILL_USERS = 100;
const IN_FLIGHT = { service: 16, chat: 64 };

/**
 * Grows every collection the growth bench grows (messages, ledgers, quiz attempts, attendance,
 * notifications) to `documents` with its fill, against the running node's stores, then lets go of
 * them: the bench measures its own path over a store of realistic size. Returns the fixture the fill
 * set up (its courses, learners and quiz lessons), or null when `documents` is 0.
 */
export async function prefillStores(
  ctx: BenchContext,
  bench: string,
  cluster: BenchCluster,
  url: string,
  documents: number,
): Promise<GrowthFixture | null> {
  if (documents === 0) return null;
  const started = performance.now();
  ctx.progress(`pre-filling the stores to ${documents} documents a collection`);
  const fixture = await setUpGrowthFixture(url, FIXTURE);
  const fill = await GrowthFill.open({ ...cluster, fixture, users: FILL_USERS, inFlight: IN_FLIGHT });
  try {
    await fill.connectChat(url);
    const reached: Record<string, unknown> = {};
    for (const name of Object.keys(FILLS) as FillName[]) {
      ctx.progress(`  filling ${FILLS[name].join(" and ")}`);
      const serviceSeconds = BULKABLE.has(name) ? SERVICE_SECONDS : undefined;
      reached[name] = (await fill.fill(name, documents, { bulk: true, serviceSeconds })).to;
    }
    ctx.emit({ bench, case: "prefill", documents, reached, seconds: round((performance.now() - started) / 1000, 1) });
    return fixture;
  } finally {
    await fill.close();
  }
}
