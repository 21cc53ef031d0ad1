import type { Role } from "@chalkline/shared";
import { hashPassword } from "../features/accounts/passwords";
import { User } from "../features/accounts/user.model";

/** Every demo account shares this password; it is printed by `npm start`. */
export const DEMO_PASSWORD = "chalkline-demo";

export const DEMO_USERS: ReadonlyArray<{ email: string; displayName: string; role: Role }> = [
  { email: "admin@demo.chalkline.dev", displayName: "Ada Admin", role: "admin" },
  { email: "teacher@demo.chalkline.dev", displayName: "Tomás Teacher", role: "instructor" },
  { email: "lena@demo.chalkline.dev", displayName: "Lena Learner", role: "learner" },
  { email: "omar@demo.chalkline.dev", displayName: "Omar Learner", role: "learner" },
  { email: "mia@demo.chalkline.dev", displayName: "Mia Learner", role: "learner" },
  { email: "grace@demo.chalkline.dev", displayName: "Grace Guardian", role: "guardian" },
];

/** Seeds the demo accounts into an empty database only; a database with any user is left alone. */
export async function seedDemoData(): Promise<boolean> {
  if ((await User.estimatedDocumentCount()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await User.insertMany(
    DEMO_USERS.map((u) => ({ ...u, passwordHash })),
    { ordered: false },
  ).catch((error: { code?: number }) => {
    // Another node seeding at the same moment wins the unique emails; that is fine.
    if (error.code !== 11000) throw error;
  });
  return true;
}
