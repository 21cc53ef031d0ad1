import type { Role } from "@chalkline/shared";
import { hashPassword } from "../features/accounts/passwords";
import { User } from "../features/accounts/user.model";
import { enroll } from "../features/courses/catalog.service";
import type { AwardsService } from "../features/ledger/awards.service";
import type { OrdersService } from "../features/orders/orders.service";
import type { Actor } from "../features/rooms/rooms.access";
import { createStudyRoom, joinByCode } from "../features/rooms/rooms.service";
import { isDuplicateKey } from "../platform/mongo";
import { ALGEBRA_COURSE, SCIENCE_COURSE, WEB_COURSE } from "./demo-catalogue";
import { CLASS_CHAT, STUDY_CHAT, seedDemoChat, seedDemoClasses } from "./demo-classes";
import { INTRO_COURSE, seedDemoCourse } from "./demo-course";
import { seedDemoFamily } from "./demo-family";
import { seedDemoProducts, seedDemoStore } from "./demo-store";
import { seedDemoWorkspace } from "./demo-workspace";
import { seedDemoLearning } from "./demo-xp";

/** What seeding goes through to write as the product does: awards on the ledger, orders in the store. */
export interface DemoSeedDeps {
  awards: Pick<AwardsService, "award">;
  orders: Pick<OrdersService, "createOrder">;
}

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
 * Seeds the demo school into an empty database only; a database with any user is left alone, and
 * the unique emails let one of several nodes starting at once seed it. Each feature's demo content
 * is added through that feature's service or written the way that feature stores it.
 */
export async function seedDemoData(deps: DemoSeedDeps, scope: "school" | "core" = "school"): Promise<boolean> {
  if ((await User.estimatedDocumentCount()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  try {
    await User.insertMany(DEMO_USERS.map((u) => ({ ...u, passwordHash })));
  } catch (error) {
    // Another node seeding at the same moment won the unique emails; it seeds the rest too.
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  await seedSchool(deps, scope);
  return true;
}

async function seedSchool(deps: DemoSeedDeps, scope: "school" | "core"): Promise<void> {
  const users = await User.find({ email: { $in: DEMO_USERS.map((u) => u.email) } });
  const byRole = (role: Role): Actor[] =>
    users.filter((u) => u.role === role).map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }));
  const [teacher] = byRole("instructor");
  const [lena, omar, mia] = byRole("learner");
  const [grace] = byRole("guardian");
  if (!teacher || !lena || !omar || !mia || !grace) throw new Error("the demo accounts are incomplete");
  const intro = await seedDemoCourse(teacher, INTRO_COURSE);
  const learners = [lena, omar, mia];
  if (scope === "core") {
    for (const learner of learners) await enroll(learner, intro.id);
    await seedStudyRoom(lena, omar, intro.id);
    await seedDemoFamily(grace, lena);
    await seedDemoProducts();
    return;
  }
  const algebra = await seedDemoCourse(teacher, ALGEBRA_COURSE);
  const science = await seedDemoCourse(teacher, SCIENCE_COURSE);
  await seedDemoCourse(teacher, WEB_COURSE);
  for (const learner of learners) for (const course of [intro, algebra, science]) await enroll(learner, course.id);
  await seedDemoClasses(intro.classRoomId, intro.id, learners);
  await seedDemoChat(intro.classRoomId, [teacher, ...learners], CLASS_CHAT);
  await seedDemoWorkspace(intro.classRoomId, teacher.id);
  const study = await seedStudyRoom(lena, omar, intro.id);
  await seedDemoChat(study.id, [lena, omar], STUDY_CHAT);
  await seedDemoFamily(grace, lena);
  await seedDemoLearning(deps.awards, [
    { userId: lena.id, courseIds: [intro.id, algebra.id, science.id], share: 0.85, idleDays: 0 },
    { userId: omar.id, courseIds: [intro.id, algebra.id], share: 0.7, idleDays: 1 },
    { userId: mia.id, courseIds: [intro.id, science.id], share: 0.5, idleDays: 5 },
  ]);
  await seedDemoStore(deps.orders, lena.id);
}

/** Lena's study room for the first course, which Omar joined by its invite code. */
async function seedStudyRoom(lena: Actor, omar: Actor, courseId: string): Promise<{ id: string }> {
  const study = await createStudyRoom(lena, { name: "Homework help", memberLimit: 8, courseId });
  if (study.inviteCode) await joinByCode(omar, study.inviteCode);
  return study;
}
