import mongoose from "mongoose";
import { QuizAttempt, type QuizAttemptRecord } from "../courses/quizzes.model";

/**
 * A live quiz's result for one learner is a quiz attempt like any other (the learner finds it
 * among their attempts at the lesson), marked `live` with the session, their score and rank. It is
 * a discriminator of the courses' attempt model, so it shares their collection and fields.
 */
const liveSchema = new mongoose.Schema(
  {
    live: {
      sessionId: { type: mongoose.Schema.Types.ObjectId, required: true },
      roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
      score: { type: Number, required: true },
      rank: { type: Number, required: true },
      players: { type: Number, required: true },
    },
  },
  { _id: false },
);

export type LiveQuizAttemptRecord = QuizAttemptRecord & {
  live: {
    sessionId: mongoose.Types.ObjectId;
    roomId: mongoose.Types.ObjectId;
    score: number;
    rank: number;
    players: number;
  };
};

export const LiveQuizAttempt = QuizAttempt.discriminator<LiveQuizAttemptRecord>("LiveQuizAttempt", liveSchema);
