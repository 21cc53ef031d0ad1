import {
  createGiftBodySchema,
  giftListSchema,
  giftViewSchema,
  learnerGiftsSchema,
  setShippingBodySchema,
} from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";

/** gifts.routes.ts. */
export const giftsApi: ApiSection = {
  tag: "gifts",
  description: "Gifts a guardian sets for a learner, unlocked at a points threshold and opened by the learner.",
  operations: [
    {
      method: "get",
      path: "/api/learners/:learnerId/gifts",
      summary: "The gifts a linked guardian set for the learner",
      auth: "bearer",
      roles: ["guardian"],
      responses: { 200: giftListSchema },
    },
    {
      method: "post",
      path: "/api/learners/:learnerId/gifts",
      summary: "Sets a gift for a linked learner",
      auth: "bearer",
      roles: ["guardian"],
      body: createGiftBodySchema,
      responses: { 201: giftViewSchema },
      errors: ["conflict", "budget_exceeded", "out_of_stock"],
    },
    {
      method: "delete",
      path: "/api/gifts/:id",
      summary: "Withdraws a gift not yet opened",
      auth: "bearer",
      roles: ["guardian"],
      responses: { 204: null },
      errors: ["conflict"],
    },
    {
      method: "put",
      path: "/api/gifts/:id/shipping",
      summary: "Moves a physical gift's shipping on",
      auth: "bearer",
      roles: ["guardian", "admin"],
      body: setShippingBodySchema,
      responses: { 200: giftViewSchema },
      errors: ["conflict"],
    },
    {
      method: "get",
      path: "/api/me/gifts",
      summary: "The caller's gifts and their progress to each threshold",
      auth: "bearer",
      roles: ["learner"],
      responses: { 200: learnerGiftsSchema },
    },
    {
      method: "post",
      path: "/api/me/gifts/:id/open",
      summary: "Opens an unlocked gift, once",
      auth: "bearer",
      roles: ["learner"],
      responses: { 200: giftViewSchema },
      errors: ["conflict", "out_of_stock", "insufficient_points", "budget_exceeded"],
    },
  ],
};
