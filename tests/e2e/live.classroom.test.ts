import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
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
      p.on("pageerror", (error) => consoleLines.push(`[${label}] page error: ${error.message}`));
    },
  });
  contexts.push(page.context());
  await page.goto(`/rooms/${cluster.fixture.roomId}/live`);
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

const cameraTile = (page: Page, userId: string): Locator =>
  page.locator(`[data-testid="video-tile"][data-user-id="${userId}"][data-source="camera"]`);

/** Frames the tile's video has shown so far. */
const framesShown = (page: Page, userId: string): Promise<number> =>
  cameraTile(page, userId)
    .locator("video")
    .evaluate((video: HTMLVideoElement) => {
      const decoded = (video as HTMLVideoElement & { webkitDecodedFrameCount?: number }).webkitDecodedFrameCount ?? 0;
      return Math.max(video.getVideoPlaybackQuality().totalVideoFrames, decoded);
    })
    .catch(() => 0);

/** The tile shows someone's camera, and its picture moves: frames are decoded, then more of them. */
async function expectMovingVideo(page: Page, userId: string): Promise<void> {
  await cameraTile(page, userId).locator("video").waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => framesShown(page, userId), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
  const before = await framesShown(page, userId);
  await expect.poll(() => framesShown(page, userId), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(before);
}

/** The state of the received audio track from `userId`, or "none". */
const audioFrom = (page: Page, userId: string): Promise<string> =>
  page.evaluate((id) => {
    const audio = document.querySelector<HTMLAudioElement>(`[data-testid="remote-audio"][data-user-id="${id}"]`);
    const track = (audio?.srcObject as MediaStream | null)?.getAudioTracks()[0];
    if (!audio || !track) return "none";
    return `${track.readyState}${audio.paused ? "-paused" : ""}`;
  }, userId);

/** The id of the video track the tile plays now: it changes when the media is set up again. */
const videoTrackOf = (page: Page, userId: string): Promise<string> =>
  cameraTile(page, userId)
    .locator("video")
    .evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? "")
    .catch(() => "");

const micOnTile = (page: Page, userId: string) => cameraTile(page, userId).getAttribute("data-mic");

it("an instructor teaches two learners live: video and sound reach both, a learner comes on stage and is muted", {
  timeout: 240_000,
}, async () => {
  const { instructor, learners } = cluster.fixture;
  const [ada, bea] = learners as [TestAccount, TestAccount];
  onTestFailed(() => {
    console.log(`--- browser console ---\n${consoleLines.join("\n")}`);
    console.log(`--- server node ---\n${cluster.nodes[0]?.logs().slice(-6_000)}`);
    console.log(`--- media node ---\n${cluster.media?.logs().slice(-6_000)}`);
  });

  const teacher = await openClassroom(instructor, "instructor");
  const a = await openClassroom(ada, "ada");
  const b = await openClassroom(bea, "bea");

  // The class has not started: the instructor starts it; everyone's page sees it live.
  await a.getByTestId("class-not-started").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(a, "live-classroom-waiting");
  await teacher.getByTestId("start-class").click({ timeout: UI_TIMEOUT_MS });
  for (const page of [teacher, a, b]) {
    await page.locator('[data-testid="live-status"][data-open="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
  }

  // The instructor turns on camera and microphone from the prompt.
  await teacher.getByTestId("publish-av").click({ timeout: UI_TIMEOUT_MS });
  await teacher.locator('[data-testid="toggle-mic"][data-state="on"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await teacher.locator('[data-testid="toggle-camera"][data-state="on"]').waitFor({ timeout: UI_TIMEOUT_MS });
  // The device picker lists the (fake) camera and microphone once they are in use.
  await teacher.getByTestId("device-picker").click();
  await expect.poll(() => teacher.getByTestId("camera-select").locator("option").count()).toBeGreaterThan(1);
  await expect.poll(() => teacher.getByTestId("mic-select").locator("option").count()).toBeGreaterThan(1);
  await teacher.keyboard.press("Escape");
  await teacher.getByTestId("camera-select").waitFor({ state: "hidden" });

  // Both learners see the instructor's camera move and hear the microphone.
  for (const page of [a, b]) {
    await expectMovingVideo(page, instructor.user.id);
    await expect.poll(() => audioFrom(page, instructor.user.id), { timeout: UI_TIMEOUT_MS }).toBe("live");
    await expect.poll(() => micOnTile(page, instructor.user.id), { timeout: UI_TIMEOUT_MS }).toBe("on");
    // The media node says which simulcast layer arrives; the tile shows it as quality bars.
    await expect
      .poll(() => cameraTile(page, instructor.user.id).getAttribute("data-layer"), { timeout: UI_TIMEOUT_MS })
      .toMatch(/^[0-2]$/);
  }
  // The fake microphone beeps: the instructor is heard as the active speaker.
  await expect
    .poll(() => cameraTile(b, instructor.user.id).getAttribute("data-speaking"), { timeout: UI_TIMEOUT_MS })
    .toBe("true");
  // Learners off stage may not publish: they are told how to ask.
  await a.getByTestId("raise-hand-hint").waitFor({ timeout: UI_TIMEOUT_MS });
  await expect(b.getByTestId("toggle-mic").count()).resolves.toBe(0);
  await expect(a.getByRole("button", { name: "Raise hand" }).count()).resolves.toBe(1);

  // Ada raises her hand; the instructor brings her on stage from the queue.
  await a.getByTestId("hint-raise-hand").click();
  const hand = teacher.getByTestId("raised-hand").filter({ hasText: ada.user.displayName });
  await hand.waitFor({ timeout: UI_TIMEOUT_MS });
  await hand.getByTestId("bring-on-stage").click();
  await a.getByTestId("publish-av").click({ timeout: UI_TIMEOUT_MS });
  await a.locator('[data-testid="toggle-mic"][data-state="on"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => teacher.getByTestId("raised-hand").count(), { timeout: UI_TIMEOUT_MS }).toBe(0);

  // Bea sees and hears Ada; so does the instructor.
  await expectMovingVideo(b, ada.user.id);
  await expect.poll(() => audioFrom(b, ada.user.id), { timeout: UI_TIMEOUT_MS }).toBe("live");
  await expectMovingVideo(teacher, ada.user.id);
  await expect.poll(() => audioFrom(teacher, ada.user.id), { timeout: UI_TIMEOUT_MS }).toBe("live");
  await saveScreenshot(teacher, "live-classroom-instructor");
  await saveScreenshot(b, "live-classroom-learner");
  await b.setViewportSize({ width: 400, height: 860 });
  await saveScreenshot(b, "live-classroom-learner-narrow");
  await b.setViewportSize({ width: 1360, height: 860 });

  // The instructor mutes Ada from her tile: her microphone closes everywhere, her camera stays.
  await cameraTile(teacher, ada.user.id).getByTestId("tile-menu").click();
  await teacher.getByTestId("tile-mute").click();
  await a.locator('[data-testid="toggle-mic"][data-state="off"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => micOnTile(a, ada.user.id), { timeout: UI_TIMEOUT_MS }).toBe("off");
  await a.getByTestId("live-notice").filter({ hasText: "muted your microphone" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => micOnTile(teacher, ada.user.id), { timeout: UI_TIMEOUT_MS }).toBe("off");
  await expect.poll(() => audioFrom(teacher, ada.user.id), { timeout: UI_TIMEOUT_MS }).toBe("none");
  await expect.poll(() => micOnTile(b, ada.user.id), { timeout: UI_TIMEOUT_MS }).toBe("off");
  await expectMovingVideo(b, ada.user.id);
  await saveScreenshot(a, "live-classroom-muted-learner");

  // The instructor looks at who is here, in the dark theme, then ends the class: media stops
  // everywhere and the attendance lists both learners.
  await teacher.emulateMedia({ colorScheme: "dark" });
  await teacher.getByTestId("side-tab-people").click();
  await expect.poll(() => teacher.getByTestId("participant").count(), { timeout: UI_TIMEOUT_MS }).toBe(3);
  await saveScreenshot(teacher, "live-classroom-instructor-dark");
  await teacher.getByTestId("end-class").click();
  // The page asks in its own dialog before going ahead.
  await teacher.getByTestId("confirm-accept").click({ timeout: UI_TIMEOUT_MS });
  for (const page of [teacher, a, b]) {
    await page.locator('[data-testid="live-status"][data-open="false"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => page.getByTestId("video-tile").count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  }
  await teacher.getByTestId("side-tab-attendance").click();
  const rows = teacher.getByTestId("attendance-row");
  await expect
    .poll(() => rows.allInnerTexts(), { timeout: UI_TIMEOUT_MS })
    .toEqual(
      expect.arrayContaining([
        expect.stringContaining(ada.user.displayName),
        expect.stringContaining(bea.user.displayName),
      ]),
    );
  await saveScreenshot(teacher, "live-classroom-ended-attendance");

  // The next class is scheduled, then started from the picker: everyone joins its fresh media.
  await teacher.getByText("Schedule a class for later").click();
  await teacher.getByLabel("Title").fill("Loops and functions");
  await teacher.getByRole("button", { name: "Schedule" }).click();
  await expect
    .poll(() => teacher.getByTestId("class-pick").locator("option:checked").textContent(), { timeout: UI_TIMEOUT_MS })
    .toContain("Loops and functions");
  await teacher.getByTestId("start-class").click();
  for (const page of [teacher, a, b]) {
    await page.locator('[data-testid="live-status"][data-open="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => page.locator("h1").textContent(), { timeout: UI_TIMEOUT_MS }).toBe("Loops and functions");
  }
  await teacher.getByTestId("publish-av").click({ timeout: UI_TIMEOUT_MS });
  await expectMovingVideo(a, instructor.user.id);
  await expect.poll(() => audioFrom(a, instructor.user.id), { timeout: UI_TIMEOUT_MS }).toBe("live");

  // A shared screen takes the spotlight; stopping the share gives it back to the camera.
  await teacher.getByTestId("toggle-screen").click();
  const screen = a.locator(`[data-testid="spotlight"] [data-user-id="${instructor.user.id}"][data-source="screen"]`);
  await screen.locator("video").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(a, "live-classroom-screen-share");
  await teacher.getByTestId("toggle-screen").click();
  await screen.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });

  // The mediasoup worker carrying the class dies: a new one takes over, every page rejoins, and
  // the instructor's picture and sound are flowing again on a learner's page within 15 seconds.
  const oldTrack = await videoTrackOf(a, instructor.user.id);
  const [worker] = cluster.media!.workerPids();
  process.kill(worker!, "SIGKILL");
  const restored = async () => {
    if ((await videoTrackOf(a, instructor.user.id)) === oldTrack) return false;
    const before = await framesShown(a, instructor.user.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (await framesShown(a, instructor.user.id)) > before && (await audioFrom(a, instructor.user.id)) === "live";
  };
  await expect.poll(restored, { timeout: 15_000, interval: 200 }).toBe(true);
  expect(cluster.media!.workerPids()).not.toContain(worker);
  await saveScreenshot(a, "live-classroom-after-worker-restart");
});
