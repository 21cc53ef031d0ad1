import { COLLAB_CLOSE, objectIdSchema } from "@chalkline/shared";
import type { WebSocket } from "ws";
import { z } from "zod";

/**
 * Which connections to close on every node: a user's, narrowed to one session (logout, refresh
 * reuse) or to one room's documents (removed from the room); neither narrows to the whole account.
 */
export const collabRevokeSchema = z.object({
  userId: objectIdSchema,
  sessionId: z.string().optional(),
  roomId: objectIdSchema.optional(),
  reason: z.enum(["session_ended", "removed"]),
});
export type CollabRevoke = z.infer<typeof collabRevokeSchema>;

/** Whose a connection is: the user and session of its ticket, the room of its document. */
export interface ConnOwner {
  userId: string;
  sessionId: string;
  roomId: string;
}

/**
 * A closing WebSocket still delivers what its peer sends until the closing handshake ends; a peer
 * that never answers the close frame is cut off after this long.
 */
const CLOSE_GRACE_MS = 1_000;

interface Tracked extends ConnOwner {
  /** Stops the connection's edits counting while it closes. */
  revoked: () => void;
}

/** This node's collaboration connections by user, so a revoke finds them without visiting every document. */
export class CollabOwners {
  readonly #byUser = new Map<string, Map<WebSocket, Tracked>>();

  /** Tracks the connection until it closes; `revoked` runs when a revoke closes it. */
  add(ws: WebSocket, owner: ConnOwner, revoked: () => void): void {
    let conns = this.#byUser.get(owner.userId);
    if (!conns) {
      conns = new Map();
      this.#byUser.set(owner.userId, conns);
    }
    conns.set(ws, { ...owner, revoked });
    ws.once("close", () => {
      conns.delete(ws);
      if (conns.size === 0 && this.#byUser.get(owner.userId) === conns) this.#byUser.delete(owner.userId);
    });
  }

  /** Closes the matching connections held here; how many. */
  close(revoke: CollabRevoke): number {
    let closed = 0;
    for (const [ws, owner] of this.#byUser.get(revoke.userId) ?? []) {
      if (revoke.sessionId !== undefined && owner.sessionId !== revoke.sessionId) continue;
      if (revoke.roomId !== undefined && owner.roomId !== revoke.roomId) continue;
      if (ws.readyState !== ws.OPEN && ws.readyState !== ws.CONNECTING) continue;
      owner.revoked();
      ws.close(COLLAB_CLOSE[revoke.reason], revoke.reason);
      const cutOff = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      cutOff.unref();
      ws.once("close", () => clearTimeout(cutOff));
      closed++;
    }
    return closed;
  }
}
