import type { GiftView, GuardianLinkList, LearnerOverview, LinkCodeView } from "@chalkline/shared";
import mongoose from "mongoose";
import { expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/src/seed/demo";
import { api, login, registerUser, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { createGift, grantPoints, guardianCluster, linkedPair, linkWithCode } from "../helpers/guardians";
import { openStores } from "../helpers/ledger";

const cluster = guardianCluster(1);
const url = () => cluster.nodes[0]!.url;
const TASK = { question: "2 + 2?", choices: ["3", "4"], correctChoice: 1, points: 20 };

function asUser(account: TestAccount, method: string, path: string, body?: unknown) {
  return api(url(), method, path, { token: account.accessToken, body });
}

it("a code links once: a second guardian, a retyped code or an expired code gets nowhere", async () => {
  const learner = await registerUser(url(), "learner");
  const [first, second] = [await registerUser(url(), "guardian"), await registerUser(url(), "guardian")];
  const newCode = async () =>
    expectStatus(await asUser(learner, "POST", "/api/guardian-links/code"), 201, "code") as LinkCodeView;
  const code = await newCode();
  expect(code.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

  // Typed with a dash and in lower case, the way a person might.
  const typed = `${code.code.slice(0, 4)}-${code.code.slice(4)}`.toLowerCase();
  expect((await asUser(first, "POST", "/api/guardian-links", { code: typed })).status).toBe(201);
  expect((await asUser(second, "POST", "/api/guardian-links", { code: code.code })).status).toBe(404);
  expect((await asUser(first, "POST", "/api/guardian-links", { code: code.code })).status).toBe(404);

  // Two guardians typing one code at the same moment: one of them links.
  const contested = await newCode();
  const others = await Promise.all(Array.from({ length: 6 }, () => registerUser(url(), "guardian")));
  const tries = await Promise.all(
    others.map((g) => asUser(g, "POST", "/api/guardian-links", { code: contested.code })),
  );
  expect(tries.map((t) => t.status).sort()).toEqual([201, 404, 404, 404, 404, 404]);

  const stores = await openStores(cluster.names);
  try {
    const past = new Date(Date.now() - 1000);
    const expired = { _id: "EXPRD234", learnerId: new mongoose.Types.ObjectId(learner.user.id), expiresAt: past };
    await stores.db.collection<typeof expired>("guardianLinkCodes").insertOne(expired);
  } finally {
    await stores.close();
  }
  expect((await asUser(second, "POST", "/api/guardian-links", { code: "EXPRD234" })).status).toBe(404);

  // Only guardians confirm codes, only learners hand them out.
  expect((await asUser(learner, "POST", "/api/guardian-links", { code: code.code })).status).toBe(403);
  expect((await asUser(first, "POST", "/api/guardian-links/code")).status).toBe(403);

  const links = (await asUser(learner, "GET", "/api/guardian-links")).body as GuardianLinkList;
  const winner = others[tries.findIndex((t) => t.status === 201)]!;
  expect(links.links.map((l) => l.guardian.id)).toEqual([first.user.id, winner.user.id]);
});

it("a guardian without a link cannot see a learner, nor set them tasks or gifts", async () => {
  const { learner, guardian } = await linkedPair(url());
  const stranger = await registerUser(url(), "guardian");
  const base = `/api/learners/${learner.user.id}`;
  const gift = { kind: "custom", payer: "learner", title: "Skates", threshold: 10 } as const;

  for (const [method, path, body] of [
    ["GET", `${base}/overview`],
    ["GET", `${base}/tasks`],
    ["POST", `${base}/tasks`, TASK],
    ["GET", `${base}/gifts`],
    ["POST", `${base}/gifts`, gift],
  ] as const) {
    expect((await asUser(stranger, method, path, body)).status, `${method} ${path}`).toBe(404);
    // The learner themselves is no guardian either.
    expect((await asUser(learner, method, path, body)).status, `${method} ${path} as learner`).toBe(403);
  }

  const overview = expectStatus(await asUser(guardian, "GET", `${base}/overview`), 200, "overview") as LearnerOverview;
  expect(overview).toMatchObject({
    learner: { id: learner.user.id },
    points: 0,
    attendance: { minutes: 0, classes: 0 },
  });

  // A gift the stranger cannot touch, shipped by its guardian only.
  await grantPoints([url()], cluster.admin, learner.user.id, "earn", 2);
  const created = await createGift(url(), guardian, learner.user.id, { ...gift, kind: "custom", physical: true });
  expect(expectStatus(await asUser(learner, "POST", `/api/me/gifts/${created.id}/open`), 200, "open")).toMatchObject({
    shipping: { status: "pending" },
  });
  const ship = (who: TestAccount, status: string) =>
    asUser(who, "PUT", `/api/gifts/${created.id}/shipping`, { status });
  expect((await ship(stranger, "shipped")).status).toBe(404);
  expect((await ship(learner, "shipped")).status).toBe(403);
  expect((await ship(guardian, "delivered")).status).toBe(409);
  expect(((await ship(guardian, "shipped")).body as GiftView).shipping?.status).toBe("shipped");
  expect(((await ship(cluster.admin, "delivered")).body as GiftView).shipping?.status).toBe("delivered");
  expect((await asUser(stranger, "DELETE", `/api/gifts/${created.id}`)).status).toBe(404);

  // The learner ends the link: the guardian loses sight of them at once.
  expect((await asUser(learner, "DELETE", `/api/guardian-links/${guardian.user.id}`)).status).toBe(204);
  expect((await asUser(guardian, "GET", `${base}/overview`)).status).toBe(404);
  // Linking again takes a new code.
  await linkWithCode(url(), learner, guardian);
  expect((await asUser(guardian, "GET", `${base}/overview`)).status).toBe(200);
});

it("the demo guardian follows a demo learner, with a task and a locked gift waiting", async () => {
  const grace = await login(url(), "grace@demo.chalkline.dev", DEMO_PASSWORD);
  const links = expectStatus(await asUser(grace, "GET", "/api/guardian-links"), 200, "links") as GuardianLinkList;
  expect(links.links.map((l) => l.learner.displayName)).toEqual(["Lena Learner"]);
  const base = `/api/learners/${links.links[0]!.learner.id}`;
  expect(((await asUser(grace, "GET", `${base}/tasks`)).body as { tasks: unknown[] }).tasks).toHaveLength(1);
  expect(((await asUser(grace, "GET", `${base}/gifts`)).body as { gifts: GiftView[] }).gifts[0]?.status).toBe("locked");
});
