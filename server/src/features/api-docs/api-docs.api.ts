import { z } from "zod";
import type { ApiSection } from "../../platform/api-description";

/** A JSON document whose own schema is its specification's, not ours. */
const jsonDocument = z.record(z.string(), z.unknown());

/** api-docs.routes.ts. */
export const apiDocsApi: ApiSection = {
  tag: "api-docs",
  description: "This description, and the real-time one.",
  operations: [
    {
      method: "get",
      path: "/api/openapi.json",
      summary: "This document (OpenAPI 3.1)",
      auth: "none",
      responses: { 200: jsonDocument },
    },
    {
      method: "get",
      path: "/api/asyncapi.json",
      summary: "The Socket.IO commands and events (AsyncAPI 3)",
      auth: "none",
      responses: { 200: jsonDocument },
    },
    {
      method: "get",
      path: "/api/docs",
      summary: "This document as a page to read",
      auth: "none",
      contentType: "text/html",
      responses: { 200: z.string() },
    },
  ],
};
