import { heartbeatBodySchema, lessonBodySchema, objectIdSchema, submitQuizBodySchema } from "@chalkline/shared";
import { type Request, Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { courseIdOf } from "./courses.routes";
import { createLesson, deleteLesson, lessonForEditor, lessonForReader, updateLesson } from "./lessons.service";
import type { ProgressService } from "./progress.service";
import { myCourseProgress } from "./progress.view";
import type { QuizService } from "./quizzes.service";

const lessonIdOf = (req: Request) => parseOrThrow(objectIdSchema, req.params.lessonId);

/**
 * `/api/courses/:id/lessons/*` (lessons, progress in them, quiz attempts and statistics) and
 * `/api/me/course-progress`. Mounted on /api beside other routers, so it authenticates its own paths only.
 */
export function lessonsRoutes(accounts: AccountsService, progress: ProgressService, quizzes: QuizService): Router {
  const router = Router();
  router.use(
    ["/courses/:id/modules/:moduleId/lessons", "/courses/:id/lessons", "/me/course-progress"],
    requireUser(accounts),
  );

  router.get("/me/course-progress", async (_req, res) => {
    res.json(await myCourseProgress(res.locals.user.id));
  });

  router.post("/courses/:id/modules/:moduleId/lessons", async (req, res) => {
    const moduleId = parseOrThrow(objectIdSchema, req.params.moduleId);
    const body = parseOrThrow(lessonBodySchema, req.body);
    res.status(201).json(await createLesson(res.locals.user, courseIdOf(req), moduleId, body));
  });
  router.get("/courses/:id/lessons/:lessonId", async (req, res) => {
    res.json(await lessonForReader(res.locals.user, courseIdOf(req), lessonIdOf(req)));
  });
  router.get("/courses/:id/lessons/:lessonId/edit", async (req, res) => {
    res.json(await lessonForEditor(res.locals.user, courseIdOf(req), lessonIdOf(req)));
  });
  router.put("/courses/:id/lessons/:lessonId", async (req, res) => {
    const body = parseOrThrow(lessonBodySchema, req.body);
    res.json(await updateLesson(res.locals.user, courseIdOf(req), lessonIdOf(req), body));
  });
  router.delete("/courses/:id/lessons/:lessonId", async (req, res) => {
    await deleteLesson(res.locals.user, courseIdOf(req), lessonIdOf(req));
    res.status(204).end();
  });

  router.post("/courses/:id/lessons/:lessonId/start", async (req, res) => {
    res.json(await progress.start(res.locals.user, courseIdOf(req), lessonIdOf(req)));
  });
  router.post("/courses/:id/lessons/:lessonId/heartbeat", async (req, res) => {
    const { seconds } = parseOrThrow(heartbeatBodySchema, req.body);
    res.json(await progress.heartbeat(res.locals.user, courseIdOf(req), lessonIdOf(req), seconds));
  });
  router.post("/courses/:id/lessons/:lessonId/complete", async (req, res) => {
    res.json(await progress.complete(res.locals.user, courseIdOf(req), lessonIdOf(req)));
  });

  router.post("/courses/:id/lessons/:lessonId/attempts", async (req, res) => {
    const body = parseOrThrow(submitQuizBodySchema, req.body);
    res.status(201).json(await quizzes.submit(res.locals.user, courseIdOf(req), lessonIdOf(req), body));
  });
  router.get("/courses/:id/lessons/:lessonId/attempts", async (req, res) => {
    res.json({ attempts: await quizzes.myAttempts(res.locals.user, courseIdOf(req), lessonIdOf(req)) });
  });
  router.get("/courses/:id/lessons/:lessonId/stats", async (req, res) => {
    res.json(await quizzes.stats(res.locals.user, courseIdOf(req), lessonIdOf(req)));
  });
  return router;
}
