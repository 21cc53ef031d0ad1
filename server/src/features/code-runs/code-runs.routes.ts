import { objectIdSchema, submitCodeBodySchema, submitGroupCodeBodySchema } from "@chalkline/shared";
import { type Request, Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { CodeRunsService } from "./code-runs.service";

const LESSON = "/courses/:id/lessons/:lessonId";
const ids = (req: Request) =>
  [parseOrThrow(objectIdSchema, req.params.id), parseOrThrow(objectIdSchema, req.params.lessonId)] as const;

/** `/api/code-runs/courses/:id/lessons/:lessonId/*`: graded code attempts, group submissions and statistics. */
export function codeRunsRoutes(service: CodeRunsService, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts));
  router.post(`${LESSON}/attempts`, async (req, res) => {
    const body = parseOrThrow(submitCodeBodySchema, req.body);
    res.status(201).json(await service.submit(res.locals.user, ...ids(req), body));
  });
  router.get(`${LESSON}/attempts`, async (req, res) => {
    res.json({ attempts: await service.myAttempts(res.locals.user, ...ids(req)) });
  });
  router.post(`${LESSON}/group-attempts`, async (req, res) => {
    const { docId } = parseOrThrow(submitGroupCodeBodySchema, req.body);
    res.status(201).json({ attempts: await service.submitGroup(res.locals.user, ...ids(req), docId) });
  });
  router.get(`${LESSON}/stats`, async (req, res) => {
    res.json(await service.stats(res.locals.user, ...ids(req)));
  });
  return router;
}
