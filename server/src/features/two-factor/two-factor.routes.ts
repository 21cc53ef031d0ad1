import {
  disableTwoFactorBodySchema,
  enableTwoFactorBodySchema,
  type RecoveryCodes,
  type TwoFactorSetup,
  type TwoFactorStatus,
} from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { type AccountsService, requireUser } from "../accounts";
import type { TrustedDevices } from "./trusted-devices";
import type { TwoFactorService } from "./two-factor.service";

/** `/api/me/two-factor/*` and `/api/me/trusted-devices`: the caller's own second factor. */
export function twoFactorRoutes(
  twoFactor: TwoFactorService,
  devices: TrustedDevices,
  accounts: AccountsService,
): Router {
  const router = Router();
  router.use(["/me/two-factor", "/me/trusted-devices"], requireUser(accounts));

  router.get("/me/two-factor", async (_req, res) => {
    res.json((await twoFactor.status(res.locals.user)) satisfies TwoFactorStatus);
  });

  router.post("/me/two-factor/setup", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json((await twoFactor.setup(res.locals.user)) satisfies TwoFactorSetup);
  });

  router.post("/me/two-factor/enable", async (req, res) => {
    const { code } = parseOrThrow(enableTwoFactorBodySchema, req.body);
    const recoveryCodes = await twoFactor.enable(res.locals.user, code);
    res.setHeader("Cache-Control", "no-store");
    res.status(201).json({ recoveryCodes } satisfies RecoveryCodes);
  });

  router.post("/me/two-factor/disable", async (req, res) => {
    const factor = parseOrThrow(disableTwoFactorBodySchema, req.body);
    await twoFactor.disable(res.locals.user, factor, req.ip ?? "unknown");
    res.status(204).end();
  });

  // Every browser that was trusted asks for the code again at its next sign-in.
  router.delete("/me/trusted-devices", async (_req, res) => {
    await devices.revokeAll(res.locals.user.id);
    res.status(204).end();
  });

  return router;
}
