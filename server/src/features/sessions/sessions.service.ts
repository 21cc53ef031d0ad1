import type { DeviceSession } from "@chalkline/shared";
import Bowser from "bowser";
import { AppError } from "../../platform/errors";
import type { AccountsService } from "../accounts";
import { RefreshFamily } from "../accounts/refresh-token.model";

/** Sessions listed at most: an account signed in on more devices sees its most recently used ones. */
const LIST_LIMIT = 50;

/** "Chrome 142 on Linux", from a user agent; what a person recognises their device by. */
export function describeBrowser(userAgent: string): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os } = Bowser.parse(userAgent);
  const name = [browser.name, browser.version?.split(".")[0]].filter(Boolean).join(" ") || "Unknown browser";
  return os.name ? `${name} on ${os.name}` : name;
}

/** One's own signed-in sessions (refresh families), and ending them. Knows nothing of HTTP. */
export class DeviceSessions {
  constructor(
    private readonly accounts: AccountsService,
    /** A session not refreshed for this long has lapsed and is not listed. */
    private readonly refreshTtlMs: number,
  ) {}

  async list(userId: string, currentSessionId: string, now = Date.now()): Promise<DeviceSession[]> {
    const [families, seen] = await Promise.all([
      RefreshFamily.find({ userId, revokedAt: null }).sort({ createdAt: -1 }).limit(LIST_LIMIT).lean(),
      this.accounts.lastSeen.read(userId),
    ]);
    return families
      .map((family) => {
        const id = String(family._id);
        const last = seen.get(id);
        return {
          id,
          browser: describeBrowser(family.userAgent),
          ip: last?.ip ?? family.ip,
          signedInAt: family.createdAt.toISOString(),
          lastSeenAt: new Date(last?.at ?? family.createdAt.getTime()).toISOString(),
          current: id === currentSessionId,
        };
      })
      .filter((session) => Date.parse(session.lastSeenAt) > now - this.refreshTtlMs)
      .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  /** "Sign out this one": its refresh token, access tokens and sockets end on every node. */
  async end(userId: string, sessionId: string): Promise<void> {
    const owned = await RefreshFamily.exists({ _id: sessionId, userId, revokedAt: null });
    if (!owned) throw new AppError("not_found", "no such session");
    await this.accounts.endSession(userId, sessionId, "logged_out");
  }

  /** "Sign out everywhere", this device included. */
  async endAll(userId: string): Promise<void> {
    await this.accounts.revokeAllSessions(userId, "logged_out");
  }
}
