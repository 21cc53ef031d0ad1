import {
  createProductBodySchema,
  INSTRUCTOR_SHARE_PERCENT,
  objectIdSchema,
  productQuerySchema,
  type StoreConfig,
  updateProductBodySchema,
} from "@chalkline/shared";
import { type Request, Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { recordAudit } from "../audit/audit.model";
import type { OrdersService } from "../orders/orders.service";
import { earningsOf } from "../orders/orders.view";
import type { ProductsService } from "./products.service";
import { storeCourses } from "./store.courses";

const productIdOf = (req: Request) => parseOrThrow(objectIdSchema, req.params.id);

/** `/api/store/*`: what card payments can do here, the catalogue, courses for sale, instructors' earnings. */
export function storeRoutes(
  products: ProductsService,
  orders: OrdersService,
  accounts: AccountsService,
  currency: string,
): Router {
  const router = Router();
  router.use(requireUser(accounts));

  router.get("/config", (_req, res) => {
    const mode = orders.cardMode;
    const config: StoreConfig = {
      currency,
      card: { available: mode !== "off", mode },
      instructorSharePercent: INSTRUCTOR_SHARE_PERCENT,
    };
    res.json(config);
  });

  router.get("/products", async (req, res) => {
    const { all } = parseOrThrow(productQuerySchema, req.query);
    res.json({ products: await products.list(res.locals.user, all === "true") });
  });
  router.get("/products/:id", async (req, res) => {
    res.json(await products.get(res.locals.user, productIdOf(req)));
  });
  router.post("/products", async (req, res) => {
    const product = await products.create(res.locals.user, parseOrThrow(createProductBodySchema, req.body));
    await recordAudit({ actorId: res.locals.user.id, action: "product.created", targetId: product.id });
    res.status(201).json(product);
  });
  router.patch("/products/:id", async (req, res) => {
    const body = parseOrThrow(updateProductBodySchema, req.body);
    const product = await products.update(res.locals.user, productIdOf(req), body);
    await recordAudit({ actorId: res.locals.user.id, action: "product.updated", targetId: product.id, details: body });
    res.json(product);
  });

  router.get("/courses", async (_req, res) => {
    res.json({ courses: await storeCourses(res.locals.user) });
  });

  router.get("/earnings", requireRole("instructor", "admin"), async (_req, res) => {
    res.json(await earningsOf(res.locals.user.id, currency));
  });
  return router;
}
