import type { NotificationKind, WordingParams } from "@chalkline/shared";
import { isDuplicateKey } from "../../platform/mongo";
import type { NotificationsService } from "../notifications/notifications.service";
import { RoomMember } from "../rooms/rooms.model";
import { ClassNotice, LiveClass, type LiveClassDoc } from "./live.model";

export interface ClassNoticeSettings {
  /** How long before a scheduled class its learners are reminded. */
  reminderLeadMs: number;
  /** How often each node looks for classes due a reminder. */
  sweepMs: number;
  onError: (error: unknown) => void;
}

/** Classes one sweep reminds at most; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

type ClassNoticeKind = Extract<NotificationKind, "class_reminder" | "class_started">;

/**
 * Tells a class's learners it starts soon and that it started. Reminders come from a sweep every
 * node runs over the classes due within the lead time, so a reminder survives any node's restart
 * (no timer holds it); each notice is claimed first by inserting `<classId>:<kind>`, so of every
 * node and sweep exactly one sends it. A node dying between the claim and the send loses that
 * notice rather than risking it twice.
 */
export class ClassNotices {
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | null = null;

  private constructor(
    private readonly notifications: NotificationsService,
    private readonly settings: ClassNoticeSettings,
  ) {}

  /** Starts sweeping at once and every `sweepMs`. */
  static start(notifications: NotificationsService, settings: ClassNoticeSettings): ClassNotices {
    const notices = new ClassNotices(notifications, settings);
    notices.#tick();
    notices.#timer = setInterval(() => notices.#tick(), settings.sweepMs);
    notices.#timer.unref();
    return notices;
  }

  /** Reminds the learners of every class that starts within the lead time and was not reminded yet. */
  async sweep(now = new Date()): Promise<void> {
    const due = await LiveClass.find({
      status: "scheduled",
      scheduledAt: { $gt: now, $lte: new Date(now.getTime() + this.settings.reminderLeadMs) },
    })
      .sort({ scheduledAt: 1 })
      .limit(SWEEP_BATCH);
    for (const liveClass of due) {
      const minutes = Math.max(1, Math.round((liveClass.scheduledAt.getTime() - now.getTime()) / 60_000));
      await this.#announce(liveClass, "class_reminder", `“${liveClass.title}” starts in ${minutes} min`, { minutes });
    }
  }

  /** The class went live: its learners hear it once, however many nodes saw it start. */
  started(liveClass: LiveClassDoc): Promise<void> {
    return this.#announce(liveClass, "class_started", `“${liveClass.title}” has started: join now`, {});
  }

  /** Stops sweeping, after the sweep under way (so it does not outlive the database connection). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
  }

  #tick(): void {
    // One sweep at a time per node: a slow one is not stacked on.
    this.#sweeping ??= this.sweep()
      .catch(this.settings.onError)
      .finally(() => {
        this.#sweeping = null;
      });
  }

  async #announce(liveClass: LiveClassDoc, kind: ClassNoticeKind, text: string, params: WordingParams): Promise<void> {
    if (!(await claim(`${liveClass.id}:${kind}`))) return;
    const learners = await RoomMember.find(
      { roomId: liveClass.roomId, removedAt: null, moderator: false },
      { userId: 1 },
    ).lean();
    await this.notifications.notify(
      learners.map((member) => String(member.userId)),
      {
        kind,
        text,
        wording: { id: kind, params: { ...params, title: liveClass.title } },
        roomId: String(liveClass.roomId),
      },
    );
  }
}

async function claim(id: string): Promise<boolean> {
  try {
    await ClassNotice.create({ _id: id });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
