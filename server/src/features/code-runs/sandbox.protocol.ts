import { runnableLanguageSchema } from "@chalkline/shared";
import { z } from "zod";

/** Messages between the grading pool and its worker threads. */

const parsedTestSchema = z.object({ source: z.string(), actual: z.string(), expected: z.string() });

export const workerJobSchema = z.object({
  id: z.number().int(),
  language: runnableLanguageSchema,
  code: z.string(),
  visible: z.array(parsedTestSchema),
  hidden: z.array(parsedTestSchema),
  timeMs: z.number().int().positive(),
});
export type WorkerJob = z.infer<typeof workerJobSchema>;

export interface WorkerData {
  memoryBytes: number;
  /** One byte: the pool writes 2 (SIGINT) to stop Python at its time limit; Pyodide checks it between bytecodes. */
  interrupt: SharedArrayBuffer;
}
