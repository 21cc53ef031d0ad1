import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { addQuizLesson, LIVE_QUESTIONS } from "../helpers/live-quiz";
import { classCluster } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

const web = browserForFile();
const cluster = classCluster(1, 1);

async function openClassroom(account: TestAccount): Promise<Page> {
  const page = await signIn(web.browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1360, height: 860 } },
  });
  await page.goto(`/rooms/${cluster.fixture.roomId}/live`);
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

/**
 * Resolves once the page has asked the server for the room's quiz (`live-quiz:state`) and has its
 * answer, read off the page's socket: after that, whatever the quiz panel shows is what it will show.
 */
function quizStateAnswered(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on("websocket", (socket) => {
      let ackId: string | null = null;
      socket.on("framesent", ({ payload }) => {
        const sent = /^42(\d+)\["live-quiz:state"/.exec(String(payload));
        if (sent) ackId = sent[1]!;
      });
      socket.on("framereceived", ({ payload }) => {
        if (ackId !== null && String(payload).startsWith(`43${ackId}[`)) resolve();
      });
    });
  });
}

async function reloadAndSettle(page: Page): Promise<void> {
  const answered = quizStateAnswered(page);
  await page.reload();
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  await answered;
  // One frame for the answer to reach the screen.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

const quizIn = (page: Page, status: string) =>
  page.locator(`[data-testid="live-quiz"][data-status="${status}"]`).waitFor({ timeout: UI_TIMEOUT_MS });

it("the final podium shows once when the quiz ends, and a reload never brings it back", {
  timeout: 180_000,
}, async () => {
  const { instructor, learners, course } = cluster.fixture;
  await addQuizLesson(cluster.nodes[0]!.url, instructor, course.id, LIVE_QUESTIONS.slice(0, 1));
  const teacher = await openClassroom(instructor);
  const learner = await openClassroom(learners[0]!);

  await teacher
    .getByTestId("quiz-lesson")
    .locator("option", { hasText: "Warm-up quiz" })
    .waitFor({ state: "attached" });
  await teacher.getByTestId("quiz-launch").click();
  await quizIn(learner, "lobby");
  await teacher.getByTestId("quiz-start").click();
  await learner.locator('[data-testid="quiz-choice"][data-choice="b"]').click({ timeout: UI_TIMEOUT_MS });
  await teacher.getByTestId("quiz-reveal-now").click();
  await quizIn(learner, "reveal");
  await teacher.getByTestId("quiz-finish").click();

  // The end shows the podium to both, once.
  await quizIn(teacher, "ended");
  await quizIn(learner, "ended");
  await learner.getByTestId("quiz-final-me").waitFor({ timeout: UI_TIMEOUT_MS });

  // The teacher closes it; the learner leaves it open. Neither sees it again after a reload.
  await teacher.getByTestId("quiz-close").click();
  await reloadAndSettle(teacher);
  await reloadAndSettle(learner);
  expect(await teacher.getByTestId("live-quiz").count()).toBe(0);
  expect(await learner.getByTestId("live-quiz").count()).toBe(0);
  // What it covered is there: the teacher can start the class and launch another quiz.
  await teacher.getByRole("button", { name: "Start class" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await teacher.getByTestId("quiz-launch").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(teacher, "live-quiz-after-podium-reload-instructor");
  await saveScreenshot(learner, "live-quiz-after-podium-reload-learner");
});
