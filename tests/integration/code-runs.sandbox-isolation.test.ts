import type { CodeAttemptView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api } from "../helpers/clients";
import { codeRunNode, exerciseFor, JS_EXERCISE, PYTHON_EXERCISE } from "../helpers/code-runs";
import { enrolledLearner } from "../helpers/courses";

const env = codeRunNode();

const PYTHON_PROBES = `
def probe(action):
    try:
        action()
        return "reached"
    except BaseException as error:
        return "blocked: " + type(error).__name__

import os
print("js", probe(lambda: __import__("js")))
print("pyodide", probe(lambda: __import__("pyodide.code")))
print("pyodide_js", probe(lambda: __import__("pyodide_js")))
print("passwd", probe(lambda: open("/etc/passwd").read()))
print("workdir", probe(lambda: os.listdir("/work")))
print("network", probe(lambda: __import__("urllib.request").request.urlopen("http://127.0.0.1:1/", timeout=1)))
print("socket", probe(lambda: __import__("socket").create_connection(("127.0.0.1", 80), 1)))
print("root", sorted(os.listdir("/")))
`;

it("sandboxed Python and JavaScript reach no network, no host file system and no host scope", {
  timeout: 120_000,
}, async () => {
  const python = await exerciseFor(env.url, env.instructor, PYTHON_EXERCISE);
  const py = await python.submit(PYTHON_PROBES);
  const lines = Object.fromEntries(
    py.output.stdout
      .trim()
      .split("\n")
      .map((l) => [l.split(" ")[0], l.slice(l.indexOf(" ") + 1)]),
  );
  for (const probe of ["js", "pyodide", "pyodide_js", "passwd", "workdir", "network", "socket"]) {
    expect(lines[probe], probe).toMatch(/^blocked: /);
  }
  // Only Pyodide's in-memory file system: none of the host's folders.
  expect(lines.root).not.toMatch(/'etc'|'work'|'root'|'usr'/);

  const js = await exerciseFor(env.url, env.instructor, JS_EXERCISE);
  const probes = ["fetch", "XMLHttpRequest", "WebSocket", "require", "process", "std", "os", "Deno", "importScripts"];
  const jsRun = await js.submit(`console.log(JSON.stringify([${probes.map((p) => `typeof ${p}`).join(", ")}]))`);
  expect(JSON.parse(jsRun.output.stdout)).toEqual(probes.map(() => "undefined"));
  const dynamicImport = await js.submit(`import("node:fs").then(() => console.log("reached"))`);
  expect(dynamicImport.output.stdout).not.toContain("reached");
});

it("one learner's run leaves nothing for the next (globals, modules, files), and attempts are private", {
  timeout: 120_000,
}, async () => {
  const exercise = await exerciseFor(env.url, env.instructor, PYTHON_EXERCISE);
  const other = await enrolledLearner(env.url, exercise.courseId);
  const secret = "card 4242 owned by the first learner";
  await exercise.submit(
    `import math, builtins\nSECRET = ${JSON.stringify(secret)}\nbuiltins.LEAK = SECRET\nmath.pi = SECRET\nopen("/tmp/leak.txt", "w").write(SECRET)\nimport json\n`,
  );
  const snoop = await exercise.submit(
    `import math, os, builtins\nprint(globals().get("SECRET"), getattr(builtins, "LEAK", None), math.pi, os.listdir("/tmp"))\n`,
    other,
  );
  expect(snoop.output.stdout).not.toContain("4242");
  expect(snoop.output.stdout.trim()).toBe("None None 3.141592653589793 []");

  const theirs = await api<{ attempts: CodeAttemptView[] }>(env.url, "GET", `${exercise.path}/attempts`, {
    token: other.accessToken,
  });
  expect(JSON.stringify(theirs.body)).not.toContain("4242");
  expect(theirs.body.attempts.every((a) => a.userId === other.user.id)).toBe(true);
});
