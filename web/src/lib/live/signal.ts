/**
 * The media signalling a live class needs, on the tab's one socket: each command resolves to its
 * answer or throws `LiveCommandError` carrying the server's error body, so the media steps read as
 * a straight sequence.
 */
import type { ErrorBody } from "@chalkline/shared";
import type { CommandName, CommandPayload, CommandResult } from "$lib/realtime/commands";
import { connection } from "$lib/realtime/connection.svelte";

export type LiveCommand = Extract<CommandName, `live:${string}`>;

/** Media steps wait longer than chat: the media node may be creating a router on a cold worker. */
const MEDIA_ACK_TIMEOUT_MS = 15_000;

export class LiveCommandError extends Error {
  readonly body: ErrorBody;

  constructor(command: LiveCommand, body: ErrorBody) {
    super(`${command}: ${body.code} ${body.message}`);
    this.name = "LiveCommandError";
    this.body = body;
  }
}

export async function ask<K extends LiveCommand>(event: K, payload: CommandPayload<K>): Promise<CommandResult<K>> {
  const result = await connection.request(event, payload, MEDIA_ACK_TIMEOUT_MS);
  if (!result.ok) throw new LiveCommandError(event, result.error);
  return result.data;
}

/** The server's error body when `error` is a refusal; a generic one for anything else. */
export function errorBodyOf(error: unknown): ErrorBody {
  if (error instanceof LiveCommandError) return error.body;
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}
