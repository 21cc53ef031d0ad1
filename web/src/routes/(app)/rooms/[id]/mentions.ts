/**
 * `@name` mentions in the composer and in messages. The server finds mentions with the shared
 * `mentionTokens` rule (a display name without spaces, or its first word), so the composer inserts
 * names in that form and messages highlight the same tokens.
 */

import type { UserRef } from "@chalkline/shared";

const MENTION = /(^|\s)(@[\p{L}\p{N}_.-]{2,40})/gu;
/** An `@` being typed right before the caret, and what follows it so far. */
const TYPING_MENTION = /(?:^|\s)@([\p{L}\p{N}_.-]{0,40})$/u;
const MAX_SUGGESTIONS = 6;

export interface TextPart {
  text: string;
  mention: boolean;
}

/** Splits message text into plain runs and `@mention` tokens. */
export function messageParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const start = match.index + match[1]!.length;
    if (start > last) parts.push({ text: text.slice(last, start), mention: false });
    parts.push({ text: match[2]!, mention: true });
    last = start + match[2]!.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mention: false });
  return parts;
}

/** The partial name after an `@` just before the caret, or null when no mention is being typed. */
export function mentionQuery(text: string, caret: number): string | null {
  return TYPING_MENTION.exec(text.slice(0, caret))?.[1] ?? null;
}

/** The token to insert for a user: the first word when no one else shares it, else the name without spaces. */
export function mentionToken(user: UserRef, everyone: UserRef[]): string {
  const words = user.displayName.trim().split(/\s+/);
  const first = words[0]!.toLowerCase();
  const shared = everyone.some(
    (other) => other.id !== user.id && other.displayName.trim().toLowerCase().startsWith(first),
  );
  const token = words.length === 1 || shared ? words.join("") : words[0]!;
  return token.replace(/[^\p{L}\p{N}_.-]/gu, "");
}

export function mentionSuggestions(query: string, people: UserRef[], selfId: string | undefined): UserRef[] {
  const q = query.toLowerCase();
  return people
    .filter((user) => user.id !== selfId)
    .filter(
      (user) =>
        user.displayName
          .toLowerCase()
          .split(/\s+/)
          .some((word) => word.startsWith(q)) || user.displayName.toLowerCase().replace(/\s+/g, "").startsWith(q),
    )
    .slice(0, MAX_SUGGESTIONS);
}

/** Replaces the `@partial` before the caret with `@token `; returns the new text and caret. */
export function insertMention(text: string, caret: number, token: string): { text: string; caret: number } {
  const before = text.slice(0, caret).replace(/@[\p{L}\p{N}_.-]*$/u, `@${token} `);
  return { text: before + text.slice(caret), caret: before.length };
}
