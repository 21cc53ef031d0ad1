import { z } from "zod";
import { type Role, roleSchema } from "./accounts";
import type { AckCallback, ErrorBody } from "./errors";

/** Sent by the client in the Socket.IO handshake `auth`. */
export const handshakeAuthSchema = z.object({
  token: z.string().min(1).max(4096),
  protocol: z.number().int().positive(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** Why the server ended a session; sent in `session:ended` before it disconnects the socket. */
export const SESSION_END_REASONS = {
  token_expired: "the access token expired and was not renewed",
  account_disabled: "the account was disabled",
  logged_out: "the session was logged out",
  shutting_down: "the server is restarting",
} as const;
export type SessionEndReason = keyof typeof SESSION_END_REASONS;

export const sessionRenewSchema = z.strictObject({ token: z.string().min(1).max(4096) });

export const ANNOUNCEMENT_MAX_CHARS = 500;
export const announceSchema = z.strictObject({
  text: z.string().trim().min(1).max(ANNOUNCEMENT_MAX_CHARS),
});

export const sessionReadySchema = z.object({
  protocol: z.number(),
  serverId: z.string(),
  user: z.object({ id: z.string(), displayName: z.string(), role: roleSchema }),
  tokenExpiresAt: z.string(),
});
export type SessionReady = z.infer<typeof sessionReadySchema>;

export interface Announcement {
  id: string;
  text: string;
  from: { id: string; displayName: string; role: Role };
  at: string;
}

/** Events the browser sends; each takes a payload validated by the schema of the same name and an ack. */
export interface ClientToServerEvents {
  "session:renew": (payload: z.input<typeof sessionRenewSchema>, ack: AckCallback<{ tokenExpiresAt: string }>) => void;
  "announcement:send": (payload: z.input<typeof announceSchema>, ack: AckCallback<Announcement>) => void;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  "session:ready": (ready: SessionReady) => void;
  "session:ended": (end: { reason: SessionEndReason }) => void;
  "announcement:sent": (announcement: Announcement) => void;
  error: (error: ErrorBody) => void;
}

/** Events between server nodes (through the Redis adapter's serverSideEmit). */
// biome-ignore lint/suspicious/noEmptyInterface: the adapter requires the map even while empty
export interface InterServerEvents {}

/** Rooms every authenticated socket joins. */
export const rooms = {
  lobby: () => "lobby",
  user: (userId: string) => `user:${userId}`,
} as const;
