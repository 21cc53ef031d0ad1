import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

// Built before the cluster starts: a server node serves the web app only if it finds the build.
beforeAll(() => ensureWebBuild(), 180_000);
const cluster = classCluster(1, 2, ROOMY_LIMITS, { media: 1 });
let browser: Browser;
const contexts: BrowserContext[] = [];
/** What each page logged, shown when the test fails. */
const consoleLines: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser({ fakeMedia: true });
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function openClassroom(account: TestAccount, label: string): Promise<Page> {
  const page = await signIn(browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1360, height: 860 } },
    onPage: (p) => {
      p.on("console", (message) => {
        if (message.type() === "warning" || message.type() === "error")
          consoleLines.push(`[${label}] ${message.text()}`);
      });
      p.on("pageerror", (error) => consoleLines.push(`[${label}] page error: ${error.stack ?? error.message}`));
    },
  });
  contexts.push(page.context());
  await page.goto(`/rooms/${cluster.fixture.roomId}/live`);
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

const shows = (page: Page, selector: string) => page.locator(selector).waitFor({ timeout: UI_TIMEOUT_MS });

it("the instructor admits a learner from the waiting room, refuses another, runs a timer and a poll the learner answers", {
  timeout: 240_000,
}, async () => {
  const { instructor, learners } = cluster.fixture;
  const [ada, bea] = learners as [TestAccount, TestAccount];
  onTestFailed(() => {
    console.log(`--- browser console ---\n${consoleLines.join("\n")}`);
    console.log(`--- server node ---\n${cluster.nodes[0]?.logs().slice(-6_000)}`);
  });

  // Before the class: the instructor asks to be asked, then starts the class.
  const teacher = await openClassroom(instructor, "instructor");
  await teacher.getByTestId("waiting-mode-ask").click({ timeout: UI_TIMEOUT_MS });
  await shows(teacher, '[data-testid="waiting-room"][data-mode="ask"]');
  await teacher.getByTestId("start-class").click({ timeout: UI_TIMEOUT_MS });
  await shows(teacher, '[data-testid="live-status"][data-open="true"]');

  // Ada waits; the instructor sees her and lets her in; her page joins the class by itself.
  const a = await openClassroom(ada, "ada");
  await shows(a, '[data-testid="waiting-notice"][data-refusal="admission_pending"]');
  await saveScreenshot(a, "live-waiting-room-learner-waits");
  const adaWaiting = teacher.getByTestId("waiting-learner").filter({ hasText: ada.user.displayName });
  await adaWaiting.waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(teacher, "live-waiting-room-instructor-list");
  await adaWaiting.getByTestId("waiting-admit").click();
  await a.getByTestId("waiting-notice").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
  await shows(a, '[data-testid="live-status"][data-open="true"]');
  await shows(a, '[data-testid="raise-hand-hint"]');

  // Bea is refused; a reload does not get her in.
  const b = await openClassroom(bea, "bea");
  await shows(b, '[data-testid="waiting-notice"][data-refusal="admission_pending"]');
  await teacher
    .getByTestId("waiting-learner")
    .filter({ hasText: bea.user.displayName })
    .getByTestId("waiting-refuse")
    .click({
      timeout: UI_TIMEOUT_MS,
    });
  await shows(b, '[data-testid="waiting-notice"][data-refusal="admission_refused"]');
  await b.reload();
  await shows(b, '[data-testid="waiting-notice"][data-refusal="admission_refused"]');
  await saveScreenshot(b, "live-waiting-room-learner-refused");

  // A two-minute timer: both pages count down to the same deadline.
  await teacher.getByTestId("class-timer-open").click({ timeout: UI_TIMEOUT_MS });
  await teacher.getByTestId("class-timer-minutes").fill("2");
  await teacher.getByTestId("class-timer-label").fill("Exercise 1: loops");
  await teacher.getByTestId("class-timer-start").click();
  await shows(teacher, '[data-testid="class-timer"][data-status="running"]');
  await shows(a, '[data-testid="class-timer"][data-status="running"]');
  const deadline = await teacher.getByTestId("class-timer").getAttribute("data-ends-at");
  expect(await a.getByTestId("class-timer").getAttribute("data-ends-at")).toBe(deadline);
  await expect
    .poll(() => a.getByTestId("class-timer-remaining").textContent(), { timeout: UI_TIMEOUT_MS })
    .toMatch(/^1:[0-5]\d$/);

  // A poll with three options: Ada answers, the instructor sees it come in, closes, and Ada sees the result.
  await teacher.getByTestId("poll-open-form").click();
  await teacher.getByTestId("poll-question").fill("Which loop runs at least once?");
  await teacher.getByTestId("poll-add-option").click();
  const options = teacher.getByTestId("poll-option-input");
  await options.nth(0).fill("for");
  await options.nth(1).fill("while");
  await options.nth(2).fill("do … while");
  await saveScreenshot(teacher, "live-poll-ask-form");
  await teacher.getByTestId("poll-ask").click();
  await shows(teacher, '[data-testid="poll-panel"][data-status="open"]');
  await shows(a, '[data-testid="poll-answer-form"]');
  await a.getByTestId("poll-choice").nth(2).check();
  await a.getByTestId("poll-submit").click();
  await shows(a, '[data-testid="poll-answered"]');
  await saveScreenshot(a, "live-poll-learner-answered");
  await shows(teacher, '[data-testid="poll-results"][data-answered="1"]');
  await expect
    .poll(() => teacher.getByTestId("poll-result-option").nth(2).getAttribute("data-count"), { timeout: UI_TIMEOUT_MS })
    .toBe("1");
  await saveScreenshot(teacher, "live-poll-and-timer-instructor");
  await teacher.getByTestId("poll-close").click();
  await shows(a, '[data-testid="poll-panel"][data-status="closed"] [data-testid="poll-results"][data-answered="1"]');
  await saveScreenshot(a, "live-poll-results-learner");

  // The timer is paused and ended for everyone.
  await teacher.getByRole("button", { name: "Pause" }).click();
  await shows(a, '[data-testid="class-timer"][data-status="paused"]');
  await teacher.getByTestId("class-timer-end").click();
  await a.getByTestId("class-timer").waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
});
