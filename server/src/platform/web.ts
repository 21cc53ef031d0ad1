import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RequestHandler } from "express";
import type { Logger } from "./logger";

const DEFAULT_BUILD_DIR = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../web/build");

/** Loads the SvelteKit adapter-node handler, or returns undefined (API only) when it is not built. */
export async function loadWebHandler(
  buildDir: string | undefined,
  logger: Logger,
): Promise<RequestHandler | undefined> {
  const file = join(buildDir ?? DEFAULT_BUILD_DIR, "handler.js");
  if (!existsSync(file)) {
    logger.warn({ file }, "web app not built; serving the API only (run `npm run build`)");
    return undefined;
  }
  const module = (await import(pathToFileURL(file).href)) as { handler: RequestHandler };
  return module.handler;
}
