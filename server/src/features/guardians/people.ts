import type { Person } from "@chalkline/shared";
import { User } from "../accounts/user.model";

/** Display names for the given user ids, in one read; unknown ids get a placeholder. */
export async function peopleById(ids: ReadonlyArray<unknown>): Promise<(id: unknown) => Person> {
  const unique = [...new Set(ids.map(String))];
  const users = await User.find({ _id: { $in: unique } }, { displayName: 1 }).lean();
  const names = new Map(users.map((u) => [String(u._id), u.displayName]));
  return (id) => ({ id: String(id), displayName: names.get(String(id)) ?? "Former user" });
}
