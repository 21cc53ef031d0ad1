import {
  createProductBodySchema,
  earningsViewSchema,
  productListSchema,
  productQuerySchema,
  productViewSchema,
  storeConfigSchema,
  storeCourseListSchema,
  updateProductBodySchema,
} from "@chalkline/shared";
import type { ApiOperation, ApiSection } from "../../platform/api-description";

const store = (op: Omit<ApiOperation, "auth">): ApiOperation => ({ ...op, auth: "bearer" });

/** store.routes.ts. */
export const storeApi: ApiSection = {
  tag: "store",
  description: "The catalogue, courses for sale, what card payments can do, instructors' earnings.",
  operations: [
    store({
      method: "get",
      path: "/api/store/config",
      summary: "Currency, whether card payments are on, the instructors' share",
      responses: { 200: storeConfigSchema },
    }),
    store({
      method: "get",
      path: "/api/store/products",
      summary: "Active products (admins: all=true for inactive ones too)",
      query: productQuerySchema,
      responses: { 200: productListSchema },
    }),
    store({
      method: "get",
      path: "/api/store/products/:id",
      summary: "One product",
      responses: { 200: productViewSchema },
    }),
    store({
      method: "post",
      path: "/api/store/products",
      summary: "Creates a product (admins)",
      body: createProductBodySchema,
      responses: { 201: productViewSchema },
    }),
    store({
      method: "patch",
      path: "/api/store/products/:id",
      summary: "Changes a product (admins)",
      body: updateProductBodySchema,
      responses: { 200: productViewSchema },
    }),
    store({
      method: "get",
      path: "/api/store/courses",
      summary: "Paid, published courses and whether the caller owns each",
      responses: { 200: storeCourseListSchema },
    }),
    store({
      method: "get",
      path: "/api/store/earnings",
      summary: "What the caller's courses earned",
      roles: ["instructor", "admin"],
      responses: { 200: earningsViewSchema },
    }),
  ],
};
