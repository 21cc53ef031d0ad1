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
import type { AccountsService } from "./accounts.service";

/** Ends sessions on every node: used when an account is disabled or the server shuts down. */
export interface SessionControl {
  endUserSessions(userId: string, reason: SessionEndReason): void;
}

export function sessionControl(io: AppServer): SessionControl {
  return {
    endUserSessions(userId, reason) {
      io.to(rooms.user(userId)).emit("session:ended", { reason });
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
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
      const { user, expiresAt } = await accounts.authenticate(auth.data.token);
      socket.data = {
        userId: user.id,
        displayName: user.displayName,
        role: user.role,
        tokenExpiresAt: expiresAt.getTime(),
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
    expiryTimer = setTimeout(() => {
      socket.emit("session:ended", { reason: "token_expired" });
      socket.disconnect(true);
    }, ms);
  };
  socket.on("disconnect", () => clearTimeout(expiryTimer));

  socket.join([rooms.user(socket.data.userId), rooms.lobby()]);
  armExpiry();

  socket.on(
    "session:renew",
    defineHandler({ socket, logger, rate: deps.rate }, sessionRenewSchema, async ({ token }) => {
      const { user, expiresAt } = await accounts.authenticate(token);
      if (user.id !== socket.data.userId) throw new AppError("forbidden", "the token belongs to another account");
      socket.data.tokenExpiresAt = expiresAt.getTime();
      socket.data.role = user.role;
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
