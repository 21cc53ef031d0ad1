/**
 * A grading worker thread: loads Pyodide and QuickJS once, then runs one job at a time in a fresh
 * interpreter state. Learner code only ever runs inside WebAssembly here; the thread's global scope
 * is scrubbed of network and host access once the interpreters are loaded, and its WebAssembly
 * memory is capped, so a memory bomb ends in MemoryError instead of growing the process.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import {
  capWasmMemory,
  javascriptSandbox,
  pythonSandbox,
  type QuickJSModuleLike,
  type Sandbox,
  scrubGlobalScope,
} from "@chalkline/shared";
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { loadPyodide } from "pyodide";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import { type WorkerData, type WorkerJob, workerJobSchema } from "./sandbox.protocol";

const { memoryBytes, interrupt } = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error("the sandbox runs in a worker thread");

capWasmMemory(memoryBytes);
// An empty object as Python's `js` module: nothing of this thread's scope is reachable from Python.
// Its files are found next to its package (a thread started from source cannot infer where that is).
const indexURL = `${dirname(createRequire(import.meta.url).resolve("pyodide/package.json"))}/`;
const py = await loadPyodide({ indexURL, jsglobals: Object.create(null) });
const interruptFlag = new Uint8Array(interrupt);
py.setInterruptBuffer(interruptFlag);
// Host file systems and package loading must not be reachable through the API object either.
for (const name of ["mountNodeFS", "mountNativeFS", "loadPackage", "loadPackagesFromImports"] as const) {
  Reflect.set(py, name, undefined);
}
Reflect.deleteProperty(py.FS.filesystems, "NODEFS");
const quickjs = await newQuickJSWASMModuleFromVariant(variant as never);
const sandboxes: Record<WorkerJob["language"], Sandbox> = {
  python: pythonSandbox(py as never),
  javascript: javascriptSandbox(quickjs as unknown as QuickJSModuleLike, memoryBytes),
};
scrubGlobalScope(globalThis);

port.on("message", (message: unknown) => {
  const job = workerJobSchema.parse(message);
  interruptFlag[0] = 0;
  const result = sandboxes[job.language].run({ ...job, deadline: Date.now() + job.timeMs });
  port.postMessage({ id: job.id, result });
});
port.postMessage({ ready: true });
