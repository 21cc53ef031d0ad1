import type { ErrorCode } from "@chalkline/shared";
import type { ExtendedError } from "socket.io";
import { AppError } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import { reportIfRefused } from "../../platform/probe";
import type { RateLimitVerdict, SharedTokenBuckets } from "../../platform/rate-limit";
import { type AppServer, type AppSocket, clientAddress } from "../../platform/realtime";
import type { ConnectionSeats } from "./connections.seats";

export interface ConnectionLimits {
  /** New sockets per client address: a bucket that refills its size each minute. */
  connectRate: SharedTokenBuckets<"address">;
  seats: ConnectionSeats;
  /** Commands per account and per client address, over every node. */
  commands: SharedTokenBuckets<"account" | "address">;
  /** TRUST_PROXY: how many proxies in front are believed about the client's address. */
  trustedHops: number;
  logger: Logger;
}

/**
 * A handshake refusal: the client's `connect_error` has the code as its message, the rest in `data`;
 * `limit` names the limit that refused it for the operator's metrics.
 */
function refusal(code: ErrorCode, message: string, retryAfterSeconds?: number, limit?: string): ExtendedError {
  if (limit) reportIfRefused(code, limit);
  const error: ExtendedError = new Error(code);
  error.data = { code, message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  return error;
}

const UNCHECKED = "connection limits could not be checked; try again";

/**
 * Before authentication: new sockets per client address per minute, so a flood of handshakes (and
 * of guessed tokens) is refused before it costs a token check.
 */
export function limitConnectionRate(io: AppServer, limits: ConnectionLimits): void {
  io.use((socket, next) => {
    limits.connectRate.take({ address: clientAddress(socket, limits.trustedHops) }).then(
      ({ allowed, retryAfterSeconds }) =>
        next(
          allowed
            ? undefined
            : refusal(
                "rate_limited",
                "too many new connections from this address",
                retryAfterSeconds,
                "socket_connects",
              ),
        ),
      (error: unknown) => {
        limits.logger.warn({ err: error }, "could not count a new connection; refused");
        next(refusal("unavailable", UNCHECKED));
      },
    );
  });
}

/**
 * After authentication: sockets per client address (more are refused) and per account (a new one
 * pushes out the account's oldest, on whichever node it is, telling it why).
 */
export function limitConcurrentSockets(io: AppServer, limits: ConnectionLimits): void {
  const { seats, logger } = limits;
  io.use((socket, next) => {
    const seat = {
      socketId: socket.id,
      userId: socket.data.userId,
      address: clientAddress(socket, limits.trustedHops),
    };
    seats.take(seat).then(
      (verdict) => {
        if (!verdict.taken)
          return next(
            refusal("limit_reached", "too many connections from this address", undefined, "sockets_per_address"),
          );
        for (const socketId of verdict.evicted) {
          io.to(socketId).emit("session:ended", { reason: "too_many_sockets" });
          io.in(socketId).disconnectSockets(true);
        }
        next();
      },
      (error: unknown) => {
        logger.warn({ err: error }, "could not count a socket of the account; refused");
        next(refusal("unavailable", UNCHECKED));
      },
    );
  });
  io.on("connection", (socket) => {
    socket.on("disconnect", () => {
      seats
        .release(socket.id)
        .catch((error: unknown) => logger.warn({ err: error }, "could not give a socket seat back"));
    });
  });
}

/** The account's and the address's share of commands, for `CommandRate.shared`. */
export function sharedCommandRate(limits: ConnectionLimits): (socket: AppSocket) => Promise<RateLimitVerdict> {
  return async (socket) => {
    try {
      return await limits.commands.take({
        account: socket.data.userId,
        address: clientAddress(socket, limits.trustedHops),
      });
    } catch (error) {
      limits.logger.warn({ err: error }, "could not count a command; refused");
      throw new AppError("unavailable", "the command could not be counted; try again");
    }
  };
}
