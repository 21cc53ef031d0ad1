import { ALERT_RULE_LABELS, type QuizAnswer, REPEATED_FAILURES } from "@chalkline/shared";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { buildCourse, enrolledLearner, expectStatus, QUIZ, registerInstructor } from "../helpers/courses";
import { linkWithCode } from "../helpers/guardians";
import { studyCluster } from "../helpers/study";

const UI_TIMEOUT_MS = 20_000;
const WRONG: QuizAnswer[] = [
  { type: "single", questionId: "q1", optionId: "a" },
  { type: "multiple", questionId: "q2", optionIds: ["a"] },
  { type: "true_false", questionId: "q3", value: true },
  { type: "short_answer", questionId: "q4", text: "Lyon" },
];
const RULE = ALERT_RULE_LABELS.repeated_failures;

// Before the cluster starts: a node serves the web build it finds when it starts.
beforeAll(ensureWebBuild, 300_000);
const cluster = studyCluster(1);
let browser: Browser;
let instructor: TestAccount;
let guardian: TestAccount;
let learner: TestAccount;
const pages: Page[] = [];

beforeAll(async () => {
  const url = cluster.nodes[0]!.url;
  instructor = await registerInstructor(url);
  const built = await buildCourse(url, instructor, [QUIZ]);
  learner = await enrolledLearner(url, built.course.id);
  guardian = await registerUser(url, "guardian");
  await linkWithCode(url, learner, guardian);
  const path = `/api/courses/${built.course.id}/lessons/${built.lessons[0]!.id}/attempts`;
  for (let i = 0; i < REPEATED_FAILURES; i++) {
    expectStatus(
      await api(url, "POST", path, { token: learner.accessToken, body: { answers: WRONG } }),
      201,
      "attempt",
    );
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const page of pages) await page.context().close();
  await browser?.close();
});

async function signedIn(account: TestAccount): Promise<Page> {
  const errors: string[] = [];
  const page = await signIn(browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1280, height: 800 } },
    onPage: (p) => p.on("pageerror", (error) => errors.push(error.message)),
  });
  page.on("close", () => expect(errors).toEqual([]));
  pages.push(page);
  return page;
}

/** The alert is listed with its rule in words, its reason and its learner; Dismiss takes it away for good. */
async function seeAndDismiss(page: Page, screenshot: string): Promise<void> {
  const alert = page.getByTestId("study-alert").filter({ hasText: learner.user.displayName });
  await alert.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await alert.textContent()).toContain(RULE);
  expect(await alert.textContent()).toContain(`Failed the same quiz ${REPEATED_FAILURES} times`);
  await saveScreenshot(page, screenshot);
  await alert.getByRole("button", { name: `Dismiss: ${RULE}, ${learner.user.displayName}` }).click();
  await page.getByText("No alerts.").waitFor({ timeout: UI_TIMEOUT_MS });
  await page.reload();
  await page.getByText("No alerts.").waitFor({ timeout: UI_TIMEOUT_MS });
}

it("an instructor opens the alert from the notification, sees why it fired, and dismisses it", {
  timeout: 90_000,
}, async () => {
  const page = await signedIn(instructor);
  await page.getByRole("button", { name: /Notifications, 1 unread/ }).click({ timeout: UI_TIMEOUT_MS });
  const notice = page.getByTestId("notification-list").getByText(learner.user.displayName);
  await notice.waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "study-alert-notification");
  await notice.click();
  await page.waitForURL("**/study/alerts");
  const link = page.getByRole("link", { name: "Open the quiz's results" });
  expect(await link.getAttribute("href")).toMatch(/\/courses\/[0-9a-f]{24}\/edit\/[0-9a-f]{24}\/stats$/);
  await seeAndDismiss(page, "study-alerts-instructor");
  // The dashboard leads here too.
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Learner alerts" }).click();
  await page.waitForURL("**/study/alerts");
});

it("a guardian finds it from the Family page and dismisses it", { timeout: 90_000 }, async () => {
  const page = await signedIn(guardian);
  await page.goto("/family");
  await page.getByRole("link", { name: "Learner alerts" }).click();
  await page.waitForURL("**/study/alerts");
  const alert = page.getByTestId("study-alert").filter({ hasText: learner.user.displayName });
  await alert.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await alert.getByRole("link", { name: `${learner.user.displayName}'s page` }).getAttribute("href")).toBe(
    `/family/learners/${learner.user.id}`,
  );
  await seeAndDismiss(page, "study-alerts-guardian");
});
