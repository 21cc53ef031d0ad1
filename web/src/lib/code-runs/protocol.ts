import { runnableLanguageSchema } from "@chalkline/shared";
import { z } from "zod";

/** Where the app serves Pyodide's files (copied there by scripts/copy-sandbox-assets.mjs). */
export const PYODIDE_PATH = "/sandbox/pyodide/";

const parsedTestSchema = z.object({ source: z.string(), actual: z.string(), expected: z.string() });

/** What the page asks of a sandbox worker. */
export const workerRequestSchema = z.object({
  language: runnableLanguageSchema,
  code: z.string(),
  visible: z.array(parsedTestSchema),
  hidden: z.array(parsedTestSchema),
  timeMs: z.number().int().positive(),
  memoryBytes: z.number().int().positive(),
});
export type WorkerRequest = z.infer<typeof workerRequestSchema>;
