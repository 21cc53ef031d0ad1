import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn as signInPage } from "../helpers/browser";
import { registerUser, type TestAccount } from "../helpers/clients";
import { courseNode } from "../helpers/courses";

const UI_TIMEOUT_MS = 20_000;
const TITLE = `Python basics ${Date.now().toString(36)}`;

// The node serves the web build it finds when it starts: build first.
beforeAll(ensureWebBuild, 300_000);
const env = courseNode();
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function signIn(account: TestAccount): Promise<Page> {
  const page = await signInPage(browser, env.url, account, {
    context: { viewport: { width: 1280, height: 900 } },
    onPage: (p) => p.on("pageerror", (error) => pageErrors.push(error.message)),
  });
  contexts.push(page.context());
  return page;
}

/** Adds a lesson of `kind` to the first module and opens its editor. */
async function newLesson(page: Page, kind: string, title: string): Promise<void> {
  await page.getByLabel(/Kind of lesson to add/).selectOption({ label: kind });
  await page.getByTestId("add-lesson").click();
  // The course editor has a "Title" field too: fill the lesson's once its editor is open.
  await page.waitForURL(/\/edit\/new\?/, { timeout: UI_TIMEOUT_MS });
  await page.getByRole("heading", { name: "New lesson" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByLabel("Title", { exact: true }).fill(title);
}

/** Saves a new lesson and waits for it in the course editor's outline. */
async function saveLesson(page: Page, title: string): Promise<void> {
  await page.getByTestId("save-lesson").click();
  await page.waitForURL(/\/courses\/[a-f0-9]{24}\/edit$/, { timeout: UI_TIMEOUT_MS });
  await page.getByTestId("edit-lesson").filter({ hasText: title }).waitFor({ timeout: UI_TIMEOUT_MS });
}

async function fillOptions(question: Locator, texts: string[]): Promise<void> {
  while ((await question.getByLabel(/^Option \d+$/).count()) < texts.length) {
    await question.getByRole("button", { name: "Add option" }).click();
  }
  for (const [index, text] of texts.entries())
    await question.getByLabel(`Option ${index + 1}`, { exact: true }).fill(text);
}

it("an instructor builds and publishes a course; a learner enrolls, learns, takes the quiz and sees the results", {
  timeout: 240_000,
}, async () => {
  // The instructor creates the course, a module, a reading and a quiz of every question type.
  const teacher = await signIn(env.instructor);
  await teacher.goto("/courses");
  await teacher.getByLabel("Title", { exact: true }).fill(TITLE);
  await teacher.getByLabel("Description", { exact: true }).fill("Variables, conditions and loops, one step at a time.");
  await teacher.getByRole("button", { name: "Create course" }).click();
  await teacher.waitForURL(/\/courses\/[a-f0-9]{24}\/edit$/, { timeout: UI_TIMEOUT_MS });
  const courseUrl = teacher.url().replace(/\/edit$/, "");
  await teacher.getByLabel("New module title").fill("First steps");
  await teacher.getByRole("button", { name: "Add module" }).click();
  await teacher.getByTestId("edit-module").waitFor({ timeout: UI_TIMEOUT_MS });

  await newLesson(teacher, "Reading", "What is a variable?");
  await teacher
    .getByLabel("Text", { exact: true })
    .fill("# Variables\n\nA **variable** names a value:\n\n```python\nx = 3\n```\n\n- short names\n- clear names");
  // Course materials: uploaded from the lesson editor, listed for the whole course.
  await teacher.getByTestId("upload-lesson_attachment").setInputFiles({
    name: "variables-cheatsheet.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("x = 3 stores 3 under the name x\n"),
  });
  await teacher
    .getByTestId("attachment")
    .filter({ hasText: "variables-cheatsheet.txt" })
    .waitFor({ timeout: UI_TIMEOUT_MS });
  // A file added by mistake is removed again, after a confirmation.
  await teacher.getByTestId("upload-lesson_attachment").setInputFiles({
    name: "wrong-file.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("not for this course\n"),
  });
  const wrong = teacher.getByTestId("attachment-list").locator("li").filter({ hasText: "wrong-file.txt" });
  await wrong.waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(teacher, "courses-attachments");
  await wrong.getByTestId("remove-attachment").click({ timeout: UI_TIMEOUT_MS });
  // The page asks in its own dialog before going ahead.
  await teacher.getByTestId("confirm-accept").click({ timeout: UI_TIMEOUT_MS });
  await wrong.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
  await saveLesson(teacher, "What is a variable?");

  await newLesson(teacher, "Quiz", "Check yourself");
  const questions = teacher.getByTestId("question-editor");
  const first = questions.nth(0);
  await first.getByLabel("Prompt").fill("What does `x = 3` do?");
  await fillOptions(first, ["Compares x with 3", "Stores 3 under the name x"]);
  await first.getByLabel("Option 2 is correct").check();
  await first.getByLabel("Explanation, shown after answering").fill("`=` assigns; `==` compares.");
  const add = async (type: string) => {
    await teacher.getByLabel("Type of question to add").selectOption({ label: type });
    await teacher.getByRole("button", { name: "Add question" }).click();
  };
  await add("Multiple choice");
  const second = questions.nth(1);
  await second.getByLabel("Prompt").fill("Which are valid names?");
  await fillOptions(second, ["total", "2fast", "my_name"]);
  // The first option starts out marked correct; "total" is, and so is "my_name".
  await second.getByLabel("Option 3 is correct").check();
  await add("True / false");
  const third = questions.nth(2);
  await third.getByLabel("Prompt").fill("Python names are case-sensitive.");
  await add("Short answer");
  const fourth = questions.nth(3);
  await fourth.getByLabel("Prompt").fill("Which function shows a value?");
  await fourth.getByLabel("Accepted answers, one per line").fill("print\nprint()");
  await saveScreenshot(teacher, "courses-quiz-editor");
  await saveLesson(teacher, "Check yourself");
  await teacher.getByTestId("publish-toggle").click();
  await expect.poll(() => teacher.getByTestId("publish-state").textContent()).toContain("Published");
  await expect.poll(() => teacher.getByTestId("edit-lesson").count()).toBe(2);
  await saveScreenshot(teacher, "courses-editor");

  // The learner finds it in the catalog and enrolls.
  const learner = await signIn(await registerUser(env.url));
  await learner.goto("/courses");
  await learner.getByTestId("catalog-search").fill(TITLE);
  const card = learner.getByTestId("course").filter({ hasText: TITLE });
  await card.waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => learner.getByTestId("course").count()).toBe(1);
  await saveScreenshot(learner, "courses-catalog");
  await card.getByRole("button", { name: "Enroll" }).click();
  await card.getByRole("link", { name: "Open" }).click();
  await learner.waitForURL(courseUrl, { timeout: UI_TIMEOUT_MS });
  await learner.getByRole("link", { name: "Start" }).click();

  // The reading: rendered markdown, completed by hand.
  await learner.getByRole("heading", { name: "Variables", level: 2 }).waitFor({ timeout: UI_TIMEOUT_MS });
  await learner.getByTestId("markdown").locator("pre code").filter({ hasText: "x = 3" }).waitFor();
  const material = learner.getByTestId("course-materials").getByTestId("attachment");
  await material.filter({ hasText: "variables-cheatsheet.txt" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await expect(material.count()).resolves.toBe(1);
  // Opening it asks for a fresh presigned URL, which the enrolled learner is given.
  const signed = learner.waitForResponse((r) => /\/api\/uploads\/[a-f0-9]{24}\/url$/.test(r.url()), {
    timeout: UI_TIMEOUT_MS,
  });
  await material.click();
  expect((await signed).status()).toBe(200);
  await learner.getByRole("button", { name: "Mark as complete" }).click();
  await learner.getByTestId("lesson-completed").waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => learner.getByTestId("sidebar-progress").textContent()).toContain("1 of 2 lessons · 50%");
  await saveScreenshot(learner, "courses-lesson-reading");

  // The quiz: a first try with two mistakes, graded per question; then a pass.
  await learner.getByRole("link", { name: "Next →" }).click();
  const quiz = learner.getByTestId("quiz");
  await quiz.waitFor({ timeout: UI_TIMEOUT_MS });
  const asked = quiz.getByTestId("quiz-question");
  await asked.nth(0).getByLabel("Compares x with 3").check();
  await asked.nth(1).getByLabel("total").check();
  await asked.nth(1).getByLabel("my_name").check();
  await asked.nth(2).getByLabel("True").check();
  await asked.nth(3).getByPlaceholder("Your answer").fill("echo");
  await quiz.getByRole("button", { name: "Submit answers" }).click();
  await expect.poll(() => learner.getByTestId("quiz-score").textContent()).toContain("2 of 4 correct (50%)");
  await expect
    .poll(() => asked.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-result"))))
    .toEqual(["incorrect", "correct", "correct", "incorrect"]);
  // The explanation shows once answered, its `code` rendered.
  await asked.nth(0).locator("code").filter({ hasText: "==" }).waitFor();
  await saveScreenshot(learner, "courses-quiz-results");

  await quiz.getByRole("button", { name: "Try again" }).click();
  await asked.nth(0).getByLabel("Stores 3 under the name x").check();
  await asked.nth(1).getByLabel("total").check();
  await asked.nth(1).getByLabel("my_name").check();
  await asked.nth(2).getByLabel("True").check();
  await asked.nth(3).getByPlaceholder("Your answer").fill("  Print ");
  await quiz.getByRole("button", { name: "Submit answers" }).click();
  await expect.poll(() => learner.getByTestId("quiz-score").textContent()).toContain("Passed");
  await learner.getByTestId("lesson-completed").waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => learner.getByTestId("sidebar-progress").textContent()).toContain("2 of 2 lessons · 100%");
  await saveScreenshot(learner, "courses-quiz-passed");

  // The course page shows both lessons ticked and the course complete.
  await learner.goto(courseUrl);
  await expect.poll(() => learner.getByTestId("course-progress").textContent()).toContain("100%");
  await expect
    .poll(() => learner.getByTestId("outline-lesson").evaluateAll((nodes) => nodes.map((n) => n.dataset.done)))
    .toEqual(["true", "true"]);
  await saveScreenshot(learner, "courses-course-complete");

  // The instructor reads the quiz's statistics: two attempts, the first question right once.
  await teacher.getByRole("link", { name: "Stats" }).click();
  await expect.poll(() => teacher.getByTestId("stats-attempts").textContent(), { timeout: UI_TIMEOUT_MS }).toBe("2");
  await expect.poll(() => teacher.getByTestId("question-stats").first().textContent()).toContain("50% correct");
  await saveScreenshot(teacher, "courses-quiz-stats");
  expect(pageErrors).toEqual([]);
});
