/**
 * The rest of a fill the services cannot write in time: on FerretDB every `_id` read scans its
 * collection, so an award or a quiz submission slows down as the collection grows, and reaching
 * 100k through the services alone would take hours. These documents are shaped as the services
 * write them (the product's draft builder, grader and models, validated by the schemas) and
 * inserted in batches; the services still write the first part of every fill, whose rate is printed.
 */
import { awardAmounts, type Currency, DEFAULT_TIME_ZONE, gradeQuiz } from "@chalkline/shared";
import mongoose from "mongoose";
import { User } from "../../../server/src/features/accounts/user.model";
import { QuizAttempt } from "../../../server/src/features/courses/quizzes.model";
import { baseDraft } from "../../../server/src/features/ledger/ledger.drafts";
import { entryId, LEDGERS } from "../../../server/src/features/ledger/ledger.model";
import { AttendanceInterval } from "../../../server/src/features/live/live.model";
import { chainEntryId } from "../../../server/src/platform/chain";
import { LESSON_QUIZ, PASS_EVERY, quizAnswers } from "./growth-fixture";

const BATCH = 1000;

/** Where the bulk learners' chains end, per currency. */
type Heads = Record<Currency, { seq: number; total: number }>;

export class BulkWriter {
  #n = 0;
  readonly #tallyChain = new mongoose.Types.ObjectId().toHexString();
  #tallySeq = 0;

  private constructor(
    /** Learners with no other activity: nothing reads their chains, so no fold has to catch up. */
    private readonly chains: Array<{ userId: string; heads: Heads }>,
    private readonly quizTakers: string[],
    private readonly courseId: string,
    private readonly lessonIds: string[],
    private readonly liveClassIds: string[],
  ) {}

  static async create(opts: {
    tag: string;
    learners: number;
    quizTakers: string[];
    courseId: string;
    lessonIds: string[];
    liveClassIds: string[];
  }): Promise<BulkWriter> {
    const users = await User.insertMany(
      Array.from({ length: opts.learners }, (_, i) => ({
        email: `bulk-${i}-${opts.tag}@example.test`,
        passwordHash: "-",
        displayName: `Bulk learner ${i}`,
        role: "learner",
      })),
    );
    const chains = users.map((u) => ({
      userId: String(u._id),
      heads: { xp: { seq: 0, total: 0 }, points: { seq: 0, total: 0 } },
    }));
    return new BulkWriter(chains, opts.quizTakers, opts.courseId, opts.lessonIds, opts.liveClassIds);
  }

  /** `count` lesson awards' entries on one currency's chains, spread over the bulk learners. */
  ledger(currency: Currency, count: number): Promise<void> {
    const amount = awardAmounts("lesson_completed")[currency];
    return this.#batches(
      count,
      (n) => {
        const { userId, heads } = this.chains[n % this.chains.length]!;
        const head = heads[currency];
        head.seq += 1;
        head.total += amount;
        const draft = baseDraft(userId, currency, new Date(), DEFAULT_TIME_ZONE);
        return {
          ...draft,
          _id: entryId(userId, head.seq),
          seq: head.seq,
          balanceAfter: head.total,
          amount,
          reason: "lesson_completed",
          key: `bulk:${n}`,
        };
      },
      (docs) => LEDGERS[currency].insertMany(docs),
    );
  }

  /**
   * `count` graded submissions of the quiz lessons, answered as the service fill answers them, by
   * the fill's quiz takers, each with its entry on a statistics chain. The entries go on a chain of
   * their own, which nothing folds: the quizzes' own chains would have to fold them on the next read.
   */
  quizAttempts(count: number): Promise<void> {
    return this.#batches(
      count,
      (n) => {
        const grade = gradeQuiz(LESSON_QUIZ.questions, quizAnswers(n % PASS_EVERY === 0), LESSON_QUIZ.passPercent);
        const attempt = {
          _id: new mongoose.Types.ObjectId(),
          userId: this.quizTakers[n % this.quizTakers.length],
          courseId: this.courseId,
          lessonId: this.lessonIds[n % this.lessonIds.length],
          ...grade,
          passPercent: LESSON_QUIZ.passPercent,
        };
        this.#tallySeq += 1;
        const tally = {
          _id: chainEntryId(this.#tallyChain, this.#tallySeq),
          lessonId: this.#tallyChain,
          seq: this.#tallySeq,
          attemptId: attempt._id,
          passed: grade.passed,
          questions: grade.results.map((r) => ({ id: r.questionId, correct: r.correct, choices: [] })),
        };
        return { attempt, tally };
      },
      async (docs) => {
        await QuizAttempt.insertMany(docs.map((d) => d.attempt));
        // Registered by the quiz service's tally module, which does not export it.
        await mongoose.model("QuizTallyEntry").insertMany(docs.map((d) => d.tally));
      },
    );
  }

  /** `count` closed stretches of sockets in the live classes. */
  attendance(count: number): Promise<void> {
    return this.#batches(
      count,
      (n) => {
        const joinedAt = new Date(Date.now() - 3_600_000);
        return {
          liveClassId: this.liveClassIds[n % this.liveClassIds.length],
          userId: this.quizTakers[n % this.quizTakers.length],
          socketId: `bulk-socket-${n}`,
          joinedAt,
          leftAt: new Date(joinedAt.getTime() + 1_800_000),
        };
      },
      (docs) => AttendanceInterval.insertMany(docs),
    );
  }

  async #batches<T>(count: number, build: (n: number) => T, insert: (docs: T[]) => Promise<unknown>): Promise<void> {
    for (let done = 0; done < count; done += BATCH) {
      const docs = Array.from({ length: Math.min(BATCH, count - done) }, () => build(this.#n++));
      await insert(docs);
    }
  }
}
