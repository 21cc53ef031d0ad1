import {
  couponCodeSchema,
  couponViewSchema,
  createCouponBodySchema,
  plusCheckoutBodySchema,
  plusStatusSchema,
  redirectUrlSchema,
  setDisabledBodySchema,
} from "@chalkline/shared";
import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

/** subscriptions.routes.ts. */
export const subscriptionsApi: ApiSection = {
  tag: "subscriptions",
  description: "Plus, the subscription that unlocks every paid course, billed by Stripe; and coupons.",
  operations: [
    {
      method: "get",
      path: "/api/subscriptions/me",
      summary: "The account's Plus: active or not, plan, status and paid period",
      auth: "bearer",
      responses: { 200: plusStatusSchema },
    },
    {
      method: "post",
      path: "/api/subscriptions/checkout",
      summary: "A Stripe Checkout session (subscription mode) for the plan, with a coupon if given",
      auth: "bearer",
      body: plusCheckoutBodySchema,
      responses: { 201: redirectUrlSchema },
      errors: ["unavailable"],
    },
    {
      method: "post",
      path: "/api/subscriptions/portal",
      summary: "A link to Stripe's customer portal: change plan or card, cancel",
      auth: "bearer",
      responses: { 201: redirectUrlSchema },
      errors: ["unavailable"],
    },
    {
      method: "get",
      path: "/api/admin/coupons",
      summary: "Coupons, newest first",
      auth: "bearer",
      roles: ["admin"],
      responses: { 200: z.object({ coupons: z.array(couponViewSchema) }) },
    },
    {
      method: "post",
      path: "/api/admin/coupons",
      summary: "Makes a coupon: percent or amount off, for courses, plans or both",
      auth: "bearer",
      roles: ["admin"],
      body: createCouponBodySchema,
      responses: { 201: couponViewSchema },
    },
    {
      method: "patch",
      path: "/api/admin/coupons/:code",
      summary: "Switches a coupon off or back on",
      auth: "bearer",
      roles: ["admin"],
      params: z.object({ code: couponCodeSchema }),
      body: setDisabledBodySchema,
      responses: { 200: couponViewSchema },
    },
  ],
};
