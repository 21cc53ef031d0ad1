import { type ReflectionBody, reflectionBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { linkedGuardian } from "../guardians/guardians.access";
import type { GuardianLinks } from "../guardians/links.service";
import type { StudyAnalyticsService } from "./analytics.service";
import type { StudyReflections } from "./reflections.service";

/**
 * A learner's `/api/study/analytics` and `/api/study/reflections*`, and a linked guardian's
 * `/api/learners/:learnerId/study` (reflections there without their text unless shared).
 */
export function studyInsightsRoutes(
  analytics: StudyAnalyticsService,
  reflections: StudyReflections,
  accounts: AccountsService,
  links: GuardianLinks,
): Router {
  const router = Router();
  const learner = [requireUser(accounts), requireRole("learner")];

  router.get("/study/analytics", ...learner, async (_req, res) => {
    res.json(await analytics.forLearner(res.locals.user.id));
  });
  router.get("/study/reflections", ...learner, async (_req, res) => {
    res.json({ reflections: await reflections.list(res.locals.user.id) });
  });
  router.get("/study/reflections/prompts", ...learner, async (_req, res) => {
    res.json(await reflections.prompts(res.locals.user.id));
  });
  router.post("/study/reflections", ...learner, async (req, res) => {
    const body: ReflectionBody = parseOrThrow(reflectionBodySchema, req.body);
    res.status(201).json(await reflections.write(res.locals.user.id, body));
  });

  router.get("/learners/:learnerId/study", ...linkedGuardian(accounts, links), async (_req, res) => {
    const learnerId = res.locals.learnerId;
    res.json({
      analytics: await analytics.forLearner(learnerId),
      reflections: await reflections.list(learnerId, true),
    });
  });

  return router;
}
