// Go toolchain helpers: GOPATH/bin (where `go install` puts binaries) is not on PATH by default.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { capture, which } from "./exec.mjs";
import { fail } from "./log.mjs";

/** `$(go env GOPATH)/bin`, or `$GOPATH/bin` / `~/go/bin` when go itself is absent. */
export function goBinDir(env = process.env) {
  const gopath = (which("go", env) && capture("go", ["env", "GOPATH"], { env })) || env.GOPATH;
  return join((gopath || join(homedir(), "go")).split(delimiter)[0], "bin");
}

/** Puts GOPATH/bin on env.PATH (once) so children find go-installed binaries. */
export function addGoBinToPath(env) {
  const bin = goBinDir(env);
  const parts = (env.PATH || "").split(delimiter);
  if (existsSync(bin) && !parts.includes(bin)) env.PATH = [...parts, bin].filter(Boolean).join(delimiter);
}

/** Fails with one line when go is missing; `what` names what needs it, `alternative` the way around. */
export function requireGo(what, alternative, env = process.env) {
  if (!which("go", env)) {
    fail(`${what} needs Go ≥ 1.24 to build: install it from https://go.dev/dl or ${alternative}`);
  }
}
