import type { CodeShare, RunOutput, TestResult } from "@chalkline/shared";
import mongoose, { type HydratedDocument } from "mongoose";

/**
 * Every graded code submission, like quiz attempts: one per learner per submission, and one per
 * member for a group's. `failed` names the failed tests by their source, hidden ones included, for
 * the instructor's statistics; it is never part of what a learner is sent.
 */
const codeAttemptSchema = new mongoose.Schema(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    courseId: { type: mongoose.Schema.Types.ObjectId, required: true },
    lessonId: { type: mongoose.Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    passed: { type: Boolean, required: true },
    passedTests: { type: Number, required: true },
    totalTests: { type: Number, required: true },
    tests: { type: [mongoose.Schema.Types.Mixed], required: true },
    output: { type: mongoose.Schema.Types.Mixed, required: true },
    failed: { type: [mongoose.Schema.Types.Mixed], default: [] },
    group: { type: mongoose.Schema.Types.Mixed, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, minimize: false },
);
codeAttemptSchema.index({ lessonId: 1, userId: 1, createdAt: -1 });

export interface CodeAttemptGroup {
  /** Shared by the attempts one group submission stored for its members. */
  submissionId: string;
  roomId: string;
  docId: string;
  submittedBy: string;
  share: CodeShare;
}
export type CodeAttemptRecord = {
  userId: mongoose.Types.ObjectId;
  courseId: mongoose.Types.ObjectId;
  lessonId: mongoose.Types.ObjectId;
  code: string;
  passed: boolean;
  passedTests: number;
  totalTests: number;
  tests: TestResult[];
  output: RunOutput;
  failed: Array<{ source: string; hidden: boolean }>;
  group: CodeAttemptGroup | null;
  createdAt: Date;
};
export type CodeAttemptDoc = HydratedDocument<CodeAttemptRecord>;
export const CodeAttempt = mongoose.model<CodeAttemptRecord>("CodeAttempt", codeAttemptSchema, "codeAttempts");
