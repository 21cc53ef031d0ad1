import {
  handshakeAuthSchema,
  PROTOCOL_VERSION,
  rooms,
  type SessionEndReason,
  sessionRenewSchema,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import { type AppServer, type AppSocket, defineHandler } from "../../platform/realtime";
import type { AccountsService, SessionEnd } from "./accounts.service";
import type { SessionRef } from "./tokens";

/** Ends sockets on every node: one session's (logout, refresh reuse), or every one of an account's. */
export interface SessionControl {
  end(end: SessionEnd): void;
}

export function sessionControl(io: AppServer): SessionControl {
  return {
    end({ userId, sessionId, reason }) {
      const room = sessionId ? rooms.session(sessionId) : rooms.user(userId);
      io.to(room).emit("session:ended", { reason });
      io.in(room).disconnectSockets(true);
    },
  };
}

function sessionOf(socket: AppSocket): SessionRef {
  const { userId, sessionId, tokenVersion } = socket.data;
  return { userId, sessionId, tokenVersion };
}

function endSocket(socket: AppSocket, reason: SessionEndReason): void {
  socket.emit("session:ended", { reason });
  socket.disconnect(true);
}

/** Answers an event that is not run, when it asked for an answer. */
function refuse(packet: unknown[]): void {
  const ack = packet.at(-1);
  if (typeof ack === "function") {
    ack({ ok: false, error: { code: "unavailable", message: "the session could not be checked; try again" } });
  }
}

/**
 * Handshake: protocol version, then the access token. A socket lives only as long as its token;
 * the client extends it with `session:renew` after each refresh, or is disconnected at expiry.
 */
export function installSessionAuth(io: AppServer, accounts: AccountsService): void {
  io.use(async (socket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error("unauthorized"));
    if (auth.data.protocol !== PROTOCOL_VERSION) return next(new Error("protocol_mismatch"));
    try {
      const { user, session, expiresAt } = await accounts.authenticate(auth.data.token);
      // Sockets carry no enrolment: an account that must enrol first connects once it has.
      if (accounts.mustEnrolTwoFactor(user)) return next(new Error("two_factor_required"));
      socket.data = {
        userId: user.id,
        displayName: user.displayName,
        role: user.role,
        tokenExpiresAt: expiresAt.getTime(),
        sessionId: session.sessionId,
        tokenVersion: session.tokenVersion,
      };
      next();
    } catch (error) {
      next(new Error(error instanceof AppError ? error.code : "internal"));
    }
  });
}

export function sessionHandlers(
  socket: AppSocket,
  deps: { accounts: AccountsService; logger: Logger; serverId: string; rate: { perSecond: number; burst: number } },
): void {
  const { accounts, logger } = deps;
  let expiryTimer: NodeJS.Timeout | undefined;
  const armExpiry = () => {
    clearTimeout(expiryTimer);
    const ms = Math.max(0, socket.data.tokenExpiresAt - Date.now());
    expiryTimer = setTimeout(() => endSocket(socket, "token_expired"), ms);
  };
  socket.on("disconnect", () => clearTimeout(expiryTimer));
  const endIfEnded = () =>
    accounts.reasonEnded(sessionOf(socket)).then((reason) => {
      if (reason) endSocket(socket, reason);
      return reason === null;
    });

  // Every event first asks Redis whether the session or the account's tokens were ended meanwhile,
  // by any node: the role and session this socket holds are trusted only while they stand.
  socket.use((packet, next) => {
    endIfEnded().then(
      (standing) => {
        if (standing) next();
      },
      (error: unknown) => {
        logger.warn({ err: error, user: socket.data.userId }, "could not check a socket's session; event refused");
        refuse(packet);
      },
    );
  });

  socket.join([rooms.user(socket.data.userId), rooms.session(socket.data.sessionId), rooms.lobby()]);
  armExpiry();
  // An end announced between the handshake and the joins above missed this socket; its mark did not.
  endIfEnded().catch((error: unknown) => logger.warn({ err: error }, "could not check a new socket's session"));

  socket.on(
    "session:renew",
    defineHandler({ socket, logger, rate: deps.rate }, "session:renew", sessionRenewSchema, async ({ token }) => {
      const { user, session, expiresAt } = await accounts.authenticate(token);
      if (user.id !== socket.data.userId) throw new AppError("forbidden", "the token belongs to another account");
      if (session.sessionId !== socket.data.sessionId) {
        // Signed in again in this tab: the socket now lives, and ends, with the new session.
        await socket.leave(rooms.session(socket.data.sessionId));
        await socket.join(rooms.session(session.sessionId));
      }
      Object.assign(socket.data, {
        tokenExpiresAt: expiresAt.getTime(),
        role: user.role,
        // A name changed on the profile reaches this socket's messages from the next renewal on.
        displayName: user.displayName,
        sessionId: session.sessionId,
        tokenVersion: session.tokenVersion,
      });
      armExpiry();
      return { tokenExpiresAt: expiresAt.toISOString() };
    }),
  );
}

/**
 * Tells the client its session is live. Sent once the socket is in all its rooms, so nothing
 * pushed after the client sees this can pass it by.
 */
export function announceSessionReady(socket: AppSocket, serverId: string): void {
  socket.emit("session:ready", {
    protocol: PROTOCOL_VERSION,
    serverId,
    user: { id: socket.data.userId, displayName: socket.data.displayName, role: socket.data.role },
    tokenExpiresAt: new Date(socket.data.tokenExpiresAt).toISOString(),
  });
}
