import type { Role } from "@chalkline/shared";
import { hashPassword } from "../features/accounts/passwords";
import { User } from "../features/accounts/user.model";
import { enroll } from "../features/courses/catalog.service";
import { createStudyRoom, joinByCode } from "../features/rooms/rooms.service";
import { isDuplicateKey } from "../platform/mongo";
import { seedDemoCourse } from "./demo-course";
import { seedDemoFamily } from "./demo-family";
import { seedDemoStore } from "./demo-store";

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

/**
 * Seeds the demo accounts and their classroom into an empty database only; a database with any
 * user is left alone. Each feature's demo content is added here, through that feature's service.
 */
export async function seedDemoData(): Promise<boolean> {
  if ((await User.estimatedDocumentCount()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  try {
    await User.insertMany(DEMO_USERS.map((u) => ({ ...u, passwordHash })));
  } catch (error) {
    // Another node seeding at the same moment won the unique emails; it seeds the rest too.
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  await seedClassroom();
  await seedDemoStore();
  return true;
}

async function seedClassroom(): Promise<void> {
  const users = await User.find({ email: { $in: DEMO_USERS.map((u) => u.email) } });
  const byRole = (role: Role) =>
    users.filter((u) => u.role === role).map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }));
  const [teacher] = byRole("instructor");
  const learners = byRole("learner");
  if (!teacher) return;
  const course = await seedDemoCourse(teacher);
  for (const learner of learners) await enroll(learner, course.id);
  const [lena, omar] = learners;
  if (!lena || !omar) return;
  const [grace] = byRole("guardian");
  if (grace) await seedDemoFamily(grace, lena);
  const study = await createStudyRoom(lena, { name: "Homework help", memberLimit: 8, courseId: course.id });
  if (study.inviteCode) await joinByCode(omar, study.inviteCode);
}
