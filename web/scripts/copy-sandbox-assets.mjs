// Copies Pyodide's runtime files into the app's static assets, so the browser sandbox loads them
// from the app itself (never from a CDN). Run before every build and dev server start.
import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FILES = ["pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
const from = dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
const to = fileURLToPath(new URL("../static/sandbox/pyodide/", import.meta.url));
await mkdir(to, { recursive: true });
await Promise.all(FILES.map((file) => copyFile(join(from, file), join(to, file))));
