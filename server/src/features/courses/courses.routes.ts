import { createCourseBodySchema, objectIdSchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { createCourse, enroll, listCourses } from "./courses.service";

/** `/api/courses/*`. */
export function coursesRoutes(accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts));
  router.get("/", async (_req, res) => {
    res.json({ courses: await listCourses(res.locals.user) });
  });
  router.post("/", async (req, res) => {
    const body = parseOrThrow(createCourseBodySchema, req.body);
    res.status(201).json(await createCourse(res.locals.user, body.title, body.description));
  });
  router.post("/:id/enroll", async (req, res) => {
    res.json(await enroll(res.locals.user, parseOrThrow(objectIdSchema, req.params.id)));
  });
  return router;
}
