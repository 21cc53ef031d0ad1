import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { classCluster } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

const web = browserForFile();
const cluster = classCluster(1, 1);

/** What the class leaderboard beside the live class tells this account about its own place. */
async function ownPlaceNote(account: TestAccount): Promise<{ page: Page; text: string }> {
  const page = await signIn(web.browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1360, height: 860 } },
  });
  await page.goto(`/rooms/${cluster.fixture.roomId}/live`);
  const note = page.getByTestId("leaderboard-me");
  await note.waitFor({ timeout: UI_TIMEOUT_MS });
  return { page, text: (await note.textContent())!.trim() };
}

it("a teacher is not told to earn XP to join the class leaderboard; a learner is", { timeout: 120_000 }, async () => {
  const teacher = await ownPlaceNote(cluster.fixture.instructor);
  expect(teacher.text).not.toContain("earn XP");
  expect(teacher.text).toBe("Only learners are ranked here, by the XP they earn.");
  await saveScreenshot(teacher.page, "leaderboard-teacher-note");

  const learner = await ownPlaceNote(cluster.fixture.learners[0]!);
  expect(learner.text).toBe("You are not on this board yet: earn XP to join it.");
});
