import { z } from "zod";
import { objectIdSchema } from "./accounts";
import { type UserRef, userRefSchema } from "./rooms";

export const MAX_MESSAGE_CHARS = 4000;
export const MAX_PAGE_MESSAGES = 100;
export const REACTION_EMOJI = ["👍", "❤️", "😂", "🎉", "🤔", "👀"] as const;

export const chatMessageSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  /** Per-room, gapless, assigned when the message is stored: 1, 2, 3… */
  seq: z.number().int().positive(),
  clientMsgId: z.string(),
  author: userRefSchema,
  text: z.string(),
  mentions: z.array(z.string()),
  reactions: z.record(z.string(), z.array(z.string())),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

const text = z.string().trim().min(1).max(MAX_MESSAGE_CHARS);

export const chatSendSchema = z.strictObject({
  roomId: objectIdSchema,
  /** Chosen by the client; a resend with the same id returns the stored message. */
  clientMsgId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  text,
});
export const chatEditSchema = z.strictObject({ roomId: objectIdSchema, messageId: objectIdSchema, text });
export const chatDeleteSchema = z.strictObject({ roomId: objectIdSchema, messageId: objectIdSchema });
export const chatReactSchema = z.strictObject({
  roomId: objectIdSchema,
  messageId: objectIdSchema,
  emoji: z.enum(REACTION_EMOJI),
  on: z.boolean(),
});
/** Older messages, newest first before `beforeSeq` (or the latest when absent). */
export const chatHistorySchema = z.strictObject({
  roomId: objectIdSchema,
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_MESSAGES).default(50),
});
/** What was missed: messages with seq > afterSeq, oldest first. */
export const chatSinceSchema = z.strictObject({
  roomId: objectIdSchema,
  afterSeq: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_PAGE_MESSAGES).default(MAX_PAGE_MESSAGES),
});
export const chatTypingSchema = z.strictObject({ roomId: objectIdSchema, typing: z.boolean() });
export const chatReadSchema = z.strictObject({ roomId: objectIdSchema, seq: z.number().int().min(0) });

export interface MessagePage {
  messages: ChatMessage[];
  hasMore: boolean;
}

export interface TypingEvent {
  roomId: string;
  user: UserRef;
  typing: boolean;
}

/** `@name` tokens in a message: display names without spaces or the part before a space. */
export function mentionTokens(text: string): string[] {
  return [...text.matchAll(/(?:^|\s)@([\p{L}\p{N}_.-]{2,40})/gu)].map((m) => m[1]!.toLowerCase());
}
