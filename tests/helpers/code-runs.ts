import type { CodeAttemptView, LedgerPage, LessonBody } from "@chalkline/shared";
import { afterAll, beforeAll, expect } from "vitest";
import { api, type TestAccount } from "./clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "./cluster";
import { buildCourse, enrolledLearner, expectStatus } from "./courses";
import { ROOMY_LIMITS } from "./rooms";
import type { ServerNodeHandle } from "./server";

/** The grading limits the code-run tests run with, so a stopped run is seen within seconds. */
export const CODE_RUN_LIMITS = { timeMs: 2000, memoryMb: 128 };

/** One node with small grading limits, for a code-runs test file, with the demo instructor at hand. */
export function codeRunNode(env: Record<string, string> = {}) {
  const handle = {} as { url: string; names: ClusterNames; node: ServerNodeHandle; instructor: TestAccount };
  beforeAll(async () => {
    handle.names = newClusterNames();
    [handle.node] = (await startCluster(
      1,
      {
        ...ROOMY_LIMITS,
        CODE_RUN_TIME_LIMIT_MS: String(CODE_RUN_LIMITS.timeMs),
        CODE_RUN_MEMORY_MB: String(CODE_RUN_LIMITS.memoryMb),
        ...env,
      },
      handle.names,
    )) as [ServerNodeHandle];
    handle.url = handle.node.url;
    handle.instructor = await loginDemo(handle.url, "instructor");
  }, 120_000);
  afterAll(() => stopAll(handle.node ? [handle.node] : []));
  return handle;
}

export const HIDDEN_PYTHON_TEST = "assert_equal(add(40, 2), 42)";

export const PYTHON_EXERCISE: LessonBody = {
  title: "Add two numbers",
  content: {
    kind: "code",
    language: "python",
    instructions: "Write `add(a, b)`.",
    starterFiles: [{ name: "main.py", content: "def add(a, b):\n    pass\n" }],
    tests: { visible: "assert_equal(add(1, 2), 3)\nassert_equal(add(-1, 1), 0)", hidden: HIDDEN_PYTHON_TEST },
  },
};

export const JS_EXERCISE: LessonBody = {
  title: "Add in JavaScript",
  content: {
    kind: "code",
    language: "javascript",
    instructions: "Write `add(a, b)`.",
    starterFiles: [{ name: "main.js", content: "function add(a, b) {}\n" }],
    tests: { visible: "expect(add(1, 2)).toBe(3)", hidden: "expect(add(40, 2)).toBe(42)" },
  },
};

export interface Exercise {
  courseId: string;
  lessonId: string;
  learner: TestAccount;
  /** `/api/code-runs/courses/:id/lessons/:lessonId`. */
  path: string;
  submit(code: string, learner?: TestAccount, requestId?: string): Promise<CodeAttemptView>;
}

/** A published course holding `lesson`, and an enrolled learner ready to submit. */
export async function exerciseFor(url: string, instructor: TestAccount, lesson: LessonBody): Promise<Exercise> {
  const { course, lessons } = await buildCourse(url, instructor, [lesson]);
  const learner = await enrolledLearner(url, course.id);
  const lessonId = lessons[0]!.id;
  const path = `/api/code-runs/courses/${course.id}/lessons/${lessonId}`;
  const submit = async (code: string, who = learner, requestId?: string) => {
    const res = await api<CodeAttemptView>(url, "POST", `${path}/attempts`, {
      token: who.accessToken,
      body: { code, requestId },
    });
    return expectStatus(res, 201, "submit code");
  };
  return { courseId: course.id, lessonId, learner, path, submit };
}

/** XP a learner earned for a reason, from their ledger. */
export async function xpFor(url: string, learner: TestAccount, reason: string): Promise<number> {
  const page = await api<LedgerPage>(url, "GET", "/api/me/ledger?currency=xp&limit=100", {
    token: learner.accessToken,
  });
  expect(page.status).toBe(200);
  return page.body.entries.filter((e) => e.reason === reason).reduce((sum, e) => sum + e.amount, 0);
}
