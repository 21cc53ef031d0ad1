import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { openStores, type Stores } from "../helpers/ledger";
import { addQuizLesson } from "../helpers/live-quiz";
import { classCluster } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

// Built before the cluster starts: a server node serves the web app only if it finds the build.
beforeAll(() => ensureWebBuild(), 180_000);
const cluster = classCluster(1, 3);
let browser: Browser;
let stores: Stores;
/** What each page logged, shown when the test fails. */
const consoleLines: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  stores = await openStores(cluster.names);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stores?.close();
});

async function openClassroom(account: TestAccount, label: string): Promise<Page> {
  const page = await signIn(browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1360, height: 860 } },
    onPage: (p) => {
      p.on("console", (message) => {
        if (message.type() === "warning" || message.type() === "error")
          consoleLines.push(`[${label}] ${message.text()}`);
      });
      p.on("pageerror", (error) => consoleLines.push(`[${label}] page error: ${error.message}`));
    },
  });
  await page.goto(`/rooms/${cluster.fixture.roomId}/live`);
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

const quizIn = (page: Page, status: string) =>
  page.locator(`[data-testid="live-quiz"][data-status="${status}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
const questionOn = (page: Page, index: number) =>
  page.locator(`[data-testid="quiz-question"][data-index="${index}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
const choose = (page: Page, choice: string) =>
  page.locator(`[data-testid="quiz-choice"][data-choice="${choice}"]`).click({ timeout: UI_TIMEOUT_MS });
const locked = (page: Page) =>
  page.getByTestId("quiz-answer-status").filter({ hasText: "Answer locked in" }).waitFor({ timeout: UI_TIMEOUT_MS });

/** Score and rank as a page's own chip shows them. */
async function myChip(page: Page): Promise<{ rank: string | null; score: string | null }> {
  const chip = page.getByTestId("quiz-my-score");
  await chip.waitFor({ timeout: UI_TIMEOUT_MS });
  return { rank: await chip.getAttribute("data-rank"), score: await chip.getAttribute("data-score") };
}

it("an instructor runs a live quiz for three learners; one reloads midway and keeps score and rank", {
  timeout: 240_000,
}, async () => {
  const { instructor, learners, course } = cluster.fixture;
  const [ada, bea, cem] = learners as [TestAccount, TestAccount, TestAccount];
  onTestFailed(() => {
    console.log(`--- browser console ---\n${consoleLines.join("\n")}`);
    console.log(`--- server node ---\n${cluster.nodes[0]?.logs().slice(-6_000)}`);
  });
  const lessonId = await addQuizLesson(cluster.nodes[0]!.url, instructor, course.id);

  const teacher = await openClassroom(instructor, "instructor");
  const pages = {
    ada: await openClassroom(ada, "ada"),
    bea: await openClassroom(bea, "bea"),
    cem: await openClassroom(cem, "cem"),
  };
  const everyone = [teacher, ...Object.values(pages)];

  // The instructor picks the course's quiz and launches it with a minute per question, so the
  // test reveals each question itself; everyone lands in the lobby.
  await teacher
    .getByTestId("quiz-lesson")
    .locator("option", { hasText: "Warm-up quiz" })
    .waitFor({ state: "attached" });
  await teacher.getByTestId("quiz-seconds").fill("60");
  await saveScreenshot(teacher, "live-quiz-launcher");
  await teacher.getByTestId("quiz-launch").click();
  for (const page of everyone) await quizIn(page, "lobby");
  await teacher.getByTestId("quiz-host-controls").filter({ hasText: "3 learners are ready" }).waitFor({
    timeout: UI_TIMEOUT_MS,
  });
  await saveScreenshot(pages.ada, "live-quiz-lobby-learner");

  // Question 1 reaches everyone at once; Ada and Bea are right, Cem is not.
  await teacher.getByTestId("quiz-start").click();
  for (const page of everyone) await questionOn(page, 0);
  await choose(pages.ada, "b");
  await choose(pages.bea, "b");
  await choose(pages.cem, "a");
  for (const page of Object.values(pages)) await locked(page);
  await teacher.getByTestId("quiz-answered-count").filter({ hasText: "3 of 3 answered" }).waitFor({
    timeout: UI_TIMEOUT_MS,
  });
  await saveScreenshot(pages.ada, "live-quiz-question-learner");
  await saveScreenshot(teacher, "live-quiz-question-instructor");
  await teacher.getByTestId("quiz-reveal-now").click();
  for (const page of everyone) await quizIn(page, "reveal");
  await expect.poll(() => pages.cem.getByTestId("quiz-my-result").getAttribute("data-points")).toBe("0");
  await expect
    .poll(() => pages.ada.locator('[data-testid="quiz-reveal-choice"][data-choice="b"]').getAttribute("data-count"))
    .toBe("2");
  await saveScreenshot(pages.ada, "live-quiz-reveal-learner");

  // Question 2 opens; Bea reloads her page before answering. She lands back in the open question
  // with the same score and rank, and answers from the fresh page.
  await teacher.getByTestId("quiz-next").click();
  for (const page of everyone) await questionOn(page, 1);
  const beforeReload = await myChip(pages.bea);
  expect(Number(beforeReload.score)).toBeGreaterThanOrEqual(500);
  await choose(pages.ada, "true");
  await pages.bea.reload();
  await questionOn(pages.bea, 1);
  expect(await myChip(pages.bea)).toEqual(beforeReload);
  await saveScreenshot(pages.bea, "live-quiz-after-reload");
  await choose(pages.bea, "true");
  await choose(pages.cem, "false");
  await locked(pages.bea);
  await teacher.getByTestId("quiz-answered-count").filter({ hasText: "3 of 3 answered" }).waitFor({
    timeout: UI_TIMEOUT_MS,
  });
  await teacher.getByTestId("quiz-reveal-now").click();
  for (const page of everyone) await quizIn(page, "reveal");

  // Question 3 takes a typed answer.
  await teacher.getByTestId("quiz-next").click();
  for (const page of everyone) await questionOn(page, 2);
  await pages.cem.emulateMedia({ colorScheme: "dark" });
  await saveScreenshot(pages.cem, "live-quiz-short-answer-dark");
  for (const [name, text] of [
    ["ada", "markup"],
    ["bea", "Marked"],
    ["cem", "HyperText Markup Language"],
  ] as const) {
    await pages[name].getByTestId("quiz-text").fill(text);
    await pages[name].getByTestId("quiz-send").click();
    await locked(pages[name]);
  }
  await teacher.getByTestId("quiz-reveal-now").click();
  for (const page of everyone) await quizIn(page, "reveal");
  await saveScreenshot(teacher, "live-quiz-reveal-instructor");

  // The podium, on every page.
  await teacher.getByTestId("quiz-finish").click();
  for (const page of everyone) await quizIn(page, "ended");
  await saveScreenshot(teacher, "live-quiz-podium-instructor");
  await saveScreenshot(pages.bea, "live-quiz-podium-learner");

  // What the pages show is what was stored as attempts.
  const attempts = await stores.db
    .collection("quizAttempts")
    .find({ "live.roomId": { $exists: true } })
    .toArray();
  expect(attempts).toHaveLength(3);
  const stored = new Map(attempts.map((a) => [String(a.userId), { rank: a.live.rank, score: a.live.score }]));
  for (const [name, page] of Object.entries(pages)) {
    const account = { ada, bea, cem }[name as "ada" | "bea" | "cem"];
    const mine = page.getByTestId("quiz-final-me");
    await mine.waitFor({ timeout: UI_TIMEOUT_MS });
    expect({
      rank: Number(await mine.getAttribute("data-rank")),
      score: Number(await mine.getAttribute("data-score")),
    }).toEqual(stored.get(account.user.id));
  }
  const podium = await teacher.getByTestId("podium-place").evaluateAll((places) =>
    places.map((p) => ({
      id: p.getAttribute("data-user-id"),
      rank: Number(p.getAttribute("data-rank")),
      score: Number(p.getAttribute("data-score")),
    })),
  );
  const byPlace = (x: { id: string | null; rank: number }, y: { id: string | null; rank: number }) =>
    x.rank - y.rank || String(x.id).localeCompare(String(y.id));
  expect(podium.sort(byPlace)).toEqual([...stored.entries()].map(([id, s]) => ({ id, ...s })).sort(byPlace));
  // Bea answered the first two right: she is on the podium with her score from before the reload and more.
  expect(stored.get(bea.user.id)!.score).toBeGreaterThan(Number(beforeReload.score));

  // The class leaderboard beside the quiz picks up the XP it awarded.
  await expect
    .poll(() => pages.ada.getByTestId("leaderboard-row").count(), { timeout: UI_TIMEOUT_MS })
    .toBeGreaterThanOrEqual(3);
  await pages.ada.setViewportSize({ width: 420, height: 900 });
  await saveScreenshot(pages.ada, "live-quiz-podium-narrow");

  // On the lesson's quiz page, Bea finds her place in class among her attempts.
  await pages.bea.goto(`/courses/${course.id}/lessons/${lessonId}`);
  await expect
    .poll(() => pages.bea.getByTestId("quiz-live-best").textContent(), { timeout: UI_TIMEOUT_MS })
    .toContain(`of 3`);
});
