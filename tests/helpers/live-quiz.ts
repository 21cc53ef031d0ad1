import type {
  CourseDetails,
  LessonEditView,
  LiveQuizEnded,
  LiveQuizReveal,
  LiveQuizView,
  QuizQuestion,
  ServerToClientEvents,
} from "@chalkline/shared";
import { api, type ClientSocket, connectSocket, nextEvent, type TestAccount } from "./clients";
import { expectStatus } from "./courses";
import { ok } from "./live-client";

/** A short quiz with one question of each answer shape the live quiz shows. */
export const LIVE_QUESTIONS: QuizQuestion[] = [
  {
    type: "single",
    id: "q1",
    prompt: "Which keyword declares a constant in JavaScript?",
    explanation: "`const` bindings cannot be reassigned.",
    options: [
      { id: "a", text: "var" },
      { id: "b", text: "const" },
      { id: "c", text: "let" },
      { id: "d", text: "static" },
    ],
    correctOptionId: "b",
  },
  {
    type: "true_false",
    id: "q2",
    prompt: "Arrays in JavaScript are objects.",
    explanation: "typeof [] is 'object'.",
    correct: true,
  },
  {
    type: "short_answer",
    id: "q3",
    prompt: "What does HTML stand for? (HyperText … Language)",
    explanation: "HyperText Markup Language.",
    acceptedAnswers: ["Markup", "HyperText Markup Language"],
  },
];

/** Adds a module with one quiz lesson to the course, through the courses HTTP API; its lesson id. */
export async function addQuizLesson(
  baseUrl: string,
  instructor: TestAccount,
  courseId: string,
  questions: QuizQuestion[] = LIVE_QUESTIONS,
  title = "Warm-up quiz",
): Promise<string> {
  const token = instructor.accessToken;
  const outline = expectStatus(
    await api<CourseDetails>(baseUrl, "POST", `/api/courses/${courseId}/modules`, { token, body: { title: "Live" } }),
    201,
    "add module",
  );
  const moduleId = outline.modules.at(-1)!.id;
  const lesson = expectStatus(
    await api<LessonEditView>(baseUrl, "POST", `/api/courses/${courseId}/modules/${moduleId}/lessons`, {
      token,
      body: { title, content: { kind: "quiz", quiz: { passPercent: 50, questions } } },
    }),
    201,
    "add quiz lesson",
  );
  return lesson.id;
}

/** A socket following a room's live quiz (as the classroom page does), keeping every reveal and end pushed to it. */
export interface QuizPlayer {
  socket: ClientSocket;
  reveals: LiveQuizReveal[];
  ended: LiveQuizEnded[];
  state(): Promise<LiveQuizView | null>;
  next<E extends keyof ServerToClientEvents>(event: E): ReturnType<typeof nextEvent<E>>;
  close(): void;
}

export async function quizPlayer(baseUrl: string, account: TestAccount, roomId: string): Promise<QuizPlayer> {
  const { socket } = await connectSocket(baseUrl, account.accessToken);
  const player: QuizPlayer = {
    socket,
    reveals: [],
    ended: [],
    state: async () => ok(await socket.emitWithAck("live-quiz:state", { roomId })),
    next: (event) => nextEvent(socket, event, 20_000),
    close: () => socket.close(),
  };
  socket.on("live-quiz:reveal", (reveal) => player.reveals.push(reveal));
  socket.on("live-quiz:ended", (ended) => player.ended.push(ended));
  // As the web client does: a launch is followed by asking for one's view, which follows the quiz.
  socket.on("live-quiz:launched", () => void player.state());
  await player.state();
  return player;
}
