import {
  couponCodeSchema,
  createCouponBodySchema,
  plusCheckoutBodySchema,
  setDisabledBodySchema,
} from "@chalkline/shared";
import { Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { recordAudit } from "../audit/audit.model";
import type { SubscriptionsService } from "./subscriptions.service";

/** `/api/subscriptions`: a signed-in account's Plus. */
export function subscriptionsRoutes(subscriptions: SubscriptionsService, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts));
  router.get("/me", async (_req, res) => {
    res.json(await subscriptions.status(res.locals.user.id));
  });
  router.post("/checkout", async (req, res) => {
    res
      .status(201)
      .json({ url: await subscriptions.checkout(res.locals.user, parseOrThrow(plusCheckoutBodySchema, req.body)) });
  });
  router.post("/portal", async (_req, res) => {
    res.status(201).json({ url: await subscriptions.portal(res.locals.user) });
  });
  return router;
}

/** `/api/admin/coupons`: admins make and switch off discount codes. */
export function couponsRoutes(subscriptions: SubscriptionsService, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts), requireRole("admin"));
  router.get("/", async (_req, res) => {
    res.json({ coupons: await subscriptions.listCoupons() });
  });
  router.post("/", async (req, res) => {
    const coupon = await subscriptions.createCoupon(parseOrThrow(createCouponBodySchema, req.body));
    await recordAudit({
      actorId: res.locals.user.id,
      action: "coupon.created",
      targetId: coupon.code,
      details: coupon,
    });
    res.status(201).json(coupon);
  });
  router.patch("/:code", async (req, res) => {
    const code = parseOrThrow(couponCodeSchema, req.params.code);
    const { disabled } = parseOrThrow(setDisabledBodySchema, req.body);
    const coupon = await subscriptions.setCouponActive(code, !disabled);
    await recordAudit({
      actorId: res.locals.user.id,
      action: disabled ? "coupon.disabled" : "coupon.enabled",
      targetId: code,
    });
    res.json(coupon);
  });
  return router;
}
