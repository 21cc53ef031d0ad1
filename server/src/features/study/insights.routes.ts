import { alertParamsSchema, itemParamsSchema, type ReflectionBody, reflectionBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { courseForEditor } from "../courses/courses.access";
import { linkedGuardian } from "../guardians/guardians.access";
import type { GuardianLinks } from "../guardians/links.service";
import type { StudyAlerts } from "./alerts.service";
import type { StudyAnalyticsService } from "./analytics.service";
import type { StudyRecommendations } from "./recommendations.service";
import type { StudyReflections } from "./reflections.service";

/**
 * A learner's `/api/study/analytics`, `/api/study/reflections*` and `/api/study/recommendations`;
 * instructors' and guardians' `/api/study/alerts*`; a course's `/api/courses/:id/study-totals` for
 * its instructor; and a linked guardian's
 * `/api/learners/:learnerId/study` (reflections there without their text unless shared).
 */
export function studyInsightsRoutes(
  services: {
    analytics: StudyAnalyticsService;
    reflections: StudyReflections;
    recommendations: StudyRecommendations;
    alerts: StudyAlerts;
  },
  accounts: AccountsService,
  links: GuardianLinks,
): Router {
  const { analytics, reflections, recommendations, alerts } = services;
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

  router.get("/study/recommendations", ...learner, async (_req, res) => {
    res.json({ recommendations: await recommendations.forLearner(res.locals.user.id) });
  });

  const watcher = [requireUser(accounts), requireRole("instructor", "guardian")];
  router.get("/study/alerts", ...watcher, async (_req, res) => {
    res.json({ alerts: await alerts.forViewer(res.locals.user) });
  });
  router.post("/study/alerts/:id/dismiss", ...watcher, async (req, res) => {
    const { id } = parseOrThrow(alertParamsSchema, req.params);
    await alerts.dismiss(res.locals.user.id, id);
    res.status(204).end();
  });

  router.get(
    "/courses/:id/study-totals",
    requireUser(accounts),
    requireRole("instructor", "admin"),
    async (req, res) => {
      const { id } = parseOrThrow(itemParamsSchema, req.params);
      await courseForEditor(id, res.locals.user);
      res.json(await analytics.forCourse(id));
    },
  );

  router.get("/learners/:learnerId/study", ...linkedGuardian(accounts, links), async (_req, res) => {
    const learnerId = res.locals.learnerId;
    res.json({
      analytics: await analytics.forLearner(learnerId),
      reflections: await reflections.list(learnerId, true),
    });
  });

  return router;
}
