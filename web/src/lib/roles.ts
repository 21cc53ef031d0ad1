import type { Role } from "@chalkline/shared";

export const ROLE_LABELS: Record<Role, string> = {
  learner: "Learner",
  instructor: "Instructor",
  guardian: "Guardian",
  admin: "Admin",
};

/** Roles that may broadcast announcements to everyone online. */
export function canAnnounce(role: Role): boolean {
  return role === "admin" || role === "instructor";
}
