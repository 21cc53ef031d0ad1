import { listNotificationsQuerySchema, markNotificationsReadBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { NotificationsService } from "./notifications.service";

/** `/api/notifications/*`: the caller's own notifications only. */
export function notificationsRoutes(notifications: NotificationsService, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts));
  router.get("/", async (req, res) => {
    const query = parseOrThrow(listNotificationsQuerySchema, req.query);
    res.json(await notifications.list(res.locals.user.id, query.cursor, query.limit));
  });
  router.post("/read", async (req, res) => {
    const body = parseOrThrow(markNotificationsReadBodySchema, req.body);
    res.json(await notifications.markRead(res.locals.user.id, "all" in body ? "all" : body.ids));
  });
  return router;
}
