import type { CourseDetails, LessonBody, LessonEditView, QuizAnswer } from "@chalkline/shared";
import { api, registerUser, type TestAccount } from "../../helpers/clients";
import { loginDemo } from "../../helpers/cluster";
import { expectStatus, QUIZ } from "../../helpers/courses";
import { type ClassFixture, classWithLearners } from "../../helpers/rooms";

/** What the growth bench sets up over HTTP, as people would: courses, their class rooms, learners. */
export interface GrowthFixture {
  admin: TestAccount;
  instructor: TestAccount;
  /** One class per chat room the fill talks in; the first also holds the quizzes and the probe. */
  classes: ClassFixture[];
  /** The first class's quiz lessons. */
  quizLessonIds: string[];
  /** The learner whose calls are measured: enrolled in the first class, filled no more than anyone. */
  probe: TestAccount;
}

/**
 * `rooms` published courses with `learnersPerRoom` learners each (sign-up by e-mail link, one at a
 * time: argon2 on two cores), `quizLessons` quiz lessons in the first, and the probe learner in it.
 */
export async function setUpGrowthFixture(
  url: string,
  opts: { rooms: number; learnersPerRoom: number; quizLessons: number },
): Promise<GrowthFixture> {
  const classes: ClassFixture[] = [];
  for (let i = 0; i < opts.rooms; i++) classes.push(await classWithLearners(url, opts.learnersPerRoom));
  const first = classes[0]!;
  const instructor = first.instructor;
  const course = `/api/courses/${first.course.id}`;
  const outline = expectStatus(
    await api<CourseDetails>(url, "POST", `${course}/modules`, {
      token: instructor.accessToken,
      body: { title: "Quizzes" },
    }),
    201,
    "add module",
  );
  const moduleId = outline.modules.at(-1)!.id;
  const quizLessonIds: string[] = [];
  for (let i = 0; i < opts.quizLessons; i++) {
    const lesson = await api<LessonEditView>(url, "POST", `${course}/modules/${moduleId}/lessons`, {
      token: instructor.accessToken,
      body: { ...QUIZ, title: `Quiz ${i + 1}` },
    });
    quizLessonIds.push(expectStatus(lesson, 201, "add quiz lesson").id);
  }
  const probe = await registerUser(url);
  expectStatus(await api(url, "POST", `${course}/enroll`, { token: probe.accessToken }), 200, "enroll probe");
  return { admin: await loginDemo(url, "admin"), instructor, classes, quizLessonIds, probe };
}

/** The quiz of every quiz lesson. */
export const { quiz: LESSON_QUIZ } = QUIZ.content as Extract<LessonBody["content"], { kind: "quiz" }>;
/** One fill submission in this many passes: learners mostly retake what they failed. */
export const PASS_EVERY = 10;

/** The quiz answered all wrong (a failed attempt) or all right, for fills and probes alike. */
export function quizAnswers(right: boolean): QuizAnswer[] {
  return LESSON_QUIZ.questions.map((q): QuizAnswer => {
    const questionId = q.id;
    if (q.type === "single") return { type: "single", questionId, optionId: right ? q.correctOptionId : "x" };
    if (q.type === "multiple") return { type: "multiple", questionId, optionIds: right ? q.correctOptionIds : [] };
    if (q.type === "true_false") return { type: "true_false", questionId, value: right === q.correct };
    return { type: "short_answer", questionId, text: right ? q.acceptedAnswers[0]! : "no idea" };
  });
}
