import { beforeAll, expect, it } from "vitest";
import { type Message, SocketDescription } from "../helpers/api-description";
import { type ClientSocket, connectSocket } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import { addQuizLesson } from "../helpers/live-quiz";
import { classCluster } from "../helpers/rooms";

// One node, no media node: a class room between classes still answers `live:join`, with its media closed.
const cluster = classCluster(1, 1);
let described: SocketDescription;

beforeAll(async () => {
  described = await SocketDescription.load(cluster.nodes[0]!.url);
});

/** A schema that says what a value is, not only a name in its description. */
const SHAPING = ["type", "$ref", "oneOf", "anyOf", "allOf", "const", "enum"];
const shapes = (schema: unknown) =>
  typeof schema === "object" && schema !== null && SHAPING.some((key) => key in schema);
/** The schema of a successful ack's `data`. */
const ackData = (ack: Message) =>
  (ack.payload?.oneOf as Array<{ properties: { ok: { const: boolean }; data?: unknown } }> | undefined)?.find(
    (branch) => branch.properties.ok.const,
  )?.properties.data;

it("every command, ack and event in /api/asyncapi.json has a payload schema", () => {
  const { commands, events } = described.contract;
  expect(commands.length).toBeGreaterThan(40);
  expect(events.length).toBeGreaterThan(30);
  const bare = [
    ...commands.filter((c) => !shapes(c.payload.payload)).map((c) => c.payload.name),
    ...commands.filter((c) => c.ack && !shapes(ackData(c.ack))).map((c) => c.ack!.name),
    ...events.filter((e) => !shapes(e.payload)).map((e) => e.name),
  ];
  expect(bare).toEqual([]);
});

it("real acks and pushes of live:join and the live quiz fit the served AsyncAPI document", {
  timeout: 60_000,
}, async () => {
  const { roomId, instructor, course, learners } = cluster.fixture;
  const url = cluster.nodes[0]!.url;
  const lessonId = await addQuizLesson(url, instructor, course.id);
  const sockets: ClientSocket[] = [];
  const strays: Error[] = [];
  /** A socket whose every push is checked against the document as it arrives. */
  const connect = async (token: string) => {
    const { socket } = await connectSocket(url, token);
    sockets.push(socket);
    socket.onAny((event: string, payload: unknown) => {
      try {
        described.checkEvent(event, payload);
      } catch (error) {
        strays.push(error as Error);
      }
    });
    return socket;
  };
  const host = await connect(instructor.accessToken);
  const learner = await connect(learners[0]!.accessToken);
  /** The ack, once checked against the document. */
  const acked = async <T>(command: string, ack: Promise<T>): Promise<T> => {
    const answer = await ack;
    described.checkAck(command, answer);
    return answer;
  };
  const state = () => acked("live-quiz:state", learner.emitWithAck("live-quiz:state", { roomId }));
  let revealed: Awaited<ReturnType<typeof state>>;

  try {
    ok(await learner.emitWithAck("room:join", { roomId }));
    await acked("live:join", learner.emitWithAck("live:join", { roomId }));
    await state();

    const launch = { roomId, lessonId, secondsPerQuestion: 5 };
    const { sessionId } = ok(await acked("live-quiz:launch", host.emitWithAck("live-quiz:launch", launch)));
    await acked("live-quiz:next", host.emitWithAck("live-quiz:next", { roomId, sessionId }));
    const answer = { type: "single", questionId: "q1", optionId: "b" } as const;
    const answered = { roomId, sessionId, questionIndex: 0, answer };
    await acked("live-quiz:answer", learner.emitWithAck("live-quiz:answer", answered));
    await state();
    await acked("live-quiz:reveal", host.emitWithAck("live-quiz:reveal", { roomId, sessionId }));
    revealed = await state();
    await acked("live-quiz:end", host.emitWithAck("live-quiz:end", { roomId, sessionId }));
    await expect.poll(() => described.checked.has("live-quiz:ended"), { timeout: 10_000 }).toBe(true);
    // Once ended, there is no quiz to show.
    expect(ok(await state())).toBeNull();
  } finally {
    for (const socket of sockets) socket.close();
  }

  expect(strays).toEqual([]);
  expect([...described.checked]).toEqual(
    expect.arrayContaining([
      "live:join ack",
      "live-quiz:state ack",
      "live-quiz:launch ack",
      "live-quiz:answer ack",
      "live-quiz:launched",
      "live-quiz:question",
      "live-quiz:reveal",
      "live-quiz:ended",
    ]),
  );
  // The check bites: a view that strays from its schema is refused.
  const view = ok(revealed);
  expect(view).toMatchObject({ status: "reveal", reveal: { mine: { correct: true } } });
  expect(() => described.checkAck("live-quiz:state", { ok: true, data: { ...view, hosting: "yes" } })).toThrow(
    /does not fit/,
  );
});
