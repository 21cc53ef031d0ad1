import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { ensureWebBuild, launchBrowser, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { twoMediaNodes, untilNodes } from "../helpers/media-cluster";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

// Built before the cluster starts: a server node serves the web app only if it finds the build.
beforeAll(() => ensureWebBuild(), 180_000);
// One learner's camera and microphone fill a media node: the next learner is placed on the other.
const cluster = twoMediaNodes({ learners: 2, serverEnv: { MEDIA_NODE_MAX_CONSUMERS: "2" } });
let browser: Browser;
const contexts: BrowserContext[] = [];
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

const framesShown = (page: Page, userId: string): Promise<number> =>
  cameraTile(page, userId)
    .locator("video")
    .evaluate((video: HTMLVideoElement) => {
      const decoded = (video as HTMLVideoElement & { webkitDecodedFrameCount?: number }).webkitDecodedFrameCount ?? 0;
      return Math.max(video.getVideoPlaybackQuality().totalVideoFrames, decoded);
    })
    .catch(() => 0);

const videoTrackOf = (page: Page, userId: string): Promise<string> =>
  cameraTile(page, userId)
    .locator("video")
    .evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? "")
    .catch(() => "");

/** The tile shows a camera whose picture moves: frames are decoded, then more of them. */
async function expectMovingVideo(page: Page, userId: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  await cameraTile(page, userId).locator("video").waitFor({ timeout });
  await expect.poll(() => framesShown(page, userId), { timeout }).toBeGreaterThan(0);
  const before = await framesShown(page, userId);
  await expect.poll(() => framesShown(page, userId), { timeout }).toBeGreaterThan(before);
}

it("a learner placed on a second media node sees the instructor's camera piped from the first; when the first dies, pictures come back", {
  timeout: 240_000,
}, async () => {
  const { instructor, learners } = cluster.fixture;
  const [ada, bea] = learners as [TestAccount, TestAccount];
  const url = cluster.nodes[0]!.url;
  onTestFailed(() => {
    console.log(`--- browser console ---\n${consoleLines.join("\n")}`);
    for (const [id, node] of Object.entries(cluster.media)) console.log(`--- ${id} ---\n${node.logs().slice(-4_000)}`);
  });

  const teacher = await openClassroom(instructor, "instructor");
  await teacher.getByTestId("start-class").click({ timeout: UI_TIMEOUT_MS });
  await teacher.locator('[data-testid="live-status"][data-open="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await teacher.getByTestId("publish-av").click({ timeout: UI_TIMEOUT_MS });
  await teacher.locator('[data-testid="toggle-camera"][data-state="on"]').waitFor({ timeout: UI_TIMEOUT_MS });

  // Ada fills the class's first node with the instructor's camera and microphone.
  const a = await openClassroom(ada, "ada");
  await expectMovingVideo(a, instructor.user.id);
  const loaded = await untilNodes(url, cluster.admin, (nodes) => nodes.some((n) => n.consumers >= 2));
  const origin = loaded.find((n) => n.consumers >= 2)!.nodeId as "media-a" | "media-b";
  const other = origin === "media-a" ? "media-b" : "media-a";

  // Bea is placed on the other node; the camera reaches her through the pipe between the nodes.
  const b = await openClassroom(bea, "bea");
  await expectMovingVideo(b, instructor.user.id);
  const spread = await untilNodes(url, cluster.admin, (nodes) =>
    nodes.every((n) => n.consumers >= (n.nodeId === other ? 1 : 2)),
  );
  expect(spread.map((n) => n.nodeId).sort()).toEqual(["media-a", "media-b"]);

  // The first node dies: every page rejoins on the survivor, and Bea's picture moves again within 15 s.
  const oldTrack = await videoTrackOf(b, instructor.user.id);
  await cluster.media[origin].kill("SIGKILL");
  const restored = async () => {
    if ((await videoTrackOf(b, instructor.user.id)) === oldTrack) return false;
    const before = await framesShown(b, instructor.user.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (await framesShown(b, instructor.user.id)) > before;
  };
  await expect.poll(restored, { timeout: 15_000, interval: 200 }).toBe(true);
  await expectMovingVideo(a, instructor.user.id);
});
