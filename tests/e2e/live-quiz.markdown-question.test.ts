import type { QuizQuestion } from "@chalkline/shared";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { addQuizLesson } from "../helpers/live-quiz";
import { classCluster } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

const web = browserForFile();
const cluster = classCluster(1, 1);

/** Written as lesson quizzes are: inline code, bold and italics in the prompt, options and explanation. */
const QUESTION: QuizQuestion = {
  type: "single",
  id: "q1",
  prompt: "After `count = 3` and `count += 1`, what is **count**?",
  explanation: "`+=` adds *to* the value.",
  options: [
    { id: "a", text: "`3`" },
    { id: "b", text: "`4`" },
  ],
  correctOptionId: "b",
};

async function openClassroom(account: TestAccount): Promise<Page> {
  const page = await signIn(web.browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1360, height: 860 } },
  });
  await page.goto(`/rooms/${cluster.fixture.roomId}/live`);
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

it("a live quiz question renders its markdown as the lesson quiz does", { timeout: 180_000 }, async () => {
  const { instructor, learners, course } = cluster.fixture;
  await addQuizLesson(cluster.nodes[0]!.url, instructor, course.id, [QUESTION], "Counting");
  const teacher = await openClassroom(instructor);
  const learner = await openClassroom(learners[0]!);

  await teacher.getByTestId("quiz-lesson").locator("option", { hasText: "Counting" }).waitFor({ state: "attached" });
  await teacher.getByTestId("quiz-seconds").fill("60");
  await teacher.getByTestId("quiz-launch").click();
  await learner.locator('[data-testid="live-quiz"][data-status="lobby"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await teacher.getByTestId("quiz-start").click();

  const question = learner.getByTestId("quiz-question");
  await question.waitFor({ timeout: UI_TIMEOUT_MS });
  const prompt = question.locator("#quiz-prompt");
  expect(await prompt.locator("code").allTextContents()).toEqual(["count = 3", "count += 1"]);
  expect(await prompt.locator("strong").textContent()).toBe("count");
  expect(await prompt.textContent()).not.toContain("`");
  expect(await question.locator('[data-testid="quiz-choice"][data-choice="b"] code').textContent()).toBe("4");
  await saveScreenshot(learner, "live-quiz-markdown-question");

  await learner.locator('[data-testid="quiz-choice"][data-choice="b"]').click();
  await teacher.getByTestId("quiz-reveal-now").click();
  const reveal = learner.locator('[data-testid="live-quiz"][data-status="reveal"]');
  await reveal.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await reveal.locator("h3 code").allTextContents()).toEqual(["count = 3", "count += 1"]);
  expect(await reveal.locator('[data-testid="quiz-reveal-choice"][data-choice="b"] code').textContent()).toBe("4");
  expect(await reveal.locator(".explanation em").textContent()).toBe("to");
  expect(await reveal.textContent()).not.toContain("`");
  await saveScreenshot(learner, "live-quiz-markdown-reveal");
});
