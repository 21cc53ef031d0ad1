import { z } from "zod";
import { objectIdSchema } from "./accounts";
import type { Command } from "./realtime";
import { roomRefSchema } from "./rooms";

/**
 * Polls: the instructor asks a question during a live class; each learner answers once (and may
 * change it until the poll closes); the instructor watches the results come in, named or anonymous
 * as they chose, and closes the poll, whose results are kept with the class.
 */

export const POLL_KINDS = ["single", "multiple", "text"] as const;
export type PollKind = (typeof POLL_KINDS)[number];
export const POLL_QUESTION_MAX_CHARS = 300;
export const POLL_OPTION_MAX_CHARS = 120;
export const POLL_MIN_OPTIONS = 2;
export const POLL_MAX_OPTIONS = 10;
export const POLL_TEXT_MAX_CHARS = 500;

/** `poll:ask` — a choice poll lists its options; a free-text poll has none. */
export const pollAskSchema = z
  .strictObject({
    roomId: objectIdSchema,
    question: z.string().trim().min(1).max(POLL_QUESTION_MAX_CHARS),
    kind: z.enum(POLL_KINDS),
    options: z.array(z.string().trim().min(1).max(POLL_OPTION_MAX_CHARS)).max(POLL_MAX_OPTIONS).default([]),
    /** Anonymous: nobody, the instructor included, sees who answered what. */
    anonymous: z.boolean().default(false),
  })
  .refine((p) => (p.kind === "text" ? p.options.length === 0 : p.options.length >= POLL_MIN_OPTIONS), {
    message: `a choice poll has ${POLL_MIN_OPTIONS} to ${POLL_MAX_OPTIONS} options; a free-text poll none`,
    path: ["options"],
  });
export type PollAsk = z.input<typeof pollAskSchema>;

export const pollRefSchema = z.strictObject({ roomId: objectIdSchema, pollId: objectIdSchema });

/** One learner's answer: option indexes for a choice poll (exactly one for `single`), or a text. */
export const pollResponseSchema = z.union([
  z.strictObject({
    choices: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(POLL_MAX_OPTIONS - 1),
      )
      .min(1)
      .max(POLL_MAX_OPTIONS),
  }),
  z.strictObject({ text: z.string().trim().min(1).max(POLL_TEXT_MAX_CHARS) }),
]);
export type PollResponse = z.infer<typeof pollResponseSchema>;

export const pollAnswerSchema = z.strictObject({
  roomId: objectIdSchema,
  pollId: objectIdSchema,
  response: pollResponseSchema,
});

const answererSchema = z.object({ id: z.string(), displayName: z.string() });

/**
 * What the answers add up to: how many answered, picks per option, and the answers themselves —
 * each with its author in a named poll seen by the instructor, without one otherwise. An anonymous
 * choice poll lists no answers (the counts are all there is to see).
 */
export const pollResultsSchema = z.object({
  answered: z.number().int(),
  counts: z.array(z.number().int()),
  responses: z.array(
    z.object({ user: answererSchema.nullable(), choices: z.array(z.number().int()), text: z.string().nullable() }),
  ),
});
export type PollResults = z.infer<typeof pollResultsSchema>;

export const pollViewSchema = z.object({
  roomId: z.string(),
  pollId: z.string(),
  liveClassId: z.string(),
  question: z.string(),
  kind: z.enum(POLL_KINDS),
  options: z.array(z.string()),
  anonymous: z.boolean(),
  status: z.enum(["open", "closed"]),
  askedAt: z.string(),
  closedAt: z.string().nullable(),
  /** The viewer's own answer (null for the instructor, or before answering). */
  mine: pollResponseSchema.nullable(),
  /** For the instructor all along; for learners once the poll is closed. */
  results: pollResultsSchema.nullable(),
});
export type PollView = z.infer<typeof pollViewSchema>;

/** To the room's instructors, coalesced: the results of a poll as answers come in. */
export const pollResultsEventSchema = z.object({ roomId: z.string(), pollId: z.string(), results: pollResultsSchema });
export type PollResultsEvent = z.infer<typeof pollResultsEventSchema>;

/** GET /api/live-classes/:liveClassId/polls — the class's closed polls, oldest first. */
export const classPollsSchema = z.object({ polls: z.array(pollViewSchema) });
export type ClassPolls = z.infer<typeof classPollsSchema>;

export interface PollCommands {
  /** The live class's current poll as the caller sees it (null: none asked in this class). */
  "poll:state": Command<typeof roomRefSchema, PollView | null>;
  /** Instructor: ask a poll; one at a time, so an open one must be closed first. */
  "poll:ask": Command<typeof pollAskSchema, PollView>;
  /** Learner: answer the open poll, or change the answer. */
  "poll:answer": Command<typeof pollAnswerSchema, PollView>;
  /** Instructor: close the poll; its results are stored with the class and shown to the learners. */
  "poll:close": Command<typeof pollRefSchema, PollView>;
}

export interface PollEvents {
  /** To the class room: a poll was asked (the learner's view, without results). */
  "poll:asked": (poll: PollView) => void;
  /** To the class room: a poll closed, with its results as learners see them. */
  "poll:closed": (poll: PollView) => void;
  /** To the room's instructors: results as answers come in. */
  "poll:results": (event: PollResultsEvent) => void;
}

/** The polls' part of the real-time catalogue (realtime-catalogue.ts). */
export const pollCatalogue = {
  commands: {
    "poll:state": { payload: roomRefSchema, ack: pollViewSchema.nullable() },
    "poll:ask": { payload: pollAskSchema, ack: pollViewSchema },
    "poll:answer": { payload: pollAnswerSchema, ack: pollViewSchema },
    "poll:close": { payload: pollRefSchema, ack: pollViewSchema },
  },
  events: { "poll:asked": pollViewSchema, "poll:closed": pollViewSchema, "poll:results": pollResultsEventSchema },
} as const;
