import { setTimeout as sleep } from "node:timers/promises";
import type { BreakoutSessionView } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { CollabStore } from "../collab/collab.store";
import { type Actor, requireModerator } from "../rooms/rooms.access";
import { RoomMember } from "../rooms/rooms.model";
import { harvestRoom } from "./breakouts.harvest";
import { BreakoutSession, type BreakoutSessionDoc } from "./breakouts.model";
import { dismiss } from "./breakouts.rooms";
import type { BreakoutPush } from "./breakouts.service";
import { toSessionView } from "./breakouts.view";

/** How long a node ending a session holds it; past this, another node's sweep takes over. */
const ENDING_LEASE_MS = 30_000;
/**
 * A node stores the changes its documents receive a round trip after relaying them; once the
 * connections are closed, this leaves the last ones time to reach the store before it is read.
 */
const HARVEST_SETTLE_MS = 1_000;
/** Sessions one sweep ends at most; the next sweep takes the rest. */
const SWEEP_BATCH = 20;

/**
 * Ends breakouts, by the instructor or at the deadline: learners leave their rooms (and return to
 * the main class), then each room is harvested, then the session is ended. The deadline lives in
 * the session's document and every node sweeps for passed ones, so it fires whichever nodes are
 * alive; a node that dies while ending leaves the session `ending`, and once its lease passes
 * another node runs the whole ending again, which is safe to repeat.
 */
export class BreakoutEnder {
  constructor(
    private readonly store: CollabStore,
    private readonly push: BreakoutPush,
  ) {}

  async end(sessionId: string, actor: Actor): Promise<BreakoutSessionView> {
    const session = await BreakoutSession.findById(sessionId);
    if (!session) throw new AppError("not_found", "no such breakouts");
    await requireModerator(String(session.mainRoomId), actor);
    return this.#endSession(session);
  }

  /** The live class ended: its breakouts end with it, harvested like any other ending. */
  async endOfClass(liveClassId: string): Promise<void> {
    const session = await BreakoutSession.findOne({ activeKey: liveClassId });
    if (session) await this.#endSession(session);
  }

  async #endSession(session: BreakoutSessionDoc): Promise<BreakoutSessionView> {
    if (session.status === "planned") {
      // Never opened: nothing to harvest, the plan is simply dropped.
      const dropped = await BreakoutSession.findOneAndUpdate(
        { _id: session.id, status: "planned" },
        { $set: { status: "ended", endedAt: new Date(), activeKey: session.id } },
        { new: true },
      );
      if (dropped) return this.#told(dropped);
    }
    return this.#told(await this.#finish(session.id));
  }

  /** Ends every session past its deadline, and every ending abandoned by a node that died. */
  async sweep(now = new Date()): Promise<void> {
    const due = await BreakoutSession.find({
      $or: [
        { status: "running", endsAt: { $lte: now } },
        { status: "ending", endingUntil: { $lte: now } },
      ],
    }).limit(SWEEP_BATCH);
    for (const session of due) this.#told(await this.#finish(session.id));
  }

  /** Claims the session and ends it; answers it as it stands when another node holds it. */
  async #finish(sessionId: string): Promise<BreakoutSessionDoc> {
    const now = new Date();
    const claimed = await BreakoutSession.findOneAndUpdate(
      {
        _id: sessionId,
        $or: [{ status: "running" }, { status: "ending", endingUntil: { $lte: now } }],
      },
      { $set: { status: "ending", endingUntil: new Date(now.getTime() + ENDING_LEASE_MS) } },
      { new: true },
    );
    if (!claimed) {
      const current = await BreakoutSession.findById(sessionId);
      if (!current) throw new AppError("not_found", "no such breakouts");
      return current;
    }
    // Out first, so nothing changes while the rooms are copied.
    for (const room of claimed.rooms) {
      if (!room.roomId) continue;
      const roomId = String(room.roomId);
      const learners = await RoomMember.find({ roomId, moderator: false, removedAt: null }, { userId: 1 });
      for (const member of learners) {
        await dismiss(roomId, String(member.userId));
        await this.push.evict(roomId, String(member.userId));
      }
    }
    await sleep(HARVEST_SETTLE_MS);
    await Promise.all(claimed.rooms.map((room) => harvestRoom(claimed, room, this.store)));
    await Promise.all(
      claimed.rooms.flatMap((room) => (room.roomId ? [this.push.closeMedia(String(room.roomId))] : [])),
    );
    const ended = await BreakoutSession.findOneAndUpdate(
      { _id: sessionId, status: "ending" },
      { $set: { status: "ended", endedAt: new Date(), endingUntil: null, activeKey: sessionId } },
      { new: true },
    );
    return ended ?? ((await BreakoutSession.findById(sessionId)) as BreakoutSessionDoc);
  }

  #told(session: BreakoutSessionDoc): BreakoutSessionView {
    const view = toSessionView(session);
    this.push.updated(view);
    return view;
  }
}
