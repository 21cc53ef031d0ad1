import { type UserView, userViewSchema } from "@chalkline/shared";

/**
 * The account this browser was last signed in to (its name, role, theme: nothing that grants
 * access), so a page loaded while offline can show what the service worker kept for it. Forgotten on
 * sign-out; the session itself still needs the refresh cookie once the server answers.
 */
const KEY = "chalkline:user";

export function rememberUser(user: UserView): void {
  localStorage.setItem(KEY, JSON.stringify(user));
}

export function rememberedUser(): UserView | null {
  try {
    const parsed = userViewSchema.safeParse(JSON.parse(localStorage.getItem(KEY) ?? "null"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function forgetUser(): void {
  localStorage.removeItem(KEY);
}
