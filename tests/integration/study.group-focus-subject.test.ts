import type { StudyAnalytics, StudyOverview, SubjectView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { studyKeys } from "../../server/src/features/study/study.keys";
import { api, type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { buildCourse, enrolledLearner, expectStatus, READING, registerInstructor } from "../helpers/courses";
import { studyCluster } from "../helpers/study";

const cluster = studyCluster(1);
const FOCUS = { focusSeconds: 600, breakSeconds: 300, longBreakSeconds: 900, longBreakEvery: 4 };

const url = () => cluster.nodes[0]!.url;

async function overview(learner: TestAccount): Promise<StudyOverview> {
  return expectStatus(
    await api<StudyOverview>(url(), "GET", "/api/study", { token: learner.accessToken }),
    200,
    "plan",
  );
}

/** Minutes a learner's charts hold for one subject, over every week shown. */
async function minutesUnder(learner: TestAccount, subjectId: string): Promise<number> {
  const res = await api<StudyAnalytics>(url(), "GET", "/api/study/analytics", { token: learner.accessToken });
  return expectStatus(res, 200, "analytics").weeks.reduce((sum, w) => sum + (w.bySubject[subjectId] ?? 0), 0);
}

async function studyRoom(owner: TestAccount, body: { name: string; courseId?: string }) {
  const res = await api<{ id: string; inviteCode: string }>(url(), "POST", "/api/rooms/study", {
    token: owner.accessToken,
    body: { memberLimit: 8, ...body },
  });
  return expectStatus(res, 201, "study room");
}

/** Runs the room's current focus phase to its end, as if its ten minutes had passed. */
async function completeFocus(socket: ClientSocket, roomId: string): Promise<void> {
  // To the millisecond: a phase is known by when it ended, so two must not end in the same one.
  const [seconds, micros] = await cluster.stores.redis.time();
  const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  await cluster.stores.redis.hset(studyKeys.groupTimer(cluster.stores.prefix, roomId), "endsAt", nowMs - 1);
  const ack = await socket.emitWithAck("study-group:state", { roomId });
  expect(ack).toMatchObject({ ok: true, data: { phase: "break" } });
}

it("a room's focus counts under its course for an enrolled member, and under a subject named after the room, made once, for others", {
  timeout: 90_000,
}, async () => {
  const instructor = await registerInstructor(url());
  const built = await buildCourse(url(), instructor, [READING]);
  const courseId = built.course.id;
  const enrolled = await enrolledLearner(url(), courseId);
  const guest = await registerUser(url());
  for (const learner of [enrolled, guest]) {
    expectStatus(
      await api(url(), "PUT", "/api/study/settings", { token: learner.accessToken, body: FOCUS }),
      200,
      "settings",
    );
  }
  const room = await studyRoom(enrolled, { name: "Course revision", courseId });
  expectStatus(
    await api(url(), "POST", "/api/rooms/join", { token: guest.accessToken, body: { code: room.inviteCode } }),
    200,
    "join",
  );
  const [enrolledSocket, guestSocket] = [
    (await connectSocket(url(), enrolled.accessToken)).socket,
    (await connectSocket(url(), guest.accessToken)).socket,
  ] as [ClientSocket, ClientSocket];
  expect(await enrolledSocket.emitWithAck("study-group:start", { roomId: room.id })).toMatchObject({ ok: true });
  expect(await guestSocket.emitWithAck("study-group:join", { roomId: room.id })).toMatchObject({ ok: true });

  // Two focus phases run to their end, with a skipped break between.
  await completeFocus(enrolledSocket, room.id);
  expect(await guestSocket.emitWithAck("study-group:skip", { roomId: room.id })).toMatchObject({
    ok: true,
    data: { phase: "focus" },
  });
  await completeFocus(guestSocket, room.id);

  // The enrolled member's minutes are the course's; they got no extra subject.
  expect(await minutesUnder(enrolled, courseId)).toBe(20);
  expect((await overview(enrolled)).subjects.map((s) => s.id)).toEqual([courseId]);

  // The other member's are under one subject of their own, named after the room.
  const roomSubjects = (await overview(guest)).subjects.filter((s) => s.id === room.id);
  expect(roomSubjects).toEqual([
    { id: room.id, name: "Course revision", courseId: null, weeklyGoalMinutes: 0 } satisfies SubjectView,
  ]);
  expect(await minutesUnder(guest, room.id)).toBe(20);
  expect(await minutesUnder(guest, courseId)).toBe(0);

  // A room of no course is a subject of its own for everyone in it.
  const plain = await studyRoom(enrolled, { name: "Evening focus" });
  expect(await enrolledSocket.emitWithAck("study-group:start", { roomId: plain.id })).toMatchObject({ ok: true });
  await completeFocus(enrolledSocket, plain.id);
  expect((await overview(enrolled)).subjects).toContainEqual(
    expect.objectContaining({ id: plain.id, name: "Evening focus", courseId: null }),
  );
  expect(await minutesUnder(enrolled, plain.id)).toBe(10);
  for (const socket of [enrolledSocket, guestSocket]) socket.close();
});
