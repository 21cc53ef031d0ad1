import type { Role } from "@chalkline/shared";
import { translate } from "$lib/i18n";

/** Each label is read when used, so it is in the page's language at that moment. */
export const ROLE_LABELS: Record<Role, string> = {
  get learner() {
    return translate("roles.learner");
  },
  get instructor() {
    return translate("roles.instructor");
  },
  get guardian() {
    return translate("roles.guardian");
  },
  get admin() {
    return translate("roles.admin");
  },
};

/** Roles that may broadcast announcements to everyone online. */
export function canAnnounce(role: Role): boolean {
  return role === "admin" || role === "instructor";
}
