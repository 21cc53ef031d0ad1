/**
 * The signed-in user's rooms and their unread counts. `GET /api/rooms` gives the starting point;
 * live `chat:sent` pushes then move each room's `lastSeq` and `unread`, except for the room on screen,
 * which reports its own read position. A reconnect reloads the list, since pushes are not replayed.
 */

import type { ChatMessage, RoomView } from "@chalkline/shared";
import { browser } from "$app/environment";
import { api } from "$lib/api";
import { auth } from "$lib/auth.svelte";
import { describeError } from "$lib/errors";
import { connection } from "./connection.svelte";

/** A burst of messages from rooms not in the list yet (a new direct message) triggers one reload. */
const UNKNOWN_ROOM_RELOAD_MS = 500;

/** Applies a `room:updated` push: only room-wide fields, since unread and permissions are the caller's own. */
export function mergeRoomUpdate(held: RoomView, update: RoomView): RoomView {
  return {
    ...held,
    name: update.name,
    locked: update.locked,
    slowModeSeconds: update.slowModeSeconds,
    memberLimit: update.memberLimit,
    lastSeq: Math.max(held.lastSeq, update.lastSeq),
  };
}

class RoomList {
  rooms = $state<RoomView[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The room whose page is open: it counts its own unread messages. */
  viewing: string | null = null;

  readonly totalUnread = $derived(this.rooms.reduce((sum, room) => sum + room.unread, 0));

  #started = false;
  #latestLoad = 0;
  #reloadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    if (!browser) return;
    connection.on("chat:sent", (message) => this.#onMessage(message));
    connection.on("room:updated", (update) => {
      const index = this.rooms.findIndex((room) => room.id === update.id);
      if (index >= 0) this.rooms[index] = mergeRoomUpdate(this.rooms[index]!, update);
    });
    connection.on("room:removed", ({ roomId }) => this.forget(roomId));
    connection.onConnect((reconnected) => {
      if (reconnected && this.#started) void this.load();
    });
  }

  start(): void {
    this.#started = true;
    void this.load();
  }

  /** Forgets everything (the next user starts clean). */
  reset(): void {
    this.#started = false;
    this.#latestLoad++;
    clearTimeout(this.#reloadTimer);
    this.rooms = [];
    this.loaded = false;
    this.error = null;
    this.viewing = null;
  }

  async load(): Promise<void> {
    const request = ++this.#latestLoad;
    try {
      const rooms = await api.listRooms();
      if (request !== this.#latestLoad) return;
      this.rooms = rooms;
      this.error = null;
    } catch (failure) {
      if (request === this.#latestLoad) this.error = describeError(failure);
    } finally {
      if (request === this.#latestLoad) this.loaded = true;
    }
  }

  get(roomId: string): RoomView | undefined {
    return this.rooms.find((room) => room.id === roomId);
  }

  /** Adds or replaces a room the user just created, joined or opened. */
  upsert(room: RoomView): void {
    const index = this.rooms.findIndex((held) => held.id === room.id);
    if (index >= 0) this.rooms[index] = room;
    else this.rooms.push(room);
  }

  /** The room page read up to `lastSeq`, and the server says this many are still unread. */
  setUnread(roomId: string, unread: number, lastSeq?: number): void {
    const room = this.get(roomId);
    if (!room) return;
    room.unread = unread;
    if (lastSeq !== undefined) room.lastSeq = Math.max(room.lastSeq, lastSeq);
  }

  forget(roomId: string): void {
    this.rooms = this.rooms.filter((room) => room.id !== roomId);
  }

  #onMessage(message: ChatMessage): void {
    const room = this.get(message.roomId);
    if (!room) {
      if (this.#started && this.loaded) this.#reloadSoon();
      return;
    }
    if (message.seq <= room.lastSeq) return;
    const counts = this.viewing !== room.id && message.author.id !== auth.user?.id;
    // Seqs are gapless: a jump means messages whose pushes were missed, and they are unread too.
    if (counts) room.unread += message.seq - room.lastSeq;
    room.lastSeq = message.seq;
  }

  #reloadSoon(): void {
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => void this.load(), UNKNOWN_ROOM_RELOAD_MS);
  }
}

export const roomList = new RoomList();
