import { randomUUID } from "node:crypto";
import { type Announcement, announceSchema, rooms } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import { type AppServer, type AppSocket, defineHandler } from "../../platform/realtime";
import { User } from "../accounts/user.model";

/** Staff announcements to everyone online, on every node (the lobby room spans the cluster). */
export function announcementHandlers(
  io: AppServer,
  socket: AppSocket,
  deps: { logger: Logger; rate: { perSecond: number; burst: number } },
): void {
  socket.on(
    "announcement:send",
    defineHandler(
      { socket, logger: deps.logger, rate: deps.rate },
      "announcement:send",
      announceSchema,
      async ({ text }) => {
        // The role is read fresh: an admin may have changed it since this socket connected.
        const user = await User.findById(socket.data.userId, { role: 1, displayName: 1, disabled: 1 });
        if (!user || user.disabled || (user.role !== "admin" && user.role !== "instructor")) {
          throw new AppError("forbidden", "only staff can send announcements");
        }
        const announcement: Announcement = {
          id: randomUUID(),
          text,
          from: { id: user.id, displayName: user.displayName, role: user.role },
          at: new Date().toISOString(),
        };
        io.to(rooms.lobby()).emit("announcement:sent", announcement);
        return announcement;
      },
    ),
  );
}
