import type { ListUsersQuery, Role, UserPage, UserView } from "@chalkline/shared";
import type { QueryFilter } from "mongoose";
import { AppError } from "../../platform/errors";
import { escapeRegex } from "../../platform/mongo";
import type { AccountsService } from "../accounts/accounts.service";
import { toUserView, User, type UserDoc, type UserRecord } from "../accounts/user.model";
import { recordAudit } from "../audit/audit.model";

/** What admins do to accounts. Every change is audited. */
export class AdminService {
  constructor(private readonly accounts: AccountsService) {}

  async listUsers(query: ListUsersQuery): Promise<UserPage> {
    const filter: QueryFilter<UserRecord> = {};
    if (query.role) filter.role = query.role;
    if (query.q) {
      const pattern = new RegExp(escapeRegex(query.q), "i");
      filter.$or = [{ email: pattern }, { displayName: pattern }];
    }
    if (query.cursor) filter._id = { $gt: query.cursor };
    const users = await User.find(filter)
      .sort({ _id: 1 })
      .limit(query.limit + 1);
    const page = users.slice(0, query.limit);
    return { users: page.map(toUserView), nextCursor: users.length > query.limit ? (page.at(-1)?.id ?? null) : null };
  }

  /**
   * A new role takes effect at once: the account's access tokens end and its sockets and documents
   * close on every node (told `role_changed`), and the client refreshes into a token with the new role.
   */
  async changeRole(actor: UserDoc, userId: string, role: Role): Promise<UserView> {
    if (actor.id === userId) throw new AppError("forbidden", "admins cannot change their own role");
    const before = await User.findOneAndUpdate({ _id: userId }, { $set: { role } }, { returnDocument: "before" });
    if (!before) throw new AppError("not_found", "no such user");
    if (before.role !== role) await this.accounts.endAccessTokens(userId, "role_changed");
    await recordAudit({ actorId: actor.id, action: "user.role_changed", targetId: userId, details: { role } });
    return { ...toUserView(before), role };
  }

  /** Disabling ends every session: tokens stop working, sockets and documents close on every node. */
  async setDisabled(actor: UserDoc, userId: string, disabled: boolean): Promise<UserView> {
    if (actor.id === userId) throw new AppError("forbidden", "admins cannot disable themselves");
    const user = await User.findOneAndUpdate({ _id: userId }, { $set: { disabled } }, { returnDocument: "after" });
    if (!user) throw new AppError("not_found", "no such user");
    if (disabled) await this.accounts.revokeAllSessions(userId, "account_disabled");
    await recordAudit({ actorId: actor.id, action: disabled ? "user.disabled" : "user.enabled", targetId: userId });
    return toUserView(user);
  }
}
