import type { Browser } from "playwright-core";
import { afterAll, beforeAll, it } from "vitest";
import { goLive, planAndStart, roomOf, threeGroups } from "../helpers/breakouts";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, type ClientSocket, connectSocket } from "../helpers/clients";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 30_000;

// Built before the cluster starts: a server node serves the web app only if it finds the build.
beforeAll(() => ensureWebBuild(), 180_000);
const cluster = classCluster(1, 6, ROOMY_LIMITS, { media: 1 });
let browser: Browser;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  browser = await launchBrowser({ fakeMedia: true });
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
});

it("a learner is taken to their breakout room when it opens, hears broadcasts there, and returns when it ends", async () => {
  const node = cluster.nodes[0]!;
  const { roomId, instructor, learners } = cluster.fixture;
  const { socket: teacher } = await connectSocket(node.url, instructor.accessToken);
  sockets.push(teacher);
  const liveClassId = await goLive(teacher, roomId);

  const learner = learners[2]!;
  const page = await signIn(browser, node.url, learner, { context: { viewport: { width: 1360, height: 900 } } });
  await page.goto(`/rooms/${roomId}/live`);
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });

  const session = await planAndStart(node.url, instructor, liveClassId, threeGroups(cluster.fixture), 600);
  const mine = roomOf(session, learner.user.id);
  await page.waitForURL(`**/rooms/${mine.roomId}/live`, { timeout: UI_TIMEOUT_MS });
  const banner = page.getByTestId("breakout-banner");
  await banner.getByText(mine.name).waitFor({ timeout: UI_TIMEOUT_MS });
  await banner.getByTestId("breakout-countdown").waitFor({ timeout: UI_TIMEOUT_MS });

  await api(node.url, "POST", `/api/breakouts/${session.id}/broadcast`, {
    token: instructor.accessToken,
    body: { text: "Two minutes left, wrap up" },
  });
  await banner.getByTestId("breakout-broadcast").getByText("Two minutes left").waitFor({ timeout: UI_TIMEOUT_MS });
  // In a breakout the hand is a call for help: same queue, the room's own words.
  const queue = page.getByTestId("hand-queue");
  await queue.getByRole("heading", { name: /Help requests/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  await queue.getByRole("button", { name: "Ask for help" }).click();
  await queue.getByTestId("raised-hand").getByText(learner.user.displayName).waitFor({ timeout: UI_TIMEOUT_MS });
  await queue.getByRole("button", { name: "Cancel my help request" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "breakouts-learner-room");

  await api(node.url, "POST", `/api/breakouts/${session.id}/end`, { token: instructor.accessToken });
  await page.waitForURL(`**/rooms/${roomId}/live`, { timeout: UI_TIMEOUT_MS });
  await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
  await page.context().close();
});
