/**
 * A room's live quiz as this viewer sees it, kept in step with the server: `live-quiz:state` on
 * every (re)connect and launch (so a reload lands back in the current question with its score),
 * then the pushes. The podium comes only from the end's push, so it shows once. Hosts also launch
 * and step through it; learners answer.
 */
import type {
  LiveQuizEnded,
  LiveQuizQuestion,
  LiveQuizReveal,
  LiveQuizStanding,
  LiveQuizView,
  QuizAnswer,
} from "@chalkline/shared";
import { describeErrorBody } from "$lib/errors";
import type { CommandName, CommandPayload, CommandResult } from "$lib/realtime/commands";
import { connection } from "$lib/realtime/connection.svelte";
import { clockOffset, remainingMs } from "./clock";

/** A question still shown as open this long after its deadline asks the server where things stand. */
const REVEAL_GRACE_MS = 3_000;

export class LiveQuiz {
  view = $state<LiveQuizView | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** Each player's rank before the latest standings, for the movement arrows. */
  previousRanks = $state(new Map<string, number>());

  readonly roomId: string;
  #offset = 0;
  #stops: Array<() => void> = [];
  #stale: ReturnType<typeof setTimeout> | undefined;

  constructor(roomId: string) {
    this.roomId = roomId;
  }

  open(): this {
    this.#stops.push(
      connection.on("live-quiz:launched", (e) => e.roomId === this.roomId && void this.refresh()),
      connection.on("live-quiz:question", (e) => e.roomId === this.roomId && this.#question(e)),
      connection.on("live-quiz:reveal", (e) => e.roomId === this.roomId && this.#reveal(e)),
      connection.on("live-quiz:ended", (e) => e.roomId === this.roomId && this.#ended(e)),
      connection.on("live-quiz:answered-count", (e) => {
        const view = this.view;
        if (view?.sessionId === e.sessionId && view.index === e.index) {
          this.view = { ...view, answered: Math.max(view.answered, e.answered), joined: e.joined };
        }
      }),
      connection.onConnect(() => void this.refresh()),
    );
    if (connection.connected) void this.refresh();
    return this;
  }

  close(): void {
    clearTimeout(this.#stale);
    for (const stop of this.#stops.splice(0)) stop();
  }

  /** Milliseconds left on the open question, on the server's clock. */
  remaining(now = Date.now()): number {
    const deadline = this.view?.deadline;
    return deadline == null ? 0 : remainingMs(deadline, this.#offset, now);
  }

  async refresh(): Promise<void> {
    const result = await connection.request("live-quiz:state", { roomId: this.roomId });
    if (result.ok) this.#apply(result.data);
  }

  async answer(answer: QuizAnswer): Promise<void> {
    const view = this.view;
    if (view?.status !== "question" || view.myAnswer) return;
    const { sessionId, index: questionIndex } = view;
    const answered = await this.#run("live-quiz:answer", { roomId: this.roomId, sessionId, questionIndex, answer });
    if (answered && this.view?.sessionId === sessionId && this.view.index === questionIndex) {
      this.view = { ...this.view, myAnswer: answered.answer };
    }
  }

  async launch(lessonId: string, secondsPerQuestion: number): Promise<void> {
    this.#apply(await this.#run("live-quiz:launch", { roomId: this.roomId, lessonId, secondsPerQuestion }));
  }

  async step(command: "live-quiz:next" | "live-quiz:reveal" | "live-quiz:end"): Promise<void> {
    const sessionId = this.view?.sessionId;
    if (sessionId) this.#apply(await this.#run(command, { roomId: this.roomId, sessionId }));
  }

  /** Hides an ended quiz's podium until the next launch. */
  dismiss(): void {
    this.view = null;
  }

  async #run<K extends CommandName>(event: K, payload: CommandPayload<K>): Promise<CommandResult<K> | null> {
    this.busy = true;
    this.error = null;
    try {
      const result = await connection.request(event, payload);
      if (result.ok) return result.data;
      this.error = describeErrorBody(result.error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  #apply(view: LiveQuizView | null): void {
    if (view === null) {
      // The server forgets ended quizzes; a podium on screen stays until its Close, even across a reconnect.
      if (this.view?.status !== "ended") this.view = null;
      return;
    }
    this.#offset = clockOffset(view.serverNow, Date.now());
    this.#standings(this.view?.sessionId === view.sessionId ? this.view.standings.top : [], view.standings.top);
    this.view = view;
    this.#watchDeadline();
  }

  #question(event: LiveQuizQuestion): void {
    const view = this.view;
    if (view?.sessionId !== event.sessionId) {
      void this.refresh();
      return;
    }
    this.#offset = clockOffset(event.serverNow, Date.now());
    this.error = null;
    this.view = {
      ...view,
      status: "question",
      index: event.index,
      question: event.question,
      deadline: event.deadline,
      serverNow: event.serverNow,
      myAnswer: null,
      answered: 0,
      reveal: null,
    };
    this.#watchDeadline();
  }

  #reveal(event: LiveQuizReveal): void {
    const view = this.view;
    if (view?.sessionId !== event.sessionId) {
      void this.refresh();
      return;
    }
    this.#standings(view.standings.top, event.standings.top);
    this.view = {
      ...view,
      status: "reveal",
      index: event.index,
      deadline: null,
      myAnswer: event.mine?.answer ?? view.myAnswer,
      answered: event.answered,
      reveal: event,
      standings: event.standings,
    };
  }

  #ended(event: LiveQuizEnded): void {
    const view = this.view;
    if (view?.sessionId !== event.sessionId) {
      void this.refresh();
      return;
    }
    this.#standings(view.standings.top, event.standings.top);
    this.view = { ...view, status: "ended", deadline: null, reveal: null, standings: event.standings };
  }

  #standings(before: LiveQuizStanding[], after: LiveQuizStanding[]): void {
    if (before.length === 0 && after.length === 0) return;
    this.previousRanks = new Map(before.map((s) => [s.user.id, s.rank]));
  }

  /** Should the reveal push be lost (its node died midway), ask again a little after the deadline. */
  #watchDeadline(): void {
    clearTimeout(this.#stale);
    if (this.view?.status !== "question") return;
    const { sessionId, index } = this.view;
    this.#stale = setTimeout(() => {
      if (this.view?.sessionId === sessionId && this.view.index === index && this.view.status === "question") {
        void this.refresh();
      }
    }, this.remaining() + REVEAL_GRACE_MS);
  }
}
