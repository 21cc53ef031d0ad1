import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { exerciseFor, PYTHON_EXERCISE } from "../helpers/code-runs";
import { classCluster } from "../helpers/rooms";

/** The first Check loads Pyodide in the browser; the first Submit loads it in a server worker. */
const GRADING_TIMEOUT_MS = 90_000;

const cluster = classCluster(1, 0);
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function open(account: TestAccount, path: string): Promise<Page> {
  const page = await signIn(browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1280, height: 900 } },
  });
  contexts.push(page.context());
  await page.goto(path);
  return page;
}

it("a learner checks, fails and then passes a code exercise; the instructor's statistics show it", {
  timeout: 400_000,
}, async () => {
  const url = cluster.nodes[0]!.url;
  const exercise = await exerciseFor(url, cluster.fixture.instructor, PYTHON_EXERCISE);
  const page = await open(exercise.learner, `/courses/${exercise.courseId}/lessons/${exercise.lessonId}`);
  const code = page.getByTestId("exercise-code");

  // Visible tests pass in the browser, but a hidden test fails on the server.
  await code.fill("def add(a, b):\n    return 3 if a == 1 else 0\n");
  await page.getByTestId("exercise-check").click();
  await expect
    .poll(() => page.getByTestId("run-tests").textContent(), { timeout: GRADING_TIMEOUT_MS })
    .toContain("2 of 2 tests passed");
  await page.getByTestId("exercise-submit").click();
  await expect
    .poll(() => page.getByTestId("exercise-verdict").textContent(), { timeout: GRADING_TIMEOUT_MS })
    .toContain("Not yet");
  await expect.poll(() => page.getByTestId("run-tests").textContent()).toContain("Hidden test 1");
  await saveScreenshot(page, "code-exercise-failed");

  await code.fill("def add(a, b):\n    return a + b\n");
  await page.getByTestId("exercise-submit").click();
  await expect
    .poll(() => page.getByTestId("exercise-verdict").textContent(), { timeout: GRADING_TIMEOUT_MS })
    .toContain("Passed");
  await page.getByTestId("lesson-completed").waitFor({ timeout: 30_000 });
  await saveScreenshot(page, "code-exercise-passed");

  const teacher = await open(
    cluster.fixture.instructor,
    `/courses/${exercise.courseId}/edit/${exercise.lessonId}/code-stats`,
  );
  await expect.poll(() => teacher.getByTestId("code-stats-attempts").textContent(), { timeout: 30_000 }).toBe("2");
  expect(await teacher.getByTestId("code-stats-pass-rate").textContent()).toBe("100%");
  expect(await teacher.getByTestId("code-stats-attempts-to-pass").textContent()).toBe("2.0");
  expect(await teacher.getByTestId("code-stats-failed").textContent()).toContain("assert_equal(add(40, 2), 42)");
  await saveScreenshot(teacher, "code-exercise-statistics");
});
