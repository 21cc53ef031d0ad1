import { auditQuerySchema } from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { auditCsv, auditPage } from "./audit.service";

/** `/api/admin/audit`: the audit log for admins, as pages or as one CSV file. */
export function auditRoutes(accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts), requireRole("admin"));
  router.get("/", async (req, res) => {
    res.json(await auditPage(parseOrThrow(auditQuerySchema, req.query)));
  });
  router.get("/export.csv", async (req, res) => {
    const { cursor: _cursor, limit: _limit, ...filter } = parseOrThrow(auditQuerySchema, req.query);
    res.type("text/csv").attachment("audit-log.csv");
    for await (const chunk of auditCsv(filter)) res.write(chunk);
    res.end();
  });
  return router;
}
