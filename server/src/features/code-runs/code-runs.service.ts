import {
  type CodeAttemptView,
  type CodeExerciseStats,
  type CodeShare,
  type GradedRun,
  isRunnable,
  type LessonContent,
  type ParsedTest,
  parseTests,
  type RunnableLanguage,
  type SubmitCodeBody,
} from "@chalkline/shared";
import mongoose from "mongoose";
import type * as Y from "yjs";
import { AppError } from "../../platform/errors";
import { isDuplicateKey, objectIdFrom } from "../../platform/mongo";
import { YDocRecord } from "../collab/collab.model";
import { courseForEditor, courseForLearner } from "../courses/courses.access";
import type { CourseDoc } from "../courses/courses.model";
import { Enrollment } from "../courses/courses.model";
import { listedLesson } from "../courses/lessons.service";
import type { ProgressService } from "../courses/progress.service";
import type { AwardsService } from "../ledger/awards.service";
import { type Actor, roomAccess } from "../rooms/rooms.access";
import { RoomMember } from "../rooms/rooms.model";
import { CodeAttempt, type CodeAttemptDoc, type CodeAttemptGroup } from "./code-runs.model";
import { authorShares } from "./code-runs.shares";
import { codeExerciseStats } from "./code-runs.stats";
import { toAttemptView } from "./code-runs.view";
import type { SandboxPool } from "./sandbox.pool";

const MAX_ATTEMPTS_LISTED = 50;

interface Exercise {
  language: RunnableLanguage;
  visible: ParsedTest[];
  hidden: ParsedTest[];
}

/** Code exercises graded on the server: a learner's file, or a study group's shared document. */
export class CodeRunsService {
  constructor(
    private readonly pool: Pick<SandboxPool, "grade" | "close">,
    private readonly awards: Pick<AwardsService, "award">,
    private readonly progress: Pick<ProgressService, "markCompleted">,
    /** The live state of a collaborative document, as its node holds it. */
    private readonly loadDoc: (docId: string) => Promise<Y.Doc | null>,
  ) {}

  /**
   * Grades the learner's code against the visible and hidden tests, keeps the attempt, and on a
   * pass awards the exercise and completes the lesson, each once (the ledger's keys). A request
   * sent again with its `requestId` answers the first attempt without grading again.
   */
  async submit(actor: Actor, courseId: string, lessonId: string, body: SubmitCodeBody): Promise<CodeAttemptView> {
    const course = await courseForLearner(courseId, actor);
    const exercise = exerciseOf((await listedLesson(course, lessonId)).lesson.content);
    const _id = body.requestId ? objectIdFrom(`${actor.id}:${lessonId}:code:${body.requestId}`) : undefined;
    const existing = _id ? await CodeAttempt.findById(_id) : null;
    if (existing) return this.#settle(course, existing);
    const run = await this.pool.grade({ ...exercise, code: body.code });
    const attempt = await CodeAttempt.create({
      _id,
      ...attemptFields(actor.id, course, lessonId, body.code, exercise, run),
    }).catch(async (error: unknown) => {
      const first = _id && isDuplicateKey(error) ? await CodeAttempt.findById(_id) : null;
      if (!first) throw error;
      return first;
    });
    return this.#settle(course, attempt);
  }

  /**
   * Grades a study room's shared code document once, then stores the grade for each member of
   * the room enrolled in the course, with their share of the code from the document's attribution.
   */
  async submitGroup(actor: Actor, courseId: string, lessonId: string, docId: string): Promise<CodeAttemptView[]> {
    const course = await courseForLearner(courseId, actor);
    const exercise = exerciseOf((await listedLesson(course, lessonId)).lesson.content);
    const record = await YDocRecord.findById(docId, { snapshot: 0 });
    if (record?.kind !== "code") throw new AppError("not_found", "no such code document");
    const roomId = String(record.roomId);
    const { room } = await roomAccess(roomId, actor);
    if (room.kind !== "study" && room.kind !== "breakout") {
      throw new AppError("forbidden", "a group submits from a study room or a breakout");
    }
    const doc = await this.loadDoc(docId);
    if (!doc) throw new AppError("not_found", "no such code document");
    const { code, shares } = authorShares(doc);
    const members = await RoomMember.find({ roomId, removedAt: null }, { userId: 1 });
    const enrolled = await Enrollment.find({ courseId: course._id, userId: { $in: members.map((m) => m.userId) } });
    const memberIds = enrolled.map((e) => String(e.userId));
    if (!memberIds.includes(actor.id)) throw new AppError("forbidden", "you are not enrolled in this course");
    const run = await this.pool.grade({ ...exercise, code });
    const submissionId = String(new mongoose.Types.ObjectId());
    const views: CodeAttemptView[] = [];
    for (const userId of memberIds) {
      const share = shares.get(userId) ?? emptyShare(shares);
      const group: CodeAttemptGroup = { submissionId, roomId, docId, submittedBy: actor.id, share };
      const attempt = await CodeAttempt.create({
        ...attemptFields(userId, course, lessonId, code, exercise, run),
        group,
      });
      views.push(await this.#settle(course, attempt));
    }
    return views;
  }

  async myAttempts(actor: Actor, courseId: string, lessonId: string): Promise<CodeAttemptView[]> {
    const course = await courseForLearner(courseId, actor);
    exerciseOf((await listedLesson(course, lessonId)).lesson.content);
    const attempts = await CodeAttempt.find({ lessonId, userId: actor.id })
      .sort({ createdAt: -1 })
      .limit(MAX_ATTEMPTS_LISTED);
    return attempts.map(toAttemptView);
  }

  async stats(actor: Actor, courseId: string, lessonId: string): Promise<CodeExerciseStats> {
    const course = await courseForEditor(courseId, actor);
    exerciseOf((await listedLesson(course, lessonId)).lesson.content);
    return codeExerciseStats(lessonId);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** Awards and completion follow from a passing attempt; both are keyed, so settling twice is harmless. */
  async #settle(course: CourseDoc, attempt: CodeAttemptDoc): Promise<CodeAttemptView> {
    if (attempt.passed) {
      const userId = String(attempt.userId);
      const lessonId = String(attempt.lessonId);
      const detail = { correct: attempt.passedTests, total: attempt.totalTests };
      await this.awards.award({
        userId,
        courseId: course.id,
        reason: "exercise_passed",
        key: `exercise:${lessonId}`,
        detail,
        at: attempt.createdAt,
      });
      await this.progress.markCompleted(course, userId, lessonId);
    }
    return toAttemptView(attempt);
  }
}

function exerciseOf(content: LessonContent): Exercise {
  if (content.kind !== "code" || !content.tests || !isRunnable(content.language)) {
    throw new AppError("not_found", "this lesson has no graded code exercise");
  }
  const visible = parseTests(content.language, content.tests.visible);
  const hidden = parseTests(content.language, content.tests.hidden);
  if (!visible.ok || !hidden.ok)
    throw new AppError("conflict", "this exercise's tests cannot be read; its editor must fix them");
  return { language: content.language, visible: visible.tests, hidden: hidden.tests };
}

/** A passing run passes every test and raises nothing; code without tests cannot pass. */
function attemptFields(
  userId: string,
  course: CourseDoc,
  lessonId: string,
  code: string,
  exercise: Exercise,
  run: GradedRun,
) {
  const passedTests = run.tests.filter((t) => t.passed).length;
  const sources = [...exercise.visible, ...exercise.hidden];
  const failed = run.tests.flatMap((t, i) =>
    t.passed ? [] : [{ source: sources[i]?.source ?? t.name, hidden: t.hidden }],
  );
  return {
    userId,
    courseId: course._id,
    lessonId,
    code,
    passed: run.tests.length > 0 && passedTests === run.tests.length && !run.output.error && !run.output.stopped,
    passedTests,
    totalTests: run.tests.length,
    tests: run.tests,
    output: run.output,
    failed,
  };
}

/** A member who wrote none of the code still has the group's totals. */
function emptyShare(shares: ReadonlyMap<string, CodeShare>): CodeShare {
  const any = shares.values().next().value;
  return { lines: 0, chars: 0, percent: 0, totalLines: any?.totalLines ?? 0, totalChars: any?.totalChars ?? 0 };
}
