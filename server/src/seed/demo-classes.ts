import mongoose from "mongoose";
import { Message } from "../features/chat/chat.model";
import { AttendanceInterval, LiveClass } from "../features/live/live.model";
import type { Actor } from "../features/rooms/rooms.access";
import { Room } from "../features/rooms/rooms.model";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * Two classes of the course's class room: one scheduled later today (what "Coming up" and the class
 * reminder show) and one that ended two days ago, with the learners' attendance.
 */
export async function seedDemoClasses(roomId: string, courseId: string, learners: readonly Actor[]): Promise<void> {
  const now = Date.now();
  // Within the hour, so the teacher can start it at once from the room (a start takes the one due soonest).
  const nextAt = new Date(Math.ceil((now + 30 * MINUTE_MS) / (15 * MINUTE_MS)) * 15 * MINUTE_MS);
  const pastStart = new Date(now - 2 * DAY_MS);
  const pastEnd = new Date(pastStart.getTime() + 55 * MINUTE_MS);
  const upcoming = new LiveClass({
    roomId,
    courseId,
    title: "Loops, live: FizzBuzz together",
    scheduledAt: nextAt,
    durationMinutes: 45,
  });
  upcoming.activeKey = upcoming.id;
  const ended = new LiveClass({
    roomId,
    courseId,
    title: "Variables, live",
    scheduledAt: pastStart,
    durationMinutes: 60,
    status: "ended",
    startedAt: pastStart,
    endedAt: pastEnd,
  });
  ended.activeKey = ended.id;
  await LiveClass.insertMany([upcoming, ended]);
  // Everyone came; the last learner joined late and left early.
  await AttendanceInterval.insertMany(
    learners.map((learner, i) => {
      const late = i === learners.length - 1 && i > 0;
      return {
        liveClassId: ended._id,
        userId: learner.id,
        socketId: `seed-${i}`,
        joinedAt: new Date(pastStart.getTime() + (late ? 20 : 1) * MINUTE_MS),
        leftAt: new Date(pastEnd.getTime() - (late ? 10 : 0) * MINUTE_MS),
      };
    }),
  );
}

/** A line of chat: who says it (index into the room's people) and how many minutes ago. */
export type DemoLine = [speaker: number, minutesAgo: number, text: string];

/**
 * A room's chat history, numbered 1…n as the sequencer numbers messages, stored in one insert with
 * the times it was said, and the room's last number raised to match (what unread counts read).
 */
export async function seedDemoChat(roomId: string, people: readonly Actor[], lines: readonly DemoLine[]) {
  const now = Date.now();
  const docs = lines.map(([speaker, minutesAgo, text], i) => {
    const author = people[speaker]!;
    const doc = new Message({
      roomId,
      seq: i + 1,
      clientMsgId: `seed-${i + 1}`,
      authorId: author.id,
      authorName: author.displayName,
      authorRole: author.role,
      text,
    }).toObject();
    return { ...doc, _id: new mongoose.Types.ObjectId(), createdAt: new Date(now - minutesAgo * MINUTE_MS) };
  });
  await Message.collection.insertMany(docs, { ordered: true });
  await Room.updateOne({ _id: roomId }, { $max: { lastSeq: docs.length } });
}

/** The class room: teacher (0) and learners (1…), over the last two days. */
export const CLASS_CHAT: DemoLine[] = [
  [0, 2900, "Welcome to the class! Slides and the FizzBuzz exercise are in the course."],
  [1, 2895, "Hi everyone 👋"],
  [2, 2894, "Is the quiz graded?"],
  [0, 2893, "It counts for XP only — take it as often as you like."],
  [3, 2880, "What's the difference between = and == again?"],
  [0, 2878, "`=` stores a value under a name, `==` asks whether two values are equal."],
  [1, 1500, "I got FizzBuzz working, but 15 prints Fizz instead of FizzBuzz 🤔"],
  [0, 1490, "Check the order of your ifs: test for 15 first."],
  [1, 1485, "That was it, thanks!"],
  [0, 60, "Reminder: live class later today — bring your FizzBuzz."],
];

/** The study room: its owner (0) and a friend (1). */
export const STUDY_CHAT: DemoLine[] = [
  [0, 600, "Shall we do the loops quiz together tonight?"],
  [1, 590, "Yes! 7 pm?"],
  [0, 585, "Deal. I'll start the focus timer at 7."],
  [1, 120, "Stuck on the short-answer question, any hint?"],
  [0, 115, "It's the function you use to show things on screen 😉"],
];
