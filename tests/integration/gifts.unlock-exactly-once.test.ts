import type { GiftView, LearnerGifts, Notification } from "@chalkline/shared";
import { afterAll, expect, it } from "vitest";
import { api, type ClientSocket, connectSocket } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { createGift, grantPoints, guardianCluster, linkedPair } from "../helpers/guardians";
import { openStores } from "../helpers/ledger";

const GRANTS = 50;
const THRESHOLD = 250;
/** Late duplicates would arrive within this after the last grant answered. */
const SETTLE_MS = 1_500;

const cluster = guardianCluster(2);
const sockets: ClientSocket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

it("50 concurrent point grants on two nodes crossing a gift's threshold unlock it exactly once", {
  timeout: 120_000,
}, async () => {
  const urls = cluster.nodes.map((n) => n.url);
  const { learner, guardian } = await linkedPair(urls[0]!);
  const gift = await createGift(urls[1]!, guardian, learner.user.id, {
    kind: "custom",
    payer: "learner",
    title: "Cinema night",
    message: "Well done!",
    threshold: THRESHOLD,
  });
  const far = await createGift(urls[0]!, guardian, learner.user.id, {
    kind: "custom",
    payer: "learner",
    title: "Bike",
    threshold: 100_000,
  });
  expect([gift.status, far.status]).toEqual(["locked", "locked"]);

  // The learner is online on both nodes: each socket must hear of the unlock once.
  const heard = await Promise.all(
    urls.map(async (url) => {
      const { socket } = await connectSocket(url, learner.accessToken);
      sockets.push(socket);
      const events = { unlocked: [] as GiftView[], notifications: [] as Notification[] };
      socket.on("gift:unlocked", (g) => events.unlocked.push(g));
      socket.on("notification:new", (n) => events.notifications.push(n));
      return events;
    }),
  );

  const statuses = await grantPoints(urls, cluster.admin, learner.user.id, "burst", GRANTS);
  expect(statuses).toEqual(Array(GRANTS).fill(201));
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  for (const events of heard) {
    expect(events.unlocked.map((g) => [g.id, g.status, g.message])).toEqual([[gift.id, "unlocked", "Well done!"]]);
    expect(events.notifications.filter((n) => n.kind === "gift_unlocked")).toHaveLength(1);
  }
  const stores = await openStores(cluster.names);
  try {
    expect(await stores.db.collection("notifications").countDocuments({ kind: "gift_unlocked" })).toBe(1);
  } finally {
    await stores.close();
  }

  // The learner sees the unlocked gift, and of the locked one only that it exists and how far it is.
  const mine = expectStatus(
    await api<LearnerGifts>(urls[1]!, "GET", "/api/me/gifts", { token: learner.accessToken }),
    200,
    "my gifts",
  );
  expect(mine.points).toBeGreaterThanOrEqual(GRANTS * 10);
  expect(mine.locked).toEqual({ count: 1, nextThreshold: 100_000 });
  expect(mine.gifts.map((g) => [g.id, g.status])).toEqual([[gift.id, "unlocked"]]);
  expect(JSON.stringify(mine)).not.toContain("Bike");

  // More points change nothing: the gift has left `locked` for good.
  await grantPoints(urls, cluster.admin, learner.user.id, "more", 5);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  for (const events of heard) expect(events.unlocked).toHaveLength(1);
});
