/**
 * A class room's scheduled classes, as the classroom page needs them: the next ones to start, the
 * one that just ended (its card and attendance stay up after the class), and which class the
 * attendance panel should show.
 */
import type { LiveClassView } from "@chalkline/shared";
import { liveApi } from "$lib/api";

export class ClassSchedule {
  /** Newest first, as the server lists them. */
  classes = $state.raw<LiveClassView[]>([]);
  /** The class taught here last while the page was open. */
  last = $state.raw<LiveClassView | null>(null);

  readonly #roomId: string;

  constructor(roomId: string) {
    this.#roomId = roomId;
  }

  /** Not yet started, soonest first. */
  get upcoming(): LiveClassView[] {
    return this.classes
      .filter((c) => c.status === "scheduled")
      .toSorted((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
  }

  async refresh(): Promise<void> {
    try {
      this.classes = await liveApi.listClasses(this.#roomId);
    } catch {
      // The list only helps to pick a class; starting one that isn't scheduled still works.
    }
  }

  /** The class on now, from the live state; remembered after it ends. */
  seen(current: LiveClassView | null): void {
    if (current) this.last = current;
  }

  added(created: LiveClassView): void {
    this.classes = [created, ...this.classes.filter((c) => c.id !== created.id)];
  }

  /** The class that ended while the page was open, once no class is on. */
  ended(open: boolean): LiveClassView | null {
    const last = this.last;
    if (open || !last) return null;
    return this.classes.find((c) => c.id === last.id) ?? last;
  }

  /** The class whose attendance to show: the one on now, else the last one taught. */
  attendanceFor(current: LiveClassView | null): string | null {
    return current?.id ?? this.last?.id ?? this.classes.find((c) => c.status !== "scheduled")?.id ?? null;
  }
}
