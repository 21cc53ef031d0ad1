import type { CourseDetails, CourseView, LessonBody, LessonEditView, QuizQuestion, Session } from "@chalkline/shared";
import { afterAll, beforeAll } from "vitest";
import { type ApiAnswer, api, registerUser, type TestAccount } from "./clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "./cluster";
import { ROOMY_LIMITS } from "./rooms";
import { s3Env } from "./s3";
import type { ServerNodeHandle } from "./server";

/** One node on a fresh database for a courses test file, with the demo instructor at hand. */
export function courseNode() {
  const handle = {} as { url: string; names: ClusterNames; node: ServerNodeHandle; instructor: TestAccount };
  beforeAll(async () => {
    handle.names = newClusterNames();
    [handle.node] = (await startCluster(1, { ...ROOMY_LIMITS, ...s3Env() }, handle.names)) as [ServerNodeHandle];
    handle.url = handle.node.url;
    handle.instructor = await loginDemo(handle.url, "instructor");
  }, 120_000);
  afterAll(() => stopAll(handle.node ? [handle.node] : []));
  return handle;
}

/** The answer's body when its status is the expected one; otherwise a readable failure. */
export function expectStatus<T>(answer: ApiAnswer<T>, status: number, what: string): T {
  if (answer.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** A freshly registered user whom the demo admin made an instructor. */
export async function registerInstructor(baseUrl: string): Promise<TestAccount> {
  const user = await registerUser(baseUrl);
  const admin = await loginDemo(baseUrl, "admin");
  const changed = await api(baseUrl, "PATCH", `/api/admin/users/${user.user.id}/role`, {
    token: admin.accessToken,
    body: { role: "instructor" },
  });
  expectStatus(changed, 200, "make instructor");
  // A role change ends the account's access tokens; the app refreshes into one with the new role.
  const refreshed = await api<Session>(baseUrl, "POST", "/api/auth/refresh", { refreshCookie: user.refreshCookie });
  const session = expectStatus(refreshed, 200, "refresh after the role change");
  return { ...user, ...session, refreshCookie: refreshed.refreshCookie ?? user.refreshCookie };
}

/** One of each question type, with known answers. */
export const SAMPLE_QUESTIONS: QuizQuestion[] = [
  {
    type: "single",
    id: "q1",
    prompt: "2 + 2?",
    explanation: "Four.",
    options: [
      { id: "a", text: "3" },
      { id: "b", text: "4" },
    ],
    correctOptionId: "b",
  },
  {
    type: "multiple",
    id: "q2",
    prompt: "Primes?",
    explanation: "2 and 3 are prime.",
    options: [
      { id: "a", text: "2" },
      { id: "b", text: "3" },
      { id: "c", text: "4" },
    ],
    correctOptionIds: ["a", "b"],
  },
  { type: "true_false", id: "q3", prompt: "The sky is green.", explanation: "It is blue.", correct: false },
  {
    type: "short_answer",
    id: "q4",
    prompt: "Capital of France?",
    explanation: "Paris.",
    acceptedAnswers: ["Paris"],
  },
];

export const READING: LessonBody = { title: "Reading", content: { kind: "markdown", body: "# Hello\n\nRead me." } };
export const QUIZ: LessonBody = {
  title: "Quiz",
  content: { kind: "quiz", quiz: { passPercent: 70, questions: SAMPLE_QUESTIONS } },
};

export interface BuiltCourse {
  course: CourseView;
  moduleId: string;
  lessons: LessonEditView[];
}

/** A course by `instructor` with one module holding `lessons`, published unless `publish` is false. */
export async function buildCourse(
  baseUrl: string,
  instructor: TestAccount,
  lessons: LessonBody[],
  opts: { publish?: boolean; title?: string; priceCents?: number } = {},
): Promise<BuiltCourse> {
  const token = instructor.accessToken;
  const created = expectStatus(
    await api<CourseView>(baseUrl, "POST", "/api/courses", {
      token,
      body: { title: opts.title ?? `Course ${Math.random().toString(36).slice(2, 8)}`, priceCents: opts.priceCents },
    }),
    201,
    "create course",
  );
  const outline = expectStatus(
    await api<CourseDetails>(baseUrl, "POST", `/api/courses/${created.id}/modules`, { token, body: { title: "One" } }),
    201,
    "add module",
  );
  const moduleId = outline.modules[0]!.id;
  const made: LessonEditView[] = [];
  for (const body of lessons) {
    const path = `/api/courses/${created.id}/modules/${moduleId}/lessons`;
    made.push(expectStatus(await api<LessonEditView>(baseUrl, "POST", path, { token, body }), 201, "add lesson"));
  }
  let course = created;
  if (opts.publish !== false) {
    const path = `/api/courses/${created.id}/published`;
    course = expectStatus(
      await api<CourseView>(baseUrl, "PUT", path, { token, body: { published: true } }),
      200,
      "publish",
    );
  }
  return { course, moduleId, lessons: made };
}

/** Registers a learner and enrolls them in the course. */
export async function enrolledLearner(baseUrl: string, courseId: string): Promise<TestAccount> {
  const learner = await registerUser(baseUrl);
  expectStatus(
    await api(baseUrl, "POST", `/api/courses/${courseId}/enroll`, { token: learner.accessToken }),
    200,
    "enroll",
  );
  return learner;
}
