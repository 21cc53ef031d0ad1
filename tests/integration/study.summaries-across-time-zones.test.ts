import {
  localClock,
  periodKeys,
  type ReflectionPrompts,
  type ReflectionView,
  type StudyAnalytics,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { expect, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { dayAfter, latestChange, localInstant } from "../helpers/dst";
import { linkWithCode } from "../helpers/guardians";
import { addSubject, hourStart, LONG_FOCUS, onOneDay, seedSession, setTimeZone, studyCluster } from "../helpers/study";

const cluster = studyCluster(2);
const DAY_MS = 86_400_000;

async function analyticsOf(url: string, learner: TestAccount): Promise<StudyAnalytics> {
  const res = await api<StudyAnalytics>(url, "GET", "/api/study/analytics", { token: learner.accessToken });
  return expectStatus(res, 200, "analytics");
}

async function prepare(url: string, timeZone: string): Promise<TestAccount> {
  const learner = await registerUser(url);
  await setTimeZone(url, learner, timeZone);
  const settings = await api(url, "PUT", "/api/study/settings", { token: learner.accessToken, body: LONG_FOCUS });
  expectStatus(settings, 200, "settings");
  return learner;
}

it("daily summaries and the heatmap put each session on the learner's own day, across DST changes", {
  timeout: 90_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const paris = await prepare(a, "Europe/Paris");
  const la = await prepare(b, "America/Los_Angeles");
  const maths = await addSubject(a, paris, "Maths", 60);
  const physics = await addSubject(a, paris, "Physics", 30);
  const history = await addSubject(b, la, "History", 0);

  // The latest changes of each zone's clocks, more than a week ago (so this week's goals stay empty):
  // Paris moving to summer time, Los Angeles leaving it.
  const before = new Date(Date.now() - 10 * DAY_MS);
  const spring = latestChange("Europe/Paris", before, "forward");
  const fall = latestChange("America/Los_Angeles", before, "back");

  // 00:30 on the day Paris's clocks go forward (at 02:00) is still winter time.
  await seedSession(a, cluster.stores, paris, maths.id, localInstant(spring.day, 0, 30, spring.before), 25);
  // 00:30 the next day is summer time; a fixed winter offset would say 23:30 the day before.
  const nextDay = dayAfter(spring.day);
  await seedSession(b, cluster.stores, paris, physics.id, localInstant(nextDay, 0, 30, spring.after), 40);
  await seedSession(a, cluster.stores, paris, maths.id, localInstant(nextDay, 18, 0, spring.after), 20);
  // 00:30 the day before Los Angeles's clocks go back is summer time...
  const eve = dayAfter(fall.day, -1);
  await seedSession(b, cluster.stores, la, history.id, localInstant(eve, 0, 30, fall.before), 15);
  // ...and 23:30 on the day itself winter time; summer time would have said 00:30 the next day.
  await seedSession(a, cluster.stores, la, history.id, localInstant(fall.day, 23, 30, fall.after), 30);

  const parisSeen = await analyticsOf(b, paris);
  expect(parisSeen.heatmap).toEqual([
    { day: spring.day, minutes: 25 },
    { day: nextDay, minutes: 60 },
  ]);
  expect(parisSeen).toMatchObject({ timeZone: "Europe/Paris", bestHour: 0, streak: { longest: 2 } });
  expect(parisSeen.goals).toEqual([
    { subjectId: maths.id, goalMinutes: 60, minutes: 0 },
    { subjectId: physics.id, goalMinutes: 30, minutes: 0 },
  ]);

  const laSeen = await analyticsOf(a, la);
  expect(laSeen.heatmap).toEqual([
    { day: eve, minutes: 15 },
    { day: fall.day, minutes: 30 },
  ]);
  expect(laSeen).toMatchObject({ bestHour: 23, streak: { current: 0, longest: 2 }, goals: [] });
  // The days' ISO weeks, read from the stored summaries the weekly chart adds up: the chart itself
  // shows only the last 12 weeks from today.
  const weekOf = (day: string) => periodKeys(new Date(`${day}T12:00:00Z`), "UTC").week;
  const laDays = await cluster.stores.db
    .collection("studyDays")
    .find({ userId: new mongoose.Types.ObjectId(la.user.id) })
    .sort({ day: 1 })
    .toArray();
  expect(laDays.map((d) => [d.day, d.week, d.bySubject])).toEqual([
    [eve, weekOf(eve), { [history.id]: 15 }],
    [fall.day, weekOf(fall.day), { [history.id]: 30 }],
  ]);

  // Studying now counts towards this week's goal and today's streak. From the start of this hour,
  // the session is today and this week in Paris (a whole number of hours off UTC), even just after
  // Monday began there; a fresh learner each time the day turns during the check.
  await onOneDay(async (now) => {
    const learner = await prepare(a, "Europe/Paris");
    const subject = await addSubject(a, learner, "Maths", 60);
    await seedSession(a, cluster.stores, learner, subject.id, hourStart(now), 25);
    const today = await analyticsOf(b, learner);
    expect(today.goals[0]).toEqual({ subjectId: subject.id, goalMinutes: 60, minutes: 25 });
    expect(today.streak.current).toBe(1);
  }, "Europe/Paris");
});

it(
  "a planned slot that passed without study prompts a reflection; reflections show guardians only what is shared",
  {
    timeout: 90_000,
  },
  () =>
    onOneDay(async (now) => {
      const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
      const learner = await prepare(a, "Asia/Tokyo");
      const subject = await addSubject(a, learner, "Chemistry", 60);
      // Days are counted back from `now`, as the server counts them from its clock.
      const yesterdayAt = new Date(now.getTime() - DAY_MS);
      const yesterday = periodKeys(yesterdayAt, "Asia/Tokyo").day;
      const { weekday } = localClock(yesterdayAt, "Asia/Tokyo");
      const slot = expectStatus(
        await api<{ id: string }>(a, "POST", "/api/study/slots", {
          token: learner.accessToken,
          body: { subjectId: subject.id, weekday, startMinute: 8 * 60, durationMinutes: 60 },
        }),
        201,
        "slot",
      );
      const prompts = async () =>
        expectStatus(
          await api<ReflectionPrompts>(b, "GET", "/api/study/reflections/prompts", { token: learner.accessToken }),
          200,
          "prompts",
        ).missed;
      expect(await prompts()).toContainEqual({ slotId: slot.id, subjectId: subject.id, day: yesterday });

      const missed = await api<ReflectionView>(b, "POST", "/api/study/reflections", {
        token: learner.accessToken,
        body: { kind: "missed_slot", slotId: slot.id, day: yesterday, reason: "too_tired", note: "Late practice" },
      });
      expect(expectStatus(missed, 201, "missed reflection")).toMatchObject({
        kind: "missed_slot",
        reason: "too_tired",
      });
      expect(await prompts()).not.toContainEqual(expect.objectContaining({ day: yesterday }));
      const again = await api(a, "POST", "/api/study/reflections", {
        token: learner.accessToken,
        body: { kind: "missed_slot", slotId: slot.id, day: yesterday, reason: "forgot" },
      });
      expect(again.status).toBe(409);

      // A slot on a day the subject was studied is not missed.
      const studiedAt = new Date(now.getTime() - 2 * DAY_MS);
      const finished = await seedSession(a, cluster.stores, learner, subject.id, studiedAt, 30);
      const studiedDay = periodKeys(studiedAt, "Asia/Tokyo").day;
      await api(a, "POST", "/api/study/slots", {
        token: learner.accessToken,
        body: {
          subjectId: subject.id,
          weekday: localClock(studiedAt, "Asia/Tokyo").weekday,
          startMinute: 0,
          durationMinutes: 30,
        },
      });
      expect(await prompts()).not.toContainEqual(expect.objectContaining({ day: studiedDay }));

      const reflected = await api<ReflectionView>(a, "POST", "/api/study/reflections", {
        token: learner.accessToken,
        body: {
          kind: "session",
          sessionId: finished.session.id,
          wentWell: "Balanced equations",
          gotInTheWay: "Phone",
          mood: 4,
          shared: true,
        },
      });
      expect(expectStatus(reflected, 201, "session reflection")).toMatchObject({ mood: 4, shared: true });

      const guardian = await registerUser(a, "guardian");
      await linkWithCode(a, learner, guardian);
      const seen = expectStatus(
        await api<{ reflections: ReflectionView[] }>(b, "GET", `/api/learners/${learner.user.id}/study`, {
          token: guardian.accessToken,
        }),
        200,
        "guardian's view",
      );
      const byKind = Object.fromEntries(seen.reflections.map((r) => [r.kind, r]));
      expect(byKind.missed_slot).toMatchObject({ shared: false, reason: null, note: null, day: yesterday });
      expect(byKind.session).toMatchObject({ shared: true, mood: 4, wentWell: "Balanced equations" });
      const stranger = await registerUser(a, "guardian");
      const refused = await api(a, "GET", `/api/learners/${learner.user.id}/study`, { token: stranger.accessToken });
      expect(refused.status).toBe(404);
    }, "Asia/Tokyo"),
);
