import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { api, login } from "./clients";

/** A main page of the app: who opens it, where, what shows it has loaded, and a short name for files. */
export interface MainPage {
  /** The demo account's email prefix, or null for a visitor. */
  who: string | null;
  path: string;
  ready: string;
  name: string;
}

/** A demo school account, by the start of its email address. */
export function demoAccount(prefix: string): { email: string; password: string } {
  return { email: DEMO_USERS.find((u) => u.email.startsWith(prefix))!.email, password: DEMO_PASSWORD };
}

/**
 * Every main page of the demo school (`SEED_DEMO_SCOPE=school`) as each role sees it: public pages,
 * a learner's, then a teacher's, a guardian's and an admin's own.
 */
export async function mainPages(baseUrl: string): Promise<MainPage[]> {
  const lena = await login(baseUrl, demoAccount("lena").email, DEMO_PASSWORD);
  const rooms = await api(baseUrl, "GET", "/api/rooms", { token: lena.accessToken });
  const classRoom = rooms.body.rooms.find(
    (r: { kind: string; name: string }) => r.name === "Introduction to Programming",
  );
  const catalog = await api(baseUrl, "GET", "/api/courses?q=Introduction", { token: lena.accessToken });
  const courseId = catalog.body.courses[0].id as string;
  const learner = (path: string, ready: string, name: string): MainPage => ({ who: "lena", path, ready, name });
  return [
    { who: null, path: "/", ready: "h1", name: "home" },
    { who: null, path: "/login", ready: "form", name: "login" },
    { who: null, path: "/register", ready: "form", name: "register" },
    learner("/dashboard", "[data-testid=coming-up] li", "learner-dashboard"),
    learner("/rooms", "main h1", "learner-rooms"),
    learner(`/rooms/${classRoom.id}`, "main h1", "learner-class-room"),
    learner("/courses", "main h1", "learner-courses"),
    learner(`/courses/${courseId}`, "main h1", "learner-course"),
    learner("/study", "main h1", "learner-study"),
    learner("/leaderboards", "main h1", "learner-leaderboards"),
    learner("/family", "main h1", "learner-family"),
    learner("/store", "main h1", "learner-store"),
    learner("/orders", "main h1", "learner-orders"),
    learner("/profile", "main h1", "learner-profile"),
    { who: "teacher", path: "/dashboard", ready: "main h1", name: "teacher-dashboard" },
    { who: "grace", path: "/dashboard", ready: "main h1", name: "grace-dashboard" },
    { who: "grace", path: "/family", ready: "main h1", name: "guardian-family" },
    { who: "admin", path: "/dashboard", ready: "main h1", name: "admin-dashboard" },
    { who: "admin", path: "/admin/users", ready: "main h1", name: "admin-users" },
  ];
}
