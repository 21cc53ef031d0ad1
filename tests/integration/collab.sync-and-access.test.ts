import type { DocView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, roomDocs, until } from "../helpers/collab-client";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
let fixture: ClassFixture;
let code: DocView;
beforeAll(async () => {
  nodes = await startCluster(2, ROOMY_LIMITS);
  fixture = await classWithLearners(nodes[0]!.url, 2);
  const docs = await roomDocs(nodes[0]!.url, fixture.roomId, fixture.learners[0]!.accessToken);
  code = docs.find((d) => d.kind === "code")!;
}, 120_000);
afterAll(() => stopAll(nodes));

it("two clients on two nodes edit one file and converge", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const one = new CollabClient(a.url, code.id, fixture.learners[0]!.accessToken);
  const two = new CollabClient(b.url, code.id, fixture.learners[1]!.accessToken);
  await Promise.all([one.synced(), two.synced()]);
  one.text.insert(0, "print('hello')\n");
  two.text.insert(0, "# shared file\n");
  await until(() => one.text.toString() === two.text.toString() && one.text.length > 20, 10_000, "convergence");
  expect(one.text.toString()).toContain("print('hello')");
  expect(one.text.toString()).toContain("# shared file");
  one.destroy();
  two.destroy();
});

it("a non-member gets no ticket, nor does a bad token, nor a missing document", async () => {
  const [a] = nodes as [ServerNodeHandle];
  const stranger = await registerUser(a.url);
  const refused = async (docId: string, token: string) => {
    const client = new CollabClient(a.url, docId, token);
    await until(() => client.refusedTickets.length > 0, 10_000, "a refused ticket");
    client.destroy();
    return client.refusedTickets[0];
  };
  expect(await refused(code.id, stranger.accessToken)).toBe(403);
  expect(await refused(code.id, "not-a-token")).toBe(401);
  expect(await refused("0123456789abcdef01234567", fixture.learners[0]!.accessToken)).toBe(404);
});

it("a locked document drops a learner's edits everywhere while the instructor keeps writing", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const teacher = new CollabClient(a.url, code.id, fixture.instructor.accessToken);
  const learner = new CollabClient(b.url, code.id, fixture.learners[0]!.accessToken);
  const watcher = new CollabClient(a.url, code.id, fixture.learners[1]!.accessToken);
  await Promise.all([teacher.synced(), learner.synced(), watcher.synced()]);

  const locked = await api(a.url, "PUT", `/api/docs/${code.id}/lock`, {
    token: fixture.instructor.accessToken,
    body: { readOnly: true },
  });
  expect(locked.body.readOnly).toBe(true);
  const denied = await api(a.url, "PUT", `/api/docs/${code.id}/lock`, {
    token: fixture.learners[0]!.accessToken,
    body: { readOnly: false },
  });
  expect(denied.status).toBe(403);
  await new Promise((r) => setTimeout(r, 300));

  learner.text.insert(0, "SHOULD-NOT-APPEAR ");
  teacher.text.insert(teacher.text.length, "\n# teacher note");
  await until(() => watcher.text.toString().includes("# teacher note"), 10_000, "teacher edit");
  await new Promise((r) => setTimeout(r, 500));
  expect(watcher.text.toString()).not.toContain("SHOULD-NOT-APPEAR");
  expect(teacher.text.toString()).not.toContain("SHOULD-NOT-APPEAR");

  const late = new CollabClient(b.url, code.id, fixture.learners[1]!.accessToken);
  await late.synced();
  expect(late.text.toString()).not.toContain("SHOULD-NOT-APPEAR");

  await api(a.url, "PUT", `/api/docs/${code.id}/lock`, {
    token: fixture.instructor.accessToken,
    body: { readOnly: false },
  });
  for (const c of [teacher, learner, watcher, late]) c.destroy();
});

it("named snapshots: the instructor takes one and restores it live", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const teacher = new CollabClient(a.url, code.id, fixture.instructor.accessToken);
  const learner = new CollabClient(b.url, code.id, fixture.learners[0]!.accessToken);
  await Promise.all([teacher.synced(), learner.synced()]);
  const before = teacher.text.toString();
  const taken = await api(a.url, "POST", `/api/docs/${code.id}/snapshots`, {
    token: fixture.instructor.accessToken,
    body: { name: "before the exercise" },
  });
  expect(taken.status).toBe(201);
  learner.text.insert(0, "scribbles ");
  await until(() => teacher.text.toString().startsWith("scribbles"), 10_000, "scribbles");
  const restored = await api(b.url, "POST", `/api/docs/${code.id}/snapshots/${taken.body.id}/restore`, {
    token: fixture.instructor.accessToken,
  });
  expect(restored.status).toBe(200);
  await until(() => learner.text.toString() === before && teacher.text.toString() === before, 10_000, "restore");
  const list = await api(a.url, "GET", `/api/docs/${code.id}/snapshots`, { token: fixture.learners[0]!.accessToken });
  expect(list.body.snapshots.map((s: { name: string }) => s.name)).toContain("before the exercise");
  teacher.destroy();
  learner.destroy();
});
