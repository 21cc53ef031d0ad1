import type { deviceSessionListSchema } from "@chalkline/shared";
import { Router } from "express";
import type { z } from "zod";
import { AppError } from "../../platform/errors";
import { type AccountsService, requireUser } from "../accounts";
import type { DeviceSessions } from "./sessions.service";

const SESSION_ID = /^[a-f0-9]{32}$/;

/** `/api/me/sessions`: the caller's signed-in devices, and signing them out. */
export function sessionsRoutes(sessions: DeviceSessions, accounts: AccountsService): Router {
  const router = Router();
  router.use("/me/sessions", requireUser(accounts));

  router.get("/me/sessions", async (_req, res) => {
    const { user, session } = res.locals;
    const list = await sessions.list(user.id, session.session.sessionId);
    res.setHeader("Cache-Control", "no-store");
    res.json({ sessions: list } satisfies z.infer<typeof deviceSessionListSchema>);
  });

  router.delete("/me/sessions/:id", async (req, res) => {
    const id = req.params.id;
    if (!SESSION_ID.test(id)) throw new AppError("not_found", "no such session");
    await sessions.end(res.locals.user.id, id);
    res.status(204).end();
  });

  router.delete("/me/sessions", async (_req, res) => {
    await sessions.endAll(res.locals.user.id);
    res.status(204).end();
  });

  return router;
}
