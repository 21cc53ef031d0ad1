import mongoose from "mongoose";
import { GroupCommit } from "../../platform/group-commit";
import { AttendanceInterval } from "./live.model";

/** Stretches written per statement at most. */
const MAX_BATCH = 500;

interface OpenStretch {
  _id: mongoose.Types.ObjectId;
  liveClassId: string;
  userId: string;
  socketId: string;
  joinedAt: Date;
}

/**
 * Attendance stretches written the way chat messages are (chat.sequencer.ts): the joins that arrive
 * while a batch is being written go together in the next, one insertMany each, and each caller is
 * answered with its batch's outcome; leaves likewise, one updateMany by `_id` each. So a class that
 * fills up at once costs a few statements instead of one per socket, and no join or leave looks its
 * stretch up with a query over attendanceIntervals. Which stretch a socket has open is known here:
 * a socket's media joins and leaves are handled by the node it is connected to.
 */
export class AttendanceWriter {
  /** "<liveClassId>:<socketId>" → the socket's open stretch and its insert. */
  readonly #open = new Map<string, { id: mongoose.Types.ObjectId; written: Promise<void> }>();
  readonly #joins = new GroupCommit<OpenStretch, undefined>(insertStretches, MAX_BATCH, "attendance-joins");
  readonly #leaves = new GroupCommit<mongoose.Types.ObjectId, undefined>(
    closeStretches,
    MAX_BATCH,
    "attendance-leaves",
  );

  /** A socket entered the class's media; a socket already in it keeps its open stretch. */
  async join(liveClassId: string, userId: string, socketId: string): Promise<void> {
    const key = `${liveClassId}:${socketId}`;
    const open = this.#open.get(key);
    if (open) return open.written;
    const id = new mongoose.Types.ObjectId();
    const written = this.#joins.submit({ _id: id, liveClassId, userId, socketId, joinedAt: new Date() });
    this.#open.set(key, { id, written });
    try {
      await written;
    } catch (error) {
      if (this.#open.get(key)?.id === id) this.#open.delete(key);
      throw error;
    }
  }

  async leave(liveClassId: string, socketId: string): Promise<void> {
    const key = `${liveClassId}:${socketId}`;
    const open = this.#open.get(key);
    this.#open.delete(key);
    if (open) {
      // Closed after it is stored, or the close would find nothing to close.
      if (await open.written.then(() => true).catch(() => false)) await this.#leaves.submit(open.id);
      return;
    }
    // Not opened through this node (it restarted, or another process wrote it): found by query.
    await AttendanceInterval.updateMany({ liveClassId, socketId, leftAt: null }, { $set: { leftAt: new Date() } });
  }
}

async function insertStretches(stretches: OpenStretch[]): Promise<undefined[]> {
  await AttendanceInterval.insertMany(
    stretches.map((s) => ({ ...s, leftAt: null })),
    { ordered: false },
  );
  return stretches.map(() => undefined);
}

async function closeStretches(ids: mongoose.Types.ObjectId[]): Promise<undefined[]> {
  // A class that ended meanwhile closed them already, at its end.
  await AttendanceInterval.updateMany({ _id: { $in: ids }, leftAt: null }, { $set: { leftAt: new Date() } });
  return ids.map(() => undefined);
}
