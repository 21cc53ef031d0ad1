import type {
  BreakoutBroadcast,
  BreakoutGrid,
  BreakoutSessionView,
  BreakoutSnapshot,
  BroadcastBody,
  PlanBreakoutsBody,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { CollabStore } from "../collab/collab.store";
import { LiveClass } from "../live/live.model";
import { type Actor, moderatorIds, type RoomAccess, requireModerator, roomAccess } from "../rooms/rooms.access";
import { RoomMember } from "../rooms/rooms.model";
import type { UploadsService } from "../uploads/uploads.service";
import { planFrom } from "./breakouts.groups";
import { BreakoutSession, type BreakoutSessionDoc, GroupSet } from "./breakouts.model";
import { admit, dismiss, openRooms } from "./breakouts.rooms";
import { assignmentsOf, toSessionView } from "./breakouts.view";

/** What the breakouts tell the sockets; the composition root carries it out over Socket.IO. */
export interface BreakoutPush {
  /** To the main class room. */
  updated(view: BreakoutSessionView): void;
  /** The users' sockets, on every node, start hearing the breakout room. */
  subscribe(userIds: string[], roomId: string): void;
  /** Everything the user holds in the room ends, on every node (media, documents, presence). */
  evict(roomId: string, userId: string): Promise<void>;
  grid(hostIds: string[], grid: BreakoutGrid): void;
  broadcast(roomIds: string[], message: BreakoutBroadcast): void;
  /** To the main class room: a harvested snapshot to look at together. */
  shown(mainRoomId: string, snapshot: BreakoutSnapshot): void;
  closeMedia(roomId: string): Promise<void>;
}

/** Room ids of a running session by room key. */
function roomIdsByKey(session: BreakoutSessionDoc): Map<string, string> {
  return new Map(session.rooms.flatMap((r) => (r.roomId ? [[r.key, String(r.roomId)] as const] : [])));
}

/**
 * Breakouts of a live class: planning, opening the rooms, the deadline, moves and picks. A breakout
 * room is a room of kind `breakout` whose memberships are the assignment: chat, media, documents and
 * hands check them as they check any room's, so moving a learner is ending one membership and
 * starting another. Ending and harvesting is BreakoutEnder's.
 */
export class BreakoutsService {
  constructor(
    private readonly store: CollabStore,
    private readonly push: BreakoutPush,
    /** Where a broadcast's recorded clip is checked: the caller's own, confirmed, for this class's room. */
    private readonly clips: Pick<UploadsService, "readyUpload">,
  ) {}

  /** The class's open session (planned, running or ending), for its members. */
  async current(liveClassId: string, actor: Actor): Promise<BreakoutSessionView | null> {
    const liveClass = await LiveClass.findById(liveClassId, { roomId: 1 });
    if (!liveClass) throw new AppError("not_found", "no such class");
    await roomAccess(String(liveClass.roomId), actor);
    const session = await BreakoutSession.findOne({ activeKey: liveClassId });
    return session ? toSessionView(session) : null;
  }

  /** Plans (or plans again) the class's next breakouts; a running one must end first. */
  async plan(liveClassId: string, actor: Actor, body: PlanBreakoutsBody): Promise<BreakoutSessionView> {
    const liveClass = await LiveClass.findById(liveClassId);
    if (!liveClass) throw new AppError("not_found", "no such class");
    if (liveClass.status === "ended") throw new AppError("conflict", "this class has ended");
    const mainRoomId = String(liveClass.roomId);
    await requireModerator(mainRoomId, actor);
    const learners = await RoomMember.find({ roomId: mainRoomId, moderator: false, removedAt: null }, { userId: 1 });
    const saved =
      body.grouping.kind === "groupSet"
        ? await GroupSet.findOne({ _id: body.grouping.groupSetId, roomId: mainRoomId })
        : null;
    const plan = planFrom(
      body.grouping,
      learners.map((m) => String(m.userId)),
      saved?.groups.map((g) => ({ name: g.name ?? "", memberIds: g.memberIds })) ?? null,
    );
    const fields = {
      template: body.template,
      rooms: plan.rooms,
      assignments: Object.fromEntries(plan.assignments),
      learnersChoose: plan.learnersChoose,
    };
    let session = await BreakoutSession.findOneAndUpdate(
      { activeKey: liveClassId, status: "planned" },
      { $set: fields },
      { new: true },
    );
    if (!session) {
      if (await BreakoutSession.exists({ activeKey: liveClassId })) {
        throw new AppError("conflict", "breakouts are running in this class; end them first");
      }
      session = await BreakoutSession.create({
        ...fields,
        liveClassId,
        mainRoomId,
        courseId: liveClass.courseId,
        activeKey: liveClassId,
      }).catch((error: unknown) => {
        if (isDuplicateKey(error)) throw new AppError("conflict", "breakouts were planned meanwhile; plan again");
        throw error;
      });
    }
    const view = toSessionView(session);
    this.push.updated(view);
    return view;
  }

  /**
   * Opens the rooms for `durationSeconds`: rooms, documents and memberships first (each safe to
   * make twice), then the session turns running with its deadline; a start that finds it running
   * answers it as it is.
   */
  async start(sessionId: string, actor: Actor, durationSeconds: number): Promise<BreakoutSessionView> {
    const { session } = await this.#moderated(sessionId, actor);
    if (session.status === "running") return toSessionView(session);
    if (session.status !== "planned") throw new AppError("conflict", "these breakouts have ended");
    const live = await LiveClass.exists({ _id: session.liveClassId, status: "live" });
    if (!live) throw new AppError("conflict", "start the class before its breakouts");
    const opened = await openRooms(session, this.store);
    const hosts = await moderatorIds(String(session.mainRoomId));
    const byKey = new Map(opened.map((r) => [r.key, r.roomId]));
    const assignments = [...assignmentsOf(session)];
    await Promise.all([
      ...assignments.map(([userId, key]) => admit(byKey.get(key)!, userId, false)),
      ...opened.flatMap((r) => hosts.map((hostId) => admit(r.roomId, hostId, true))),
    ]);
    const now = new Date();
    const started =
      (await BreakoutSession.findOneAndUpdate(
        { _id: session.id, status: "planned" },
        {
          $set: {
            status: "running",
            startedAt: now,
            endsAt: new Date(now.getTime() + durationSeconds * 1000),
            rooms: opened,
          },
        },
        { new: true },
      )) ?? (await BreakoutSession.findById(session.id));
    if (!started) throw new AppError("not_found", "no such breakouts");
    for (const room of opened) {
      const members = assignments.filter(([, key]) => key === room.key).map(([userId]) => userId);
      this.push.subscribe([...members, ...hosts], room.roomId);
    }
    const view = toSessionView(started);
    this.push.updated(view);
    return view;
  }

  /** Moves the deadline later; each extension adds to the deadline as it stands. */
  async extend(sessionId: string, actor: Actor, seconds: number): Promise<BreakoutSessionView> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { session } = await this.#moderated(sessionId, actor);
      if (session.status !== "running" || !session.endsAt)
        throw new AppError("conflict", "these breakouts are not running");
      const endsAt = new Date(session.endsAt.getTime() + seconds * 1000);
      const extended = await BreakoutSession.findOneAndUpdate(
        { _id: session.id, status: "running", endsAt: session.endsAt },
        { $set: { endsAt } },
        { new: true },
      );
      if (extended) {
        const view = toSessionView(extended);
        this.push.updated(view);
        return view;
      }
    }
    throw new AppError("conflict", "the deadline kept changing; try again");
  }

  /** Instructor: puts a learner in another room now; their chat, documents and media follow. */
  async move(sessionId: string, actor: Actor, userId: string, roomKey: string): Promise<BreakoutSessionView> {
    const { session } = await this.#moderated(sessionId, actor);
    const learner = await RoomMember.exists({ roomId: session.mainRoomId, userId, moderator: false, removedAt: null });
    if (!learner) throw new AppError("not_found", "that user is not a learner of this class");
    return this.#reassign(session, userId, roomKey);
  }

  /** Learner: picks a room, when the instructor let learners choose. */
  async choose(sessionId: string, actor: Actor, roomKey: string): Promise<BreakoutSessionView> {
    const session = await this.#session(sessionId);
    const access = await roomAccess(String(session.mainRoomId), actor);
    if (access.canModerate) throw new AppError("forbidden", "instructors drop in; they do not pick a room");
    if (!session.learnersChoose) throw new AppError("forbidden", "the instructor assigns the rooms of these breakouts");
    return this.#reassign(session, actor.id, roomKey);
  }

  /** A text, a recorded clip or both, to every room of the session at once. */
  async broadcast(sessionId: string, actor: Actor, body: BroadcastBody): Promise<BreakoutBroadcast> {
    const { session } = await this.#moderated(sessionId, actor);
    if (session.status !== "running") throw new AppError("conflict", "these breakouts are not running");
    if (body.audioUploadId) {
      const clip = await this.clips.readyUpload(body.audioUploadId, "broadcast_audio", actor.id);
      if (String(clip.roomId) !== String(session.mainRoomId)) {
        throw new AppError("invalid_payload", "the clip was recorded for another class");
      }
    }
    const message: BreakoutBroadcast = {
      sessionId,
      text: body.text,
      audioUploadId: body.audioUploadId ?? null,
      from: actor,
      at: new Date().toISOString(),
    };
    this.push.broadcast([...roomIdsByKey(session).values()], message);
    return message;
  }

  async #reassign(session: BreakoutSessionDoc, userId: string, roomKey: string): Promise<BreakoutSessionView> {
    if (session.status !== "running") throw new AppError("conflict", "these breakouts are not running");
    const rooms = roomIdsByKey(session);
    const target = rooms.get(roomKey);
    if (!target) throw new AppError("not_found", "no such breakout room");
    const from = assignmentsOf(session).get(userId);
    if (from === roomKey) return toSessionView(session);
    // The new room first: the learner is never in no room; the old one ends before anyone is told.
    await admit(target, userId, false);
    const previous = from ? rooms.get(from) : undefined;
    if (previous) {
      await dismiss(previous, userId);
      await this.push.evict(previous, userId);
    }
    const moved = await BreakoutSession.findOneAndUpdate(
      { _id: session.id, status: "running" },
      { $set: { [`assignments.${userId}`]: roomKey } },
      { new: true },
    );
    if (!moved) throw new AppError("conflict", "these breakouts ended meanwhile");
    this.push.subscribe([userId], target);
    const view = toSessionView(moved);
    this.push.updated(view);
    return view;
  }

  async #session(sessionId: string): Promise<BreakoutSessionDoc> {
    const session = await BreakoutSession.findById(sessionId);
    if (!session) throw new AppError("not_found", "no such breakouts");
    return session;
  }

  async #moderated(sessionId: string, actor: Actor): Promise<{ session: BreakoutSessionDoc; access: RoomAccess }> {
    const session = await this.#session(sessionId);
    return { session, access: await requireModerator(String(session.mainRoomId), actor) };
  }
}
