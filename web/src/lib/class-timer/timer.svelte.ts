/**
 * The class timer as every participant sees it: the server's view (`class-timer:state` on every
 * (re)connect, then the pushes) counted down locally against the server's clock, through the
 * offset each view's `serverNow` gives (the live quiz's clock), so everyone reaches zero together.
 */
import type { ClassTimerView } from "@chalkline/shared";
import { describeErrorBody } from "$lib/errors";
import { clockOffset, remainingMs } from "$lib/live-quiz/clock";
import type { CommandName, CommandPayload, CommandResult } from "$lib/realtime/commands";
import { connection } from "$lib/realtime/connection.svelte";

/** How often the display is brought up to date. */
const TICK_MS = 250;

export class ClassTimer {
  view = $state.raw<ClassTimerView | null>(null);
  /** Local time, ticking while a countdown runs. */
  now = $state(Date.now());
  busy = $state(false);
  error = $state<string | null>(null);

  readonly roomId: string;
  #offset = 0;
  #stops: Array<() => void> = [];
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor(roomId: string) {
    this.roomId = roomId;
  }

  open(): this {
    this.#stops.push(
      connection.on("class-timer:updated", (e) => e.roomId === this.roomId && this.#apply(e.timer)),
      connection.onConnect(() => void this.refresh()),
    );
    if (connection.connected) void this.refresh();
    this.#tick = setInterval(() => {
      if (this.view?.status === "running") this.now = Date.now();
    }, TICK_MS);
    return this;
  }

  close(): void {
    clearInterval(this.#tick);
    for (const stop of this.#stops.splice(0)) stop();
  }

  /** Milliseconds left, on the server's clock. */
  get remaining(): number {
    const view = this.view;
    if (!view) return 0;
    return view.endsAt === null ? view.remainingMs : remainingMs(view.endsAt, this.#offset, this.now);
  }

  async refresh(): Promise<void> {
    const result = await connection.request("class-timer:state", { roomId: this.roomId });
    if (result.ok) this.#apply(result.data);
  }

  async start(seconds: number, label: string): Promise<void> {
    const view = await this.#run("class-timer:start", { roomId: this.roomId, seconds, label });
    if (view) this.#apply(view);
  }

  async pause(): Promise<void> {
    const view = await this.#run("class-timer:pause", { roomId: this.roomId });
    if (view) this.#apply(view);
  }

  async resume(): Promise<void> {
    const view = await this.#run("class-timer:resume", { roomId: this.roomId });
    if (view) this.#apply(view);
  }

  async end(): Promise<void> {
    if ((await this.#run("class-timer:end", { roomId: this.roomId })) !== undefined) this.#apply(null);
  }

  #apply(view: ClassTimerView | null): void {
    if (view) this.#offset = clockOffset(view.serverNow, Date.now());
    this.now = Date.now();
    this.view = view;
  }

  async #run<K extends Extract<CommandName, `class-timer:${string}`>>(
    event: K,
    payload: CommandPayload<K>,
  ): Promise<CommandResult<K> | undefined> {
    this.busy = true;
    this.error = null;
    try {
      const result = await connection.request(event, payload);
      if (!result.ok) {
        this.error = describeErrorBody(result.error);
        return undefined;
      }
      return result.data;
    } finally {
      this.busy = false;
    }
  }
}

/** A countdown as the class reads it: `m:ss`, or `h:mm:ss` from an hour up. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
