/**
 * A live class's breakouts as one participant sees them: the session (pushed as `breakout:updated`
 * to the class room, read again on every connect), the instructor's grid, broadcasts, and a
 * snapshot the instructor shows. The countdown runs on the server's clock (see the live quiz's).
 */
import type {
  BreakoutBroadcast,
  BreakoutGrid,
  BreakoutRoomView,
  BreakoutSessionView,
  BreakoutSnapshot,
} from "@chalkline/shared";
import { breakoutsApi } from "$lib/api/breakouts";
import { describeError } from "$lib/errors";
import { clockOffset, remainingMs } from "$lib/live-quiz/clock";
import { connection } from "$lib/realtime/connection.svelte";

const TICK_MS = 500;
/** Broadcasts kept on screen. */
const MAX_BROADCASTS = 3;

export class BreakoutState {
  session = $state.raw<BreakoutSessionView | null>(null);
  grid = $state.raw<BreakoutGrid | null>(null);
  broadcasts = $state.raw<BreakoutBroadcast[]>([]);
  shown = $state.raw<BreakoutSnapshot | null>(null);
  now = $state(Date.now());
  busy = $state(false);
  error = $state<string | null>(null);

  readonly liveClassId: string;
  readonly #teaching: boolean;
  #offset = 0;
  #stops: Array<() => void> = [];
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor(liveClassId: string, teaching: boolean) {
    this.liveClassId = liveClassId;
    this.#teaching = teaching;
  }

  open(): this {
    this.#stops.push(
      connection.on("breakout:updated", (view) => {
        if (view.liveClassId === this.liveClassId) this.#apply(view);
      }),
      connection.on("breakout:grid", (grid) => {
        if (grid.sessionId === this.session?.id) this.grid = grid;
      }),
      connection.on("breakout:broadcast", (message) => {
        if (message.sessionId === this.session?.id)
          this.broadcasts = [message, ...this.broadcasts].slice(0, MAX_BROADCASTS);
      }),
      connection.on("breakout:shown", (snapshot) => {
        if (snapshot.liveClassId === this.liveClassId) this.shown = snapshot;
      }),
      connection.onConnect(() => void this.refresh()),
    );
    void this.refresh();
    this.#tick = setInterval(() => {
      if (this.session?.status === "running") this.now = Date.now();
    }, TICK_MS);
    return this;
  }

  close(): void {
    clearInterval(this.#tick);
    for (const stop of this.#stops.splice(0)) stop();
  }

  get running(): boolean {
    return this.session?.status === "running";
  }

  /** Milliseconds left, on the server's clock. */
  get remaining(): number {
    const endsAt = this.session?.endsAt;
    return endsAt ? remainingMs(Date.parse(endsAt), this.#offset, this.now) : 0;
  }

  /** The room `userId` is assigned to, once the rooms are open. */
  roomOf(userId: string | undefined): BreakoutRoomView | null {
    if (!userId) return null;
    return this.session?.rooms.find((r) => r.roomId && r.memberIds.includes(userId)) ?? null;
  }

  async refresh(): Promise<void> {
    try {
      this.#apply(await breakoutsApi.current(this.liveClassId));
      if (this.#teaching && this.running && this.session) this.grid = await breakoutsApi.grid(this.session.id);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  /** Runs an action, showing its refusal; answers whether it went through. */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const result = await action();
      if (result && typeof result === "object" && "liveClassId" in result) this.#apply(result as BreakoutSessionView);
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  dismissShown(): void {
    this.shown = null;
  }

  #apply(view: BreakoutSessionView | null): void {
    if (view) this.#offset = clockOffset(Date.parse(view.serverNow), Date.now());
    this.now = Date.now();
    // An ended session is kept so the page can say so; a newer plan replaces it.
    this.session = view ?? (this.session?.status === "ended" ? this.session : null);
    if (!this.running) this.grid = null;
  }
}
