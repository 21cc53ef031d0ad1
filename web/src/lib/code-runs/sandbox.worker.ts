/**
 * The browser's sandbox for one language: loads its interpreter (Pyodide from the app's own static
 * files, or QuickJS), then takes network, storage and page-adjacent APIs out of this worker's scope
 * before any learner code runs. A worker has no DOM; the page terminates it at the time limit.
 */

import {
  capWasmMemory,
  javascriptSandbox,
  pythonSandbox,
  type QuickJSModuleLike,
  type Sandbox,
  scrubGlobalScope,
} from "@chalkline/shared";
import variant from "@jitl/quickjs-wasmfile-release-sync";
import wasmUrl from "@jitl/quickjs-wasmfile-release-sync/wasm?url";
import { loadPyodide } from "pyodide";
import { newQuickJSWASMModuleFromVariant, newVariant } from "quickjs-emscripten-core";
import { PYODIDE_PATH, type WorkerRequest, workerRequestSchema } from "./protocol";

let sandbox: Promise<Sandbox> | null = null;

async function load(request: WorkerRequest): Promise<Sandbox> {
  capWasmMemory(request.memoryBytes);
  let loaded: Sandbox;
  if (request.language === "python") {
    const indexURL = new URL(PYODIDE_PATH, self.location.origin).href;
    const py = await loadPyodide({ indexURL, jsglobals: Object.create(null), packages: [] });
    loaded = pythonSandbox(py as never);
  } else {
    const module = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmLocation: wasmUrl }));
    loaded = javascriptSandbox(module as unknown as QuickJSModuleLike, request.memoryBytes);
  }
  scrubGlobalScope(self);
  return loaded;
}

self.onmessage = async (event: MessageEvent<unknown>) => {
  const request = workerRequestSchema.parse(event.data);
  sandbox ??= load(request);
  const loaded = await sandbox;
  // The page's clock for the time limit starts here, not while the interpreter loads.
  self.postMessage({ started: true });
  self.postMessage({ result: loaded.run({ ...request, deadline: Date.now() + request.timeMs }) });
};
