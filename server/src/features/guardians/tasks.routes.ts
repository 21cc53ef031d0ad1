import { answerTaskBodySchema, createGuardianTaskBodySchema, itemParamsSchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { linkedGuardian, personOf } from "./guardians.access";
import type { GuardianLinks } from "./links.service";
import type { GuardianTasks } from "./tasks.service";

/**
 * A linked guardian's `/api/learners/:learnerId/tasks` and the learner's `/api/me/tasks/*`.
 * Mounted on `/api` with authentication per route.
 */
export function tasksRoutes(tasks: GuardianTasks, links: GuardianLinks, accounts: AccountsService): Router {
  const router = Router();
  const guardian = linkedGuardian(accounts, links);
  const learner = [requireUser(accounts), requireRole("learner")];

  router.get("/learners/:learnerId/tasks", ...guardian, async (_req, res) => {
    res.json({ tasks: await tasks.listForGuardian(res.locals.user.id, res.locals.learnerId) });
  });

  router.post("/learners/:learnerId/tasks", ...guardian, async (req, res) => {
    const body = parseOrThrow(createGuardianTaskBodySchema, req.body);
    res.status(201).json(await tasks.create(personOf(res.locals.user), res.locals.learnerId, body));
  });

  router.get("/me/tasks", ...learner, async (_req, res) => {
    res.json({ tasks: await tasks.listForLearner(res.locals.user.id) });
  });

  router.post("/me/tasks/:id/start", ...learner, async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    res.json(await tasks.start(res.locals.user.id, id));
  });

  router.post("/me/tasks/:id/answers", ...learner, async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    const { choice } = parseOrThrow(answerTaskBodySchema, req.body);
    res.status(201).json(await tasks.answer(res.locals.user.id, id, choice));
  });

  return router;
}
