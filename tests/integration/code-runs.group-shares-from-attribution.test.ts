import { type CodeAttemptView, type CodeExerciseStats, DOC_TYPES } from "@chalkline/shared";
import { expect, it } from "vitest";
import * as Y from "yjs";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { codeRunNode, exerciseFor, PYTHON_EXERCISE } from "../helpers/code-runs";
import { CollabClient, roomDocs, until } from "../helpers/collab-client";
import { enrolledLearner, expectStatus } from "../helpers/courses";

const env = codeRunNode();

/** A collaborator whose edits the document attributes to `account`, as the web editor does. */
async function writer(docId: string, account: TestAccount): Promise<CollabClient> {
  const client = new CollabClient(env.url, docId, account.accessToken);
  new Y.PermanentUserData(client.doc, client.doc.getMap(DOC_TYPES.users)).setUserMapping(
    client.doc,
    client.doc.clientID,
    account.user.id,
  );
  await client.synced();
  return client;
}

it("a study group's submission stores the grade for each enrolled member with their share of the code", {
  timeout: 150_000,
}, async () => {
  const exercise = await exerciseFor(env.url, env.instructor, PYTHON_EXERCISE);
  const [ada, ben] = [exercise.learner, await enrolledLearner(env.url, exercise.courseId)];
  const guest = await registerUser(env.url);
  const room = expectStatus(
    await api<{ id: string; inviteCode: string }>(env.url, "POST", "/api/rooms/study", {
      token: ada.accessToken,
      body: { name: "Pair programming", memberLimit: 4, courseId: exercise.courseId },
    }),
    201,
    "study room",
  );
  for (const member of [ben, guest]) {
    const join = { token: member.accessToken, body: { code: room.inviteCode } };
    expectStatus(await api(env.url, "POST", "/api/rooms/join", join), 200, "join");
  }
  const doc = (await roomDocs(env.url, room.id, ada.accessToken)).find((d) => d.kind === "code")!;

  // Ada writes the function (21 characters without whitespace, 2 lines); Ben calls it (15, 1 line).
  const adaClient = await writer(doc.id, ada);
  const benClient = await writer(doc.id, ben);
  adaClient.text.insert(0, "def add(a, b):\n    return a + b\n");
  await until(() => benClient.text.length === adaClient.text.length, 20_000, "ada's lines at ben's");
  benClient.text.insert(benClient.text.length, "print(add(1, 2))\n");
  const full = "def add(a, b):\n    return a + b\nprint(add(1, 2))\n";
  await until(() => adaClient.text.toString() === full, 20_000, "ben's line at ada's");

  const submitted = await api<{ attempts: CodeAttemptView[] }>(env.url, "POST", `${exercise.path}/group-attempts`, {
    token: ben.accessToken,
    body: { docId: doc.id },
  });
  const attempts = expectStatus(submitted, 201, "group submission").attempts;
  // The guest is in the room but not in the course: no grade is stored for them.
  expect(attempts.map((a) => a.userId).sort()).toEqual([ada.user.id, ben.user.id].sort());
  const byUser = new Map(attempts.map((a) => [a.userId, a]));
  expect(byUser.get(ada.user.id)).toMatchObject({
    passed: true,
    output: { stdout: "3\n" },
    group: {
      roomId: room.id,
      docId: doc.id,
      submittedBy: ben.user.id,
      share: { lines: 2, chars: 21, totalLines: 3, totalChars: 36, percent: 58 },
    },
  });
  expect(byUser.get(ben.user.id)?.group?.share).toEqual({
    lines: 1,
    chars: 15,
    totalLines: 3,
    totalChars: 36,
    percent: 42,
  });

  // Each member sees their own grade among their attempts; the instructor sees the group with both shares.
  const mine = await api<{ attempts: CodeAttemptView[] }>(env.url, "GET", `${exercise.path}/attempts`, {
    token: ada.accessToken,
  });
  expect(mine.body.attempts).toHaveLength(1);
  expect(mine.body.attempts[0]?.group?.share.percent).toBe(58);
  const stats = await api<CodeExerciseStats>(env.url, "GET", `${exercise.path}/stats`, {
    token: env.instructor.accessToken,
  });
  expect(stats.body.groups).toHaveLength(1);
  expect(stats.body.groups[0]).toMatchObject({ roomId: room.id, submittedBy: ben.user.id, passed: true });
  expect(Object.fromEntries(stats.body.groups[0]!.members.map((m) => [m.userId, m.share.percent]))).toEqual({
    [ada.user.id]: 58,
    [ben.user.id]: 42,
  });

  const outsider = await api(env.url, "POST", `${exercise.path}/group-attempts`, {
    token: guest.accessToken,
    body: { docId: doc.id },
  });
  expect(outsider.status).toBe(403);
  adaClient.destroy();
  benClient.destroy();
});
