import { objectIdSchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { PollsService } from "./polls.service";

/** `/api/live-classes/:liveClassId/polls`: a class's polls and their results, for its room's members. */
export function pollsRoutes(polls: PollsService, accounts: AccountsService): Router {
  const router = Router();
  router.use("/live-classes/:liveClassId/polls", requireUser(accounts));
  router.get("/live-classes/:liveClassId/polls", async (req, res) => {
    res.json(await polls.ofClass(parseOrThrow(objectIdSchema, req.params.liveClassId), res.locals.user));
  });
  return router;
}
