import type { RunError, RunStop } from "./code-runs";
import { type Evaluated, gradedRun, OutputBuffer, runTests, type Sandbox } from "./code-runs-sandbox";
import { errorLine } from "./code-runs-tests";

/** The parts of a loaded Pyodide this module uses (typed here so this package does not import it). */
export interface PyodideApi {
  runPython(code: string, options?: { globals?: PyProxyLike; filename?: string }): unknown;
  globals: { get(name: string): unknown };
  setStdout(options: { batched: (text: string) => void }): void;
  setStderr(options: { batched: (text: string) => void }): void;
}

interface PyProxyLike {
  toJs(options: { dict_converter: (entries: Iterable<[unknown, unknown]>) => unknown }): unknown;
  destroy(): void;
}

const FILE_NAME = "main.py";

/**
 * Prepared once per interpreter: imports that reach JavaScript (and through it the host) are
 * refused, and `_reset` puts back what a run may have changed — builtins, imported modules, the
 * attributes of modules imported before, and files written — so each run starts fresh without
 * paying Pyodide's load again.
 */
const PREPARE = `
import builtins, os, shutil, sys

_BLOCKED = {"js", "pyodide", "pyodide_js", "_pyodide", "_pyodide_core", "micropip", "ctypes", "_ctypes"}

class _Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in _BLOCKED:
            raise ImportError(f"{name} is not available in the sandbox")
        return None

sys.meta_path.insert(0, _Refuse())
for _name in list(sys.modules):
    if _name.split(".")[0] in _BLOCKED:
        del sys.modules[_name]

_modules = dict(sys.modules)
_attributes = {name: dict(vars(m)) for name, m in _modules.items() if hasattr(m, "__dict__")}
_writable = ["/tmp", "/home/pyodide"]

def _reset():
    for name in list(sys.modules):
        if name not in _modules:
            del sys.modules[name]
    for name, saved in _attributes.items():
        current = vars(_modules[name])
        if current != saved:
            current.clear()
            current.update(saved)
    for folder in _writable:
        if os.path.isdir(folder):
            for entry in os.listdir(folder):
                path = os.path.join(folder, entry)
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
    os.chdir("/home/pyodide")
`;

/** A Python sandbox over one loaded Pyodide: fresh globals each run, reset afterwards. */
export function pythonSandbox(py: PyodideApi): Sandbox {
  const home = py.globals.get("dict") as () => PyProxyLike;
  const setup = home();
  py.runPython(PREPARE, { globals: setup });
  const reset = py.runPython("_reset", { globals: setup }) as PyProxyLike & (() => void);
  let stdout = new OutputBuffer();
  let stderr = new OutputBuffer();
  py.setStdout({ batched: (text) => stdout.write(`${text}\n`) });
  py.setStderr({ batched: (text) => stderr.write(`${text}\n`) });

  return {
    run(request) {
      const startedAt = Date.now();
      stdout = new OutputBuffer();
      stderr = new OutputBuffer();
      const globals = home();
      try {
        let error: RunError | null = null;
        let stopped: RunStop | null = null;
        try {
          toPlain(py.runPython(request.code, { globals, filename: FILE_NAME }));
        } catch (thrown) {
          ({ error, stopped } = pythonFailure(thrown));
        }
        if (stopped)
          return gradedRun(stdout, stderr, error, stopped, runTests(request, skipped(stopped)).tests, startedAt);
        const evaluate = (expression: string): Evaluated => {
          try {
            return { ok: true, value: toPlain(py.runPython(`(${expression})`, { globals, filename: "<test>" })) };
          } catch (thrown) {
            const failure = pythonFailure(thrown);
            return { ok: false, message: failure.error?.message ?? "failed", stop: failure.stopped };
          }
        };
        const { tests, stop } = runTests(request, evaluate);
        return gradedRun(stdout, stderr, error, stop, tests, startedAt);
      } finally {
        globals.destroy();
        reset();
      }
    },
  };
}

/** After a stop, tests are reported as not run without touching the interpreter again. */
function skipped(stop: RunStop): (expression: string) => Evaluated {
  return () => ({ ok: false, message: "not run", stop });
}

/** Lists, tuples and dicts become arrays and objects; anything else is described by its type. */
function toPlain(value: unknown): unknown {
  if (!isProxy(value)) return value;
  try {
    const plain = value.toJs({
      dict_converter: (entries) => Object.fromEntries(entries as Iterable<[string, unknown]>),
    });
    return isProxy(plain) ? `<${String(plain)}>` : plain;
  } finally {
    value.destroy();
  }
}

function isProxy(value: unknown): value is PyProxyLike {
  return typeof value === "object" && value !== null && typeof (value as PyProxyLike).toJs === "function";
}

/** A Python exception's last line and its line in the learner's file; KeyboardInterrupt and MemoryError are the limits. */
function pythonFailure(thrown: unknown): { error: RunError; stopped: RunStop | null } {
  const trace = thrown instanceof Error ? thrown.message : String(thrown);
  const lines = trace.trim().split("\n");
  const last = lines.at(-1) ?? "Error";
  const type = (thrown as { type?: string }).type ?? last.split(":")[0];
  const stopped: RunStop | null = type === "KeyboardInterrupt" ? "time" : type === "MemoryError" ? "memory" : null;
  return { error: { message: last, line: errorLine(trace, FILE_NAME) }, stopped };
}
