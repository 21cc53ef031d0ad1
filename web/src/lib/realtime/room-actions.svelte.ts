/**
 * What a person can do in an open room besides sending: change their messages, react, raise a hand,
 * and — for moderators — mute, remove, lock, slow down and clear. The server checks every right;
 * a refusal is kept in `error`, in words, for the page to show beside the composer.
 */

import type { Ack, ChatMessage, REACTION_EMOJI } from "@chalkline/shared";
import { describeErrorBody } from "$lib/errors";
import type { CommandName, CommandPayload, CommandResult } from "./commands";
import { connection } from "./connection.svelte";
import type { LiveRoom } from "./room.svelte";

const ERROR_SHOWN_MS = 8_000;

export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

export class RoomActions {
  error = $state<string | null>(null);

  readonly #room: LiveRoom;
  #errorTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(room: LiveRoom) {
    this.#room = room;
  }

  dismissError(): void {
    clearTimeout(this.#errorTimer);
    this.error = null;
  }

  async edit(message: ChatMessage, text: string): Promise<boolean> {
    const result = await this.#run("chat:edit", { roomId: this.#room.id, messageId: message.id, text });
    if (result.ok) this.#room.add([result.data]);
    return result.ok;
  }

  async delete(message: ChatMessage): Promise<boolean> {
    const result = await this.#run("chat:delete", { roomId: this.#room.id, messageId: message.id });
    if (result.ok) this.#room.add([result.data]);
    return result.ok;
  }

  /** Adds the signed-in user's reaction, or takes it back when already there. */
  async react(message: ChatMessage, emoji: ReactionEmoji): Promise<void> {
    const self = this.#room.selfId;
    const on = !(self && message.reactions[emoji]?.includes(self));
    const result = await this.#run("chat:react", { roomId: this.#room.id, messageId: message.id, emoji, on });
    if (result.ok) this.#room.add([result.data]);
  }

  /** 0 minutes lifts the mute. */
  async mute(userId: string, minutes: number): Promise<void> {
    const result = await this.#run("mod:mute", { roomId: this.#room.id, userId, minutes });
    // The room hears of it through `room:member-muted`; this shows it at once to the moderator.
    if (result.ok) {
      this.#room.presence.muted(userId, minutes ? new Date(Date.now() + minutes * 60_000).toISOString() : null);
    }
  }

  async removeMember(userId: string): Promise<void> {
    const result = await this.#run("mod:remove", { roomId: this.#room.id, userId });
    if (result.ok) this.#room.presence.removed(userId);
  }

  async lock(locked: boolean): Promise<void> {
    const result = await this.#run("mod:lock", { roomId: this.#room.id, locked });
    if (result.ok) this.#room.room = result.data;
  }

  async slowMode(seconds: number): Promise<void> {
    const result = await this.#run("mod:slow-mode", { roomId: this.#room.id, seconds });
    if (result.ok) this.#room.room = result.data;
  }

  async clearChat(): Promise<void> {
    const result = await this.#run("mod:clear", { roomId: this.#room.id });
    if (result.ok) this.#room.cleared(result.data.clearedUpToSeq);
  }

  async raiseHand(): Promise<void> {
    const result = await this.#run("hand:raise", { roomId: this.#room.id });
    if (result.ok) this.#room.setHands(result.data);
  }

  /** Lowers the user's own hand, or — for moderators — anyone's. */
  async lowerHand(userId: string): Promise<void> {
    const result = await this.#run("hand:lower", { roomId: this.#room.id, userId });
    if (result.ok) this.#room.setHands(result.data);
  }

  async answerHand(userId: string): Promise<void> {
    const result = await this.#run("hand:answer", { roomId: this.#room.id, userId });
    if (result.ok) this.#room.setHands(result.data);
  }

  async clearHands(): Promise<void> {
    const result = await this.#run("hand:clear", { roomId: this.#room.id });
    if (result.ok) this.#room.setHands(result.data);
  }

  /** Leaves a study room for good (the invite code lets one back in); true once left. */
  async quit(): Promise<boolean> {
    return (await this.#run("room:quit", { roomId: this.#room.id })).ok;
  }

  async callInstructor(): Promise<boolean> {
    return (await this.#run("hand:call-instructor", { roomId: this.#room.id })).ok;
  }

  async #run<K extends CommandName>(event: K, payload: CommandPayload<K>): Promise<Ack<CommandResult<K>>> {
    this.dismissError();
    const result = await connection.request(event, payload);
    if (!result.ok) {
      this.error = describeErrorBody(result.error);
      this.#errorTimer = setTimeout(() => this.dismissError(), ERROR_SHOWN_MS);
    }
    return result;
  }
}
