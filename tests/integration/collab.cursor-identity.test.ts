import { type AwarenessUser, type DocView, userColor } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, rawCollabConnection, roomDocs, until } from "../helpers/collab-client";
import { awarenessFrame } from "../helpers/collab-frames";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
let fixture: ClassFixture;
let code: DocView;
beforeAll(async () => {
  nodes = await startCluster(2, ROOMY_LIMITS);
  fixture = await classWithLearners(nodes[0]!.url, 1);
  const docs = await roomDocs(nodes[0]!.url, fixture.roomId, fixture.learners[0]!.accessToken);
  code = docs.find((d) => d.kind === "code")!;
}, 120_000);
afterAll(() => stopAll(nodes));

const impostor = {
  id: "000000000000000000000000",
  name: "Teacher",
  role: "instructor",
  color: "#ff0000",
  colorLight: "#ff000033",
};

it("a cursor shows its account's name, role and colour, not what its awareness claims, on every node", async () => {
  const learner = fixture.learners[0]!;
  const observer = new CollabClient(nodes[1]!.url, code.id, fixture.instructor.accessToken);
  await observer.synced();
  const userOf = (clientId: number) =>
    (observer.provider.awareness.getStates().get(clientId) as { user?: AwarenessUser } | undefined)?.user;

  const expected: AwarenessUser = {
    id: learner.user.id,
    name: learner.user.displayName,
    role: "learner",
    ...userColor(learner.user.id),
  };

  // Through the provider, as a browser would set it.
  const provided = new CollabClient(nodes[0]!.url, code.id, learner.accessToken);
  await provided.synced();
  provided.provider.awareness.setLocalState({ user: impostor, cursor: null });
  const providedId = provided.doc.clientID;
  await until(() => userOf(providedId) !== undefined, 10_000, "the provider's cursor");
  expect(userOf(providedId)).toEqual(expected);

  // A hand-written frame, with other fields kept and `user` in another shape.
  const raw = await rawCollabConnection(nodes[0]!.url, code.id, learner.accessToken);
  raw.ws.send(awarenessFrame(777_001, JSON.stringify({ user: "Teacher", pointer: { x: 1, y: 2, laser: false } })));
  await until(() => userOf(777_001) !== undefined, 10_000, "the raw cursor");
  expect(userOf(777_001)).toEqual(expected);
  expect(observer.provider.awareness.getStates().get(777_001)).toMatchObject({ pointer: { x: 1, y: 2 } });

  // A later change cannot swap the name back in.
  raw.ws.send(awarenessFrame(777_001, JSON.stringify({ user: impostor }), 2));
  await until(
    () => (observer.provider.awareness.meta.get(777_001)?.clock ?? 0) >= 2,
    10_000,
    "the raw cursor's second change",
  );
  expect(userOf(777_001)).toEqual(expected);

  raw.ws.close();
  provided.destroy();
  observer.destroy();
});
