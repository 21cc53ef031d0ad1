import { expect, it, onTestFailed } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { focusRing, keyboardSignIn, tabTo } from "../helpers/keyboard";
import { addQuizLesson } from "../helpers/live-quiz";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;
const web = browserForFile({ fakeMedia: true });
const cluster = classCluster(1, 1, ROOMY_LIMITS, { media: 1 });
/** What the learner's page logged, shown when the test fails. */
const consoleLines: string[] = [];

/** Logs in with the keyboard alone, keeping the page's warnings and errors. */
const keyboardSignInLogged = (account: TestAccount) =>
  keyboardSignIn(web.browser, cluster.nodes[0]!.url, account, (page) => {
    page.on("console", (message) => {
      if (message.type() === "warning" || message.type() === "error") consoleLines.push(message.text());
    });
    page.on("pageerror", (error) => consoleLines.push(`page error: ${error.message}`));
  });

it("a learner joins a live class, chats, raises a hand and answers a quiz question with the keyboard alone", {
  timeout: 240_000,
}, async () => {
  const { instructor, learners, course, roomId } = cluster.fixture;
  onTestFailed(() => {
    console.log(`--- learner's console ---\n${consoleLines.join("\n")}`);
    console.log(`--- server node ---\n${cluster.nodes[0]?.logs().slice(-6_000)}`);
  });
  await addQuizLesson(cluster.nodes[0]!.url, instructor, course.id);

  // The instructor (not the one under test) starts the class with the mouse.
  const teacher = await signIn(web.browser, cluster.nodes[0]!.url, instructor, {
    context: { viewport: { width: 1360, height: 860 } },
  });
  await teacher.goto(`/rooms/${roomId}/live`);
  await teacher.getByTestId("start-class").click({ timeout: UI_TIMEOUT_MS });
  await teacher.locator('[data-testid="live-status"][data-open="true"]').waitFor({ timeout: UI_TIMEOUT_MS });

  // The learner signs in, opens the class room's chat and follows its link to the live class.
  const learner = await keyboardSignInLogged(learners[0]!);
  await learner.goto(`/rooms/${roomId}`);
  await learner.getByTestId("open-live").waitFor({ timeout: UI_TIMEOUT_MS });
  await tabTo(learner, '[data-testid="open-live"]');
  await learner.keyboard.press("Enter");
  await learner.waitForURL(`**/rooms/${roomId}/live`, { timeout: UI_TIMEOUT_MS });
  await learner.locator('[data-testid="live-status"][data-open="true"]').waitFor({ timeout: UI_TIMEOUT_MS });

  // The shortcuts are listed in the class header, behind a disclosure opened with Enter.
  await tabTo(learner, '[data-testid="keyboard-shortcuts"] summary');
  await learner.keyboard.press("Enter");
  await learner
    .getByTestId("keyboard-shortcuts")
    .getByText("Raise or lower your hand")
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(learner, "a11y-keyboard-class-shortcuts");
  await learner.keyboard.press("Enter");

  // A chat message: the composer is reached with Tab, typed into and sent with Enter. An @ opens
  // the mention suggestions, read out with the one the arrows are on; Enter picks it.
  await tabTo(learner, '[data-testid="composer"]');
  await learner.keyboard.type("@");
  const composer = learner.getByTestId("composer");
  await expect.poll(() => composer.getAttribute("aria-activedescendant"), { timeout: UI_TIMEOUT_MS }).toBeTruthy();
  await learner.keyboard.press("ArrowDown");
  const active = learner.locator(`#${await composer.getAttribute("aria-activedescendant")}`);
  expect(await active.getAttribute("aria-selected")).toBe("true");
  const activeName = (await active.locator("strong").textContent()) ?? "";
  expect(await learner.getByTestId("mention-status").textContent()).toContain(`to mention: ${activeName}.`);
  await learner.keyboard.press("Enter");
  await learner.keyboard.type("Hello from the keyboard");
  await learner.keyboard.press("Enter");
  await learner
    .getByTestId("message-text")
    .filter({ hasText: "Hello from the keyboard" })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await teacher
    .getByTestId("message-text")
    .filter({ hasText: "Hello from the keyboard" })
    .waitFor({ timeout: UI_TIMEOUT_MS });

  // H raises the hand, but only once the focus has left the text field; the instructor sees it.
  await tabTo(learner, '[data-testid="side-tab-chat"]', "back");
  await learner.keyboard.press("h");
  await learner.getByRole("button", { name: "Lower hand" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await expect
    .poll(() => learner.getByTestId("shortcut-announcement").textContent(), { timeout: UI_TIMEOUT_MS })
    .toBe("Your hand is up.");

  // The instructor launches the quiz and starts its first question.
  await teacher
    .getByTestId("quiz-lesson")
    .locator("option", { hasText: "Warm-up quiz" })
    .waitFor({ state: "attached", timeout: UI_TIMEOUT_MS });
  await teacher.getByTestId("quiz-seconds").fill("60");
  // From the keyboard too: on a short stage the video grid's placeholder tiles run over the launcher.
  await teacher.getByTestId("quiz-launch").press("Enter");
  await teacher.getByTestId("quiz-start").click({ timeout: UI_TIMEOUT_MS });

  // The question is announced to screen readers as it appears, then answered from the keyboard.
  await learner.locator('[data-testid="quiz-question"][data-index="0"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await expect
    .poll(() => learner.getByTestId("quiz-announcement").textContent(), { timeout: UI_TIMEOUT_MS })
    .toContain("Question 1 of 3");
  await tabTo(learner, '[data-testid="quiz-choice"][data-choice="b"]', "back");
  const ring = await focusRing(learner);
  expect(ring.style).not.toBe("none");
  expect(ring.width).toBeGreaterThan(0);
  await saveScreenshot(learner, "a11y-keyboard-class-question");
  await learner.keyboard.press("Enter");
  await learner
    .getByTestId("quiz-answer-status")
    .filter({ hasText: "Answer locked in" })
    .waitFor({ timeout: UI_TIMEOUT_MS });

  // The instructor reveals; the learner's result is shown and announced.
  await teacher.getByTestId("quiz-reveal-now").click({ timeout: UI_TIMEOUT_MS });
  await learner.locator('[data-testid="live-quiz"][data-status="reveal"]').waitFor({ timeout: UI_TIMEOUT_MS });
  const points = Number(await learner.getByTestId("quiz-my-result").getAttribute("data-points"));
  expect(points).toBeGreaterThan(0);
  await expect
    .poll(() => learner.getByTestId("quiz-announcement").textContent(), { timeout: UI_TIMEOUT_MS })
    .toContain("Right!");
  await saveScreenshot(learner, "a11y-keyboard-class-reveal");
});
