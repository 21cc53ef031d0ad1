import { expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { buildCourse, courseNode, enrolledLearner } from "../helpers/courses";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

const web = browserForFile();
const node = courseNode();

it("a lesson video that cannot load says so and offers a retry", { timeout: 120_000 }, async () => {
  const videoUrl = `${node.url}/media/gone-lesson-video.mp4`;
  const { course, lessons } = await buildCourse(node.url, node.instructor, [
    { title: "Intro video", content: { kind: "video", url: videoUrl, notes: "" } },
  ]);
  const learner = await enrolledLearner(node.url, course.id);
  const page = await signIn(web.browser, node.url, learner, { context: { viewport: { width: 1280, height: 900 } } });
  // The file is gone from where the lesson points; every try gets a 404.
  let tries = 0;
  await page.route("**/media/gone-lesson-video.mp4", (route) => {
    tries++;
    return route.fulfill({ status: 404, contentType: "text/plain", body: "not found" });
  });

  await page.goto(`/courses/${course.id}/lessons/${lessons[0]!.id}`);
  const problem = page.getByTestId("lesson-video-error");
  await problem.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await problem.getAttribute("role")).toBe("alert");
  expect(await problem.textContent()).toContain("This video can't be played");
  await saveScreenshot(page, "lesson-video-error");

  // Try again loads the video afresh; it still fails, and says so again.
  const before = tries;
  await page.getByTestId("lesson-video-retry").click();
  await expect.poll(() => tries, { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(before);
  await problem.waitFor({ timeout: UI_TIMEOUT_MS });
  await page.context().close();
});
