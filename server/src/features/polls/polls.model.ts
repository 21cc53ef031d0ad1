import { POLL_KINDS } from "@chalkline/shared";
import mongoose from "mongoose";

/**
 * A closed poll and its results, kept with its live class. Keyed by the poll's id: storing it again
 * (a second close, another node closing at once) finds it there instead of adding a second.
 */
const pollRecordSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    liveClassId: { type: mongoose.Schema.Types.ObjectId, required: true },
    askedBy: { type: mongoose.Schema.Types.ObjectId, required: true },
    question: { type: String, required: true },
    kind: { type: String, enum: POLL_KINDS, required: true },
    options: { type: [String], default: [] },
    anonymous: { type: Boolean, required: true },
    askedAt: { type: Date, required: true },
    closedAt: { type: Date, required: true },
    /** As the instructors saw them at the close (an anonymous poll's carry no names). */
    results: {
      answered: { type: Number, required: true },
      counts: { type: [Number], default: [] },
      responses: [
        {
          _id: false,
          user: { type: { _id: false, id: String, displayName: String }, default: null },
          choices: { type: [Number], default: [] },
          text: { type: String, default: null },
        },
      ],
    },
  },
  { versionKey: false },
);
// A class's polls in the order they were asked.
pollRecordSchema.index({ liveClassId: 1, askedAt: 1 });
export const PollRecord = mongoose.model("PollRecord", pollRecordSchema, "polls");
