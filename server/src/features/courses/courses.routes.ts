import { createCourseBodySchema, objectIdSchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { RoomSubscriber } from "../rooms/rooms.routes";
import { createCourse, enroll, listCourses } from "./courses.service";

/** `/api/courses/*`. */
export function coursesRoutes(accounts: AccountsService, subscribe: RoomSubscriber): Router {
  const router = Router();
  router.use(requireUser(accounts));
  router.get("/", async (_req, res) => {
    res.json({ courses: await listCourses(res.locals.user) });
  });
  router.post("/", async (req, res) => {
    const body = parseOrThrow(createCourseBodySchema, req.body);
    const course = await createCourse(res.locals.user, body.title, body.description);
    subscribe([res.locals.user.id], { id: course.classRoomId, kind: "class" });
    res.status(201).json(course);
  });
  router.post("/:id/enroll", async (req, res) => {
    const course = await enroll(res.locals.user, parseOrThrow(objectIdSchema, req.params.id));
    subscribe([res.locals.user.id], { id: course.classRoomId, kind: "class" });
    res.json(course);
  });
  return router;
}
