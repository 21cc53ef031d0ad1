import type { BreakoutSessionView } from "@chalkline/shared";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { goLive } from "../helpers/breakouts";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, type ClientSocket, connectSocket } from "../helpers/clients";
import { CollabClient } from "../helpers/collab-client";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 30_000;

// Built before the cluster starts: a server node serves the web app only if it finds the build.
beforeAll(() => ensureWebBuild(), 180_000);
const cluster = classCluster(1, 6, ROOMY_LIMITS, { media: 1 });
let browser: Browser;
const sockets: ClientSocket[] = [];
const docs: CollabClient[] = [];

beforeAll(async () => {
  browser = await launchBrowser({ fakeMedia: true });
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const d of docs) d.destroy();
  await browser?.close();
});

it("the instructor places learners in three rooms by hand, opens them, and watches them on a grid whose thumbnails follow the boards", async () => {
  const node = cluster.nodes[0]!;
  const { roomId, instructor, learners } = cluster.fixture;
  const { socket: teacher } = await connectSocket(node.url, instructor.accessToken);
  sockets.push(teacher);
  const liveClassId = await goLive(teacher, roomId);

  const page: Page = await signIn(browser, node.url, instructor, {
    context: { viewport: { width: 1400, height: 1000 } },
  });
  await page.goto(`/rooms/${roomId}/live`);
  const planner = page.getByTestId("breakout-planner");
  await planner.waitFor({ timeout: UI_TIMEOUT_MS });
  // By hand: three rooms, the six learners as the form first places them, two in each.
  await planner.getByLabel("Room count").fill("3");
  await planner.getByLabel(/By hand/).check();
  await expect.poll(() => planner.getByLabel(/^Room of /).count(), { timeout: UI_TIMEOUT_MS }).toBe(6);
  await planner.getByLabel("Starting code").fill("def solve():\n    return 0\n");
  await planner.getByTestId("open-breakouts").click();

  const rooms = page.getByTestId("breakout-room");
  await expect.poll(() => rooms.count(), { timeout: UI_TIMEOUT_MS }).toBe(3);
  for (let i = 0; i < 3; i++) {
    await expect.poll(() => rooms.nth(i).locator("select").count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
  }
  await page.getByTestId("breakout-countdown").waitFor({ timeout: UI_TIMEOUT_MS });

  // Learners draw on their boards and write code: the grid follows without a reload.
  const { body } = await api<{ session: BreakoutSessionView }>(
    node.url,
    "GET",
    `/api/live-classes/${liveClassId}/breakouts`,
    {
      token: instructor.accessToken,
    },
  );
  const colors = ["#e11d48", "#2563eb", "#16a34a"];
  for (const [i, room] of body.session.rooms.entries()) {
    const learner = learners.find((l) => l.user.id === room.memberIds[0])!;
    const board = new CollabClient(node.url, room.boardDocId!, learner.accessToken);
    const code = new CollabClient(node.url, room.codeDocId!, learner.accessToken);
    docs.push(board, code);
    await Promise.all([board.synced(), code.synced()]);
    for (let s = 0; s <= i; s++) {
      board.doc.getMap("shapes").set(`shape-${i}-${s}`, {
        id: `shape-${i}-${s}`,
        type: s % 2 ? "ellipse" : "rect",
        x: 40 + s * 140,
        y: 40 + s * 30,
        w: 120,
        h: 80,
        color: colors[i]!,
        z: s,
        authorId: learner.user.id,
      });
    }
    code.text.insert(code.text.length, `# ${room.name} was here\n`);
  }
  for (const [i] of body.session.rooms.entries()) {
    const thumb = rooms.nth(i).getByTestId("board-thumb");
    await expect.poll(() => thumb.locator("rect, ellipse").count(), { timeout: UI_TIMEOUT_MS }).toBe(i + 1);
  }
  await expect.poll(() => rooms.first().locator("pre").textContent(), { timeout: UI_TIMEOUT_MS }).toContain("was here");
  await saveScreenshot(page, "breakouts-instructor-grid");

  // Help from a room shows on its card.
  const helper = learners.find((l) => l.user.id === body.session.rooms[1]!.memberIds[0])!;
  const { socket } = await connectSocket(node.url, helper.accessToken);
  sockets.push(socket);
  await socket.emitWithAck("hand:raise", { roomId: body.session.rooms[1]!.roomId! });
  await rooms.nth(1).getByTestId("help-request").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "breakouts-instructor-grid-help");

  // Ending the class ends the rooms with it; its record lists what each room left, to open read-only.
  await page.getByTestId("end-class").click();
  await page
    .getByRole("alertdialog", { name: "End the class for everyone?" })
    .getByRole("button", { name: "End class" })
    .click({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId("class-not-started").getByTestId("see-attendance").click({ timeout: UI_TIMEOUT_MS });
  const record = page.getByTestId("class-snapshots");
  await expect.poll(() => record.getByTestId("class-snapshot").count(), { timeout: UI_TIMEOUT_MS }).toBe(3);
  await record.getByTestId("class-snapshot").first().getByRole("button", { name: "Open" }).click();
  await expect
    .poll(() => record.getByTestId("breakout-snapshot").locator("pre").textContent(), { timeout: UI_TIMEOUT_MS })
    .toContain("was here");
  await saveScreenshot(page, "breakouts-class-record");
  await page.context().close();
});
