import {
  focusRefSchema,
  focusSettingsSchema,
  itemParamsSchema,
  plannedSlotBodySchema,
  type StudyOverview,
  startFocusBodySchema,
  subjectBodySchema,
  weeklyGoalBodySchema,
} from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { timeZoneOf } from "../accounts/user.model";
import type { FocusTimers } from "./focus.service";
import type { StudyPlans } from "./plans.service";

/** A learner's `/api/study/*`: plan, subjects, goals, slots, timer lengths and the focus timer. */
export function studyRoutes(plans: StudyPlans, timers: FocusTimers, accounts: AccountsService): Router {
  const router = Router();
  const learner = [requireUser(accounts), requireRole("learner")];
  const me = (res: { locals: { user: { id: string } } }) => res.locals.user.id;

  router.get("/study", ...learner, async (_req, res) => {
    const userId = me(res);
    const [subjects, slots, settings, timer, timeZone] = await Promise.all([
      plans.subjects(userId),
      plans.slots(userId),
      plans.settings(userId),
      timers.current(userId),
      timeZoneOf(userId),
    ]);
    res.json({ subjects, slots, settings, timer, timeZone } satisfies StudyOverview);
  });

  router.post("/study/subjects", ...learner, async (req, res) => {
    res.status(201).json(await plans.addSubject(me(res), parseOrThrow(subjectBodySchema, req.body)));
  });
  router.put("/study/subjects/:id/goal", ...learner, async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    const { weeklyGoalMinutes } = parseOrThrow(weeklyGoalBodySchema, req.body);
    res.json(await plans.setWeeklyGoal(me(res), id, weeklyGoalMinutes));
  });
  router.delete("/study/subjects/:id", ...learner, async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    await plans.removeSubject(me(res), id);
    res.status(204).end();
  });

  router.post("/study/slots", ...learner, async (req, res) => {
    res.status(201).json(await plans.addSlot(me(res), parseOrThrow(plannedSlotBodySchema, req.body)));
  });
  router.delete("/study/slots/:id", ...learner, async (req, res) => {
    const { id } = parseOrThrow(itemParamsSchema, req.params);
    await plans.removeSlot(me(res), id);
    res.status(204).end();
  });

  router.put("/study/settings", ...learner, async (req, res) => {
    res.json(await plans.setSettings(me(res), parseOrThrow(focusSettingsSchema, req.body)));
  });

  router.get("/study/focus", ...learner, async (_req, res) => {
    res.json({ timer: await timers.current(me(res)) });
  });
  router.post("/study/focus", ...learner, async (req, res) => {
    const { subjectId } = parseOrThrow(startFocusBodySchema, req.body);
    res.status(201).json(await timers.start(me(res), subjectId));
  });
  router.post("/study/focus/:sessionId/pause", ...learner, async (req, res) => {
    const { sessionId } = parseOrThrow(focusRefSchema, req.params);
    res.json(await timers.pause(me(res), sessionId));
  });
  router.post("/study/focus/:sessionId/resume", ...learner, async (req, res) => {
    const { sessionId } = parseOrThrow(focusRefSchema, req.params);
    res.json(await timers.resume(me(res), sessionId));
  });
  router.post("/study/focus/:sessionId/finish", ...learner, async (req, res) => {
    const { sessionId } = parseOrThrow(focusRefSchema, req.params);
    res.json(await timers.finish(me(res), sessionId));
  });

  return router;
}
