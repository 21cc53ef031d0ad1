import { objectIdSchema, scheduleLiveClassBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { LiveService } from "./live.service";
import { upcomingClasses } from "./live.upcoming";

/** `/api/rooms/:roomId/live-classes`, `/api/live-classes/:id/attendance` and `/api/me/live-classes`. */
export function liveRoutes(live: LiveService, accounts: AccountsService): Router {
  const router = Router();
  // Only its own paths: the router is mounted on /api beside others.
  router.use(["/rooms/:roomId/live-classes", "/live-classes", "/me/live-classes"], requireUser(accounts));
  const id = (value: unknown) => parseOrThrow(objectIdSchema, value);

  router.get("/me/live-classes", async (_req, res) => {
    res.json(await upcomingClasses(res.locals.user.id));
  });
  router.get("/rooms/:roomId/live-classes", async (req, res) => {
    res.json({ liveClasses: await live.list(id(req.params.roomId), res.locals.user) });
  });
  router.post("/rooms/:roomId/live-classes", async (req, res) => {
    const body = parseOrThrow(scheduleLiveClassBodySchema, req.body);
    res.status(201).json(await live.schedule(id(req.params.roomId), res.locals.user, body));
  });
  router.get("/live-classes/:liveClassId/attendance", async (req, res) => {
    res.json(await live.attendance(id(req.params.liveClassId), res.locals.user));
  });
  return router;
}
