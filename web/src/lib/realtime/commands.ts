/** Type helpers that derive command payloads and answers from the shared event maps. */
import type { AckCallback, ClientToServerEvents, ServerToClientEvents } from "@chalkline/shared";

export type ServerEvent = keyof ServerToClientEvents;
/** Client events that take an ack; `chat:typing` is fire-and-forget. */
export type CommandName = Exclude<keyof ClientToServerEvents, "chat:typing">;
export type CommandPayload<K extends CommandName> = Parameters<ClientToServerEvents[K]>[0];
export type CommandResult<K extends CommandName> =
  Parameters<ClientToServerEvents[K]>[1] extends AckCallback<infer R> ? R : never;

/** The typed maps cannot follow an event name held in a generic; these calls are checked by `on` and `request`. */
export interface UntypedSocket {
  on(event: string, listener: (...args: never[]) => void): void;
  off(event: string, listener: (...args: never[]) => void): void;
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
}
