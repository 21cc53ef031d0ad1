import { Router } from "express";
import { docsPage } from "./api-docs.page";
import { asyncApiDocument } from "./asyncapi";
import { openApiDocument } from "./openapi";

/** The page carries its own styles and nothing else; the rest of /api stays `default-src 'none'`. */
const DOCS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** `/api/openapi.json`, `/api/asyncapi.json` and `/api/docs`; public, like the code they describe. */
export function apiDocsRoutes(): Router {
  const router = Router();
  // Built once: the documents change only with the code.
  const openApi = openApiDocument();
  const asyncApi = asyncApiDocument();
  const page = docsPage(openApi);

  router.get("/openapi.json", (_req, res) => {
    res.json(openApi);
  });
  router.get("/asyncapi.json", (_req, res) => {
    res.json(asyncApi);
  });
  router.get("/docs", (_req, res) => {
    res.setHeader("Content-Security-Policy", DOCS_PAGE_CSP);
    res.type("html").send(page);
  });
  return router;
}
