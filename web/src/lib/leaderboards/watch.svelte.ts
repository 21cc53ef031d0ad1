/**
 * One leaderboard followed over the socket: `leaderboard:watch` answers the view at once, then the
 * server pushes `leaderboard:updated` (coalesced) as it changes. Watches are renewed after every
 * reconnect (the server forgets a socket's rooms) and when the period rolls over on the viewer's
 * calendar. Sockets follow boards by room, so watches of one board are counted and the last one
 * to stop unwatches.
 */
import { type BoardRef, type LeaderboardView, periodKeys } from "@chalkline/shared";
import { auth } from "$lib/auth.svelte";
import { describeErrorBody } from "$lib/errors";
import { connection } from "$lib/realtime/connection.svelte";

/** How often a watch checks whether its week or month is over. */
const ROLLOVER_CHECK_MS = 60_000;

const watching = new Map<string, number>();
const familyOf = (ref: BoardRef) => `${ref.scope}:${ref.scopeId ?? "-"}:${ref.period}`;

export class BoardWatch {
  view = $state<LeaderboardView | null>(null);
  error = $state<string | null>(null);

  #ref: BoardRef | null = null;
  #stops: Array<() => void> = [];
  /** Bumped by every (re)watch and stop, so an answer to an older request is dropped. */
  #generation = 0;

  start(ref: BoardRef): void {
    this.stop();
    this.#ref = ref;
    const family = familyOf(ref);
    watching.set(family, (watching.get(family) ?? 0) + 1);
    this.#stops.push(
      connection.on("leaderboard:updated", (view) => {
        if (familyOf({ ...view.board, scopeId: view.board.scopeId ?? undefined }) === family) this.view = view;
      }),
      connection.onConnect(() => void this.#watch()),
    );
    const timer = setInterval(() => {
      const user = auth.user;
      if (ref.period === "all" || !user || !this.view) return;
      if (periodKeys(new Date(), user.timeZone)[ref.period] !== this.view.board.periodKey) void this.#watch();
    }, ROLLOVER_CHECK_MS);
    this.#stops.push(() => clearInterval(timer));
    if (connection.connected) void this.#watch();
  }

  stop(): void {
    const ref = this.#ref;
    this.#generation++;
    for (const stop of this.#stops.splice(0)) stop();
    this.#ref = null;
    this.view = null;
    this.error = null;
    if (!ref) return;
    const family = familyOf(ref);
    const left = (watching.get(family) ?? 1) - 1;
    if (left > 0) {
      watching.set(family, left);
      return;
    }
    watching.delete(family);
    void connection.request("leaderboard:unwatch", ref);
  }

  async #watch(): Promise<void> {
    const ref = this.#ref;
    if (!ref) return;
    const generation = ++this.#generation;
    const result = await connection.request("leaderboard:watch", ref);
    if (generation !== this.#generation) return;
    if (result.ok) {
      this.view = result.data;
      this.error = null;
    } else {
      this.error = describeErrorBody(result.error);
    }
  }
}
