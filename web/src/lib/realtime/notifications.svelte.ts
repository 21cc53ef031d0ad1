/**
 * The signed-in user's notifications: the first page from the server, then live `notification:new`
 * pushes. Pushes are not replayed after a reconnect, so every reconnect reloads the first page.
 */

import type { Notification } from "@chalkline/shared";
import { browser } from "$app/environment";
import { api } from "$lib/api";
import { describeError } from "$lib/errors";
import { connection } from "./connection.svelte";

const PAGE_SIZE = 20;

class Notifications {
  items = $state<Notification[]>([]);
  unread = $state(0);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  #started = false;
  /** Bumped by every reload and reset, so an answer to an older request is dropped. */
  #generation = 0;

  constructor() {
    if (!browser) return;
    connection.on("notification:new", (notification) => this.#add(notification));
    connection.onConnect((reconnected) => {
      if (reconnected && this.#started) void this.load();
    });
  }

  start(): void {
    this.#started = true;
    void this.load();
  }

  reset(): void {
    this.#started = false;
    this.#generation++;
    this.items = [];
    this.unread = 0;
    this.nextCursor = null;
    this.loading = false;
    this.error = null;
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const page = await api.listNotifications({ limit: PAGE_SIZE });
      if (generation !== this.#generation) return;
      this.items = page.notifications;
      this.unread = page.unread;
      this.nextCursor = page.nextCursor;
      this.error = null;
    } catch (failure) {
      if (generation === this.#generation) this.error = describeError(failure);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    if (!cursor || this.loading) return;
    const generation = this.#generation;
    this.loading = true;
    try {
      const page = await api.listNotifications({ cursor, limit: PAGE_SIZE });
      if (generation !== this.#generation) return;
      const known = new Set(this.items.map((item) => item.id));
      this.items.push(...page.notifications.filter((item) => !known.has(item.id)));
      this.unread = page.unread;
      this.nextCursor = page.nextCursor;
    } catch (failure) {
      if (generation === this.#generation) this.error = describeError(failure);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async markRead(ids: string[]): Promise<void> {
    const unreadIds = ids.filter((id) => this.items.some((item) => item.id === id && !item.readAt));
    if (unreadIds.length === 0) return;
    this.#markLocally((item) => unreadIds.includes(item.id));
    await this.#send({ ids: unreadIds });
  }

  async markAllRead(): Promise<void> {
    if (this.unread === 0) return;
    this.#markLocally(() => true);
    await this.#send({ all: true });
  }

  #markLocally(which: (item: Notification) => boolean): void {
    const now = new Date().toISOString();
    let marked = 0;
    for (const item of this.items) {
      if (!item.readAt && which(item)) {
        item.readAt = now;
        marked++;
      }
    }
    this.unread = Math.max(0, this.unread - marked);
  }

  async #send(body: { ids: string[] } | { all: true }): Promise<void> {
    const generation = this.#generation;
    try {
      const unread = await api.markNotificationsRead(body);
      if (generation === this.#generation) this.unread = unread;
    } catch (failure) {
      if (generation !== this.#generation) return;
      this.error = describeError(failure);
      // The server's state is the truth: reload rather than guess which marks were kept.
      void this.load();
    }
  }

  #add(notification: Notification): void {
    if (this.items.some((item) => item.id === notification.id)) return;
    this.items.unshift(notification);
    if (!notification.readAt) this.unread++;
  }
}

export const notifications = new Notifications();
