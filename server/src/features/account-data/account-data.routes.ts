import { deleteAccountBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { type AccountsService, requireUser } from "../accounts";
import type { AccountDeletion } from "./deletion.service";
import { exportAccountData } from "./export.service";

/** `GET /api/me/export` (a JSON download of one's own data) and `DELETE /api/me` (delete my account). */
export function accountDataRoutes(deletion: AccountDeletion, accounts: AccountsService): Router {
  const router = Router();
  const signedIn = requireUser(accounts);

  router.get("/me/export", signedIn, async (_req, res) => {
    const data = await exportAccountData(res.locals.user);
    res.setHeader("Cache-Control", "no-store");
    res.attachment("chalkline-my-data.json");
    res.json(data);
  });

  router.delete("/me", signedIn, async (req, res) => {
    const { password } = parseOrThrow(deleteAccountBodySchema, req.body);
    await deletion.delete(res.locals.user, password, req.ip ?? "unknown");
    res.status(204).end();
  });

  return router;
}
