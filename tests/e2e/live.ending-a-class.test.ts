import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

const web = browserForFile({ fakeMedia: true });
const cluster = classCluster(1, 1, ROOMY_LIMITS, { media: 1 });

/** Native `confirm()` prompts each page raised; the app should raise none. */
const nativeDialogs: string[] = [];

async function openClassroom(account: TestAccount): Promise<Page> {
  const page = await signIn(web.browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1360, height: 860 } },
    onPage: (p) =>
      p.on("dialog", (dialog) => {
        nativeDialogs.push(dialog.message());
        void dialog.dismiss();
      }),
  });
  await page.goto(`/rooms/${cluster.fixture.roomId}/live`);
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

const liveIs = (page: Page, open: boolean) =>
  page.locator(`[data-testid="live-status"][data-open="${open}"]`).waitFor({ timeout: UI_TIMEOUT_MS });

it("ending a class asks in the page; the teacher is told it ended and finds attendance and the course", {
  timeout: 180_000,
}, async () => {
  const { instructor, learners, course } = cluster.fixture;
  const teacher = await openClassroom(instructor);
  const learner = await openClassroom(learners[0]!);
  await teacher.getByTestId("start-class").click({ timeout: UI_TIMEOUT_MS });
  await liveIs(teacher, true);
  await liveIs(learner, true);

  // End class opens the in-page dialog; Cancel leaves the class on.
  await teacher.getByTestId("end-class").click();
  const dialog = teacher.getByRole("alertdialog", { name: "End the class for everyone?" });
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(teacher, "confirm-end-class");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT_MS });
  expect(await teacher.getByTestId("live-status").getAttribute("data-open")).toBe("true");
  expect(await learner.getByTestId("live-status").getAttribute("data-open")).toBe("true");

  // Going ahead ends it for everyone.
  await teacher.getByTestId("end-class").click();
  await dialog.getByRole("button", { name: "End class" }).click({ timeout: UI_TIMEOUT_MS });
  await liveIs(teacher, false);
  await liveIs(learner, false);
  expect(nativeDialogs).toEqual([]);

  // The teacher is not thanked for joining their own class: told it ended, with attendance and the course at hand.
  const card = teacher.getByTestId("class-not-started");
  await card.getByTestId("class-ended-note").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await card.textContent()).not.toContain("Thanks for joining");
  expect(await card.getByRole("link", { name: "Back to the course" }).getAttribute("href")).toBe(
    `/courses/${course.id}`,
  );
  await card.getByTestId("see-attendance").click();
  expect(await teacher.getByTestId("side-tab-attendance").getAttribute("aria-selected")).toBe("true");
  await saveScreenshot(teacher, "live-class-ended-instructor");

  // A learner who was there is thanked.
  await learner.getByTestId("class-not-started").filter({ hasText: "Thanks for joining" }).waitFor({
    timeout: UI_TIMEOUT_MS,
  });
});
