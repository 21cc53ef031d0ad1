/**
 * The class's current poll as this viewer sees it: `poll:state` on every (re)connect, then the
 * pushes — the poll asked and closed for everyone, its results as they come in for instructors.
 */
import type { PollAsk, PollResponse, PollView } from "@chalkline/shared";
import { describeErrorBody } from "$lib/errors";
import type { CommandName, CommandPayload, CommandResult } from "$lib/realtime/commands";
import { connection } from "$lib/realtime/connection.svelte";

export class LivePoll {
  poll = $state.raw<PollView | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);

  readonly roomId: string;
  #stops: Array<() => void> = [];

  constructor(roomId: string) {
    this.roomId = roomId;
  }

  open(): this {
    this.#stops.push(
      // An instructor's own view carries the results; everyone else's the learner's.
      connection.on("poll:asked", (p) => p.roomId === this.roomId && void this.refresh()),
      connection.on("poll:closed", (p) => {
        if (p.roomId !== this.roomId || this.poll?.pollId !== p.pollId) return;
        const mine = this.poll.mine;
        this.poll = { ...p, mine, results: this.#hosting ? (this.poll.results ?? p.results) : p.results };
      }),
      connection.on("poll:results", (e) => {
        if (e.roomId === this.roomId && this.poll?.pollId === e.pollId)
          this.poll = { ...this.poll, results: e.results };
      }),
      connection.onConnect(() => void this.refresh()),
    );
    if (connection.connected) void this.refresh();
    return this;
  }

  close(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  /** Forgets a closed poll on this screen (it stays on the class record). */
  dismiss(): void {
    if (this.poll?.status === "closed") this.poll = null;
  }

  async refresh(): Promise<void> {
    const result = await connection.request("poll:state", { roomId: this.roomId });
    if (result.ok) this.poll = result.data;
  }

  async ask(body: Omit<PollAsk, "roomId">): Promise<void> {
    this.#take(await this.#run("poll:ask", { roomId: this.roomId, ...body }));
  }

  async answer(response: PollResponse): Promise<void> {
    const poll = this.poll;
    if (poll?.status !== "open") return;
    this.#take(await this.#run("poll:answer", { roomId: this.roomId, pollId: poll.pollId, response }));
  }

  async closePoll(): Promise<void> {
    const poll = this.poll;
    if (poll) this.#take(await this.#run("poll:close", { roomId: this.roomId, pollId: poll.pollId }));
  }

  #take(view: PollView | undefined): void {
    if (view) this.poll = view;
  }

  /** Only instructors get results before the close. */
  get #hosting(): boolean {
    return this.poll?.status === "open" && this.poll.results !== null;
  }

  async #run<K extends Extract<CommandName, `poll:${string}`>>(
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
