import {
  catalogQuerySchema,
  createCourseBodySchema,
  moduleBodySchema,
  objectIdSchema,
  outlineBodySchema,
  publishCourseBodySchema,
  updateCourseBodySchema,
} from "@chalkline/shared";
import { type Request, type Response, Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { RoomSubscriber } from "../rooms/rooms.routes";
import { catalog, courseDetails, enroll, myCourses } from "./catalog.service";
import type { CourseDoc } from "./courses.model";
import { createCourse, setPublished, updateCourse } from "./courses.service";
import { toCourseDetails } from "./courses.view";
import { addModule, deleteModule, renameModule, reorderOutline } from "./outline.service";

/** A route's `:id` (the course) and `:moduleId`, checked to be object ids. */
export const courseIdOf = (req: Request) => parseOrThrow(objectIdSchema, req.params.id);
const moduleIdOf = (req: Request) => parseOrThrow(objectIdSchema, req.params.moduleId);

/** `/api/courses/*`: the catalog, enrolment, and editing courses and their outline. */
export function coursesRoutes(accounts: AccountsService, subscribe: RoomSubscriber): Router {
  const router = Router();
  router.use(requireUser(accounts));
  // Outline edits answer the whole course page, so the editor redraws from one answer.
  const outline = async (res: Response, course: Promise<CourseDoc>) => {
    res.json(await toCourseDetails(await course, res.locals.user, null));
  };

  router.get("/", async (req, res) => {
    res.json(await catalog(res.locals.user, parseOrThrow(catalogQuerySchema, req.query)));
  });
  router.get("/mine", async (_req, res) => {
    res.json({ courses: await myCourses(res.locals.user) });
  });
  router.post("/", async (req, res) => {
    const course = await createCourse(res.locals.user, parseOrThrow(createCourseBodySchema, req.body));
    subscribe([res.locals.user.id], { id: course.classRoomId, kind: "class" });
    res.status(201).json(course);
  });
  router.get("/:id", async (req, res) => {
    res.json(await courseDetails(res.locals.user, courseIdOf(req)));
  });
  router.patch("/:id", async (req, res) => {
    res.json(await updateCourse(res.locals.user, courseIdOf(req), parseOrThrow(updateCourseBodySchema, req.body)));
  });
  router.put("/:id/published", async (req, res) => {
    const { published } = parseOrThrow(publishCourseBodySchema, req.body);
    res.json(await setPublished(res.locals.user, courseIdOf(req), published));
  });
  router.post("/:id/enroll", async (req, res) => {
    const course = await enroll(res.locals.user, courseIdOf(req));
    subscribe([res.locals.user.id], { id: course.classRoomId, kind: "class" });
    res.json(course);
  });

  router.post("/:id/modules", async (req, res) => {
    const { title } = parseOrThrow(moduleBodySchema, req.body);
    await outline(res.status(201), addModule(res.locals.user, courseIdOf(req), title));
  });
  router.patch("/:id/modules/:moduleId", async (req, res) => {
    const { title } = parseOrThrow(moduleBodySchema, req.body);
    await outline(res, renameModule(res.locals.user, courseIdOf(req), moduleIdOf(req), title));
  });
  router.delete("/:id/modules/:moduleId", async (req, res) => {
    await outline(res, deleteModule(res.locals.user, courseIdOf(req), moduleIdOf(req)));
  });
  router.put("/:id/outline", async (req, res) => {
    const body = parseOrThrow(outlineBodySchema, req.body);
    await outline(res, reorderOutline(res.locals.user, courseIdOf(req), body));
  });
  return router;
}
