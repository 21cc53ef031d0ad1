/**
 * What the instructor does to the class: start and end it, bring learners on stage and take them
 * off, close one microphone or all of them, and hold everyone muted. The server checks every right;
 * the answers that carry the new state update the session at once, before its push arrives.
 */
import type { Ack, LiveState } from "@chalkline/shared";
import { describeErrorBody } from "$lib/errors";
import type { CommandPayload } from "$lib/realtime/commands";
import { connection } from "$lib/realtime/connection.svelte";
import type { LiveCommand } from "./signal";

/** The part of the session moderation reports to. */
export interface ModeratedSession {
  readonly roomId: string;
  applyState(state: LiveState): void;
  say(text: string): void;
}

export class LiveModeration {
  /** A command is on its way; buttons wait for it. */
  busy = $state(false);

  readonly #session: ModeratedSession;

  constructor(session: ModeratedSession) {
    this.#session = session;
  }

  /** Starts the scheduled class named, or the next one due, or an unscheduled one. */
  start(liveClassId?: string): Promise<boolean> {
    const roomId = this.#session.roomId;
    return this.#withState("live:start", liveClassId ? { roomId, liveClassId } : { roomId });
  }

  end(): Promise<boolean> {
    return this.#withState("live:end", { roomId: this.#session.roomId });
  }

  setStage(userId: string, onStage: boolean): Promise<boolean> {
    return this.#withState("live:stage", { roomId: this.#session.roomId, userId, onStage });
  }

  async mute(userId: string): Promise<boolean> {
    return (await this.#run("live:mute", { roomId: this.#session.roomId, userId })).ok;
  }

  /** Closes every learner's microphone; `hard` also keeps them from unmuting. */
  muteAll(hard: boolean): Promise<boolean> {
    return this.#withState("live:mute-all", { roomId: this.#session.roomId, hard });
  }

  setHardMute(on: boolean): Promise<boolean> {
    return this.#withState("live:hard-mute", { roomId: this.#session.roomId, on });
  }

  async #withState<K extends "live:start" | "live:end" | "live:stage" | "live:mute-all" | "live:hard-mute">(
    event: K,
    payload: CommandPayload<K>,
  ): Promise<boolean> {
    const result = (await this.#run(event, payload)) as Ack<LiveState>;
    if (result.ok) this.#session.applyState(result.data);
    return result.ok;
  }

  async #run<K extends LiveCommand>(event: K, payload: CommandPayload<K>): Promise<Ack<unknown>> {
    this.busy = true;
    try {
      const result = await connection.request(event, payload);
      if (!result.ok) this.#session.say(describeErrorBody(result.error));
      return result;
    } finally {
      this.busy = false;
    }
  }
}
