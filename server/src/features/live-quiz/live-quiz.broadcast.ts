import type { ServerToClientEvents } from "@chalkline/shared";
import { Coalescer } from "../leaderboards/leaderboards.coalesce";
import type { LiveQuizSession, LiveQuizStore } from "./live-quiz.store";
import { revealFor, standingsFor } from "./live-quiz.view";

type LiveQuizEvent = Extract<keyof ServerToClientEvents, `live-quiz:${string}`>;
export type LiveQuizPayload<E extends LiveQuizEvent> = Parameters<ServerToClientEvents[E]>[0];

/** Who a push goes to: the whole class room, one user's sockets, or the room's quiz hosts. */
export type PushTarget = { room: string } | { user: string } | { hosts: string };

/** How the service reaches sockets without knowing Socket.IO (wired in live-quiz.socket.ts). */
export interface LiveQuizPush {
  send<E extends LiveQuizEvent>(target: PushTarget, event: E, payload: LiveQuizPayload<E>): void;
}

/** Answered counts reach the hosts at most this often per question and node. */
const ANSWERED_PUSH_MS = 250;

/**
 * The live quiz's personal pushes: reveals and the end go to each follower with their own result
 * and place (and once to the hosts, without), answered counts to the hosts, coalesced.
 */
export class LiveQuizBroadcast {
  readonly #answered: Coalescer;

  constructor(
    private readonly store: LiveQuizStore,
    private readonly push: LiveQuizPush,
    onError: (error: unknown) => void,
  ) {
    this.#answered = new Coalescer(ANSWERED_PUSH_MS, (key) => this.#pushAnswered(key), onError);
  }

  /** Someone answered question `index`, or started following: the hosts hear of it soon. */
  countsChanged(session: LiveQuizSession, index: number): void {
    this.#answered.touch(`${session.roomId}|${session.id}|${index}`);
  }

  async reveal(session: LiveQuizSession, index: number): Promise<void> {
    const [answers, ranked, joined] = await Promise.all([
      this.store.answersTo(session.id, index),
      this.store.ranked(session.id),
      this.store.joined(session.id),
    ]);
    this.push.send({ hosts: session.roomId }, "live-quiz:reveal", revealFor(session, index, answers, ranked, null));
    for (const userId of joined) {
      this.push.send({ user: userId }, "live-quiz:reveal", revealFor(session, index, answers, ranked, userId));
    }
  }

  async ended(session: LiveQuizSession): Promise<void> {
    const [ranked, joined] = await Promise.all([this.store.ranked(session.id), this.store.joined(session.id)]);
    const base = { roomId: session.roomId, sessionId: session.id, asked: session.index + 1 };
    this.push.send({ hosts: session.roomId }, "live-quiz:ended", { ...base, standings: standingsFor(ranked, null) });
    for (const userId of joined) {
      this.push.send({ user: userId }, "live-quiz:ended", { ...base, standings: standingsFor(ranked, userId) });
    }
  }

  close(): void {
    this.#answered.close();
  }

  async #pushAnswered(key: string): Promise<void> {
    const [roomId, sessionId, index] = key.split("|") as [string, string, string];
    const counts = await this.store.counts(sessionId, Number(index));
    this.push.send({ hosts: roomId }, "live-quiz:answered-count", {
      roomId,
      sessionId,
      index: Number(index),
      ...counts,
    });
  }
}
