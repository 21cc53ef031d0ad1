import { spawn } from "node:child_process";

const START_TIMEOUT_MS = 20_000;

export interface ChildServer {
  /** `http://127.0.0.1:<port>`: clients swap the scheme for `ws` themselves. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Runs a baseline server script (`node --import tsx <script>`) as its own process, the way a server
 * node runs, and resolves once it printed `{"port":…}` as its first stdout line. Such scripts exit
 * when their stdin closes, so they never outlive the benchmark.
 */
export function startChildServer(script: string, label: string, env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${label} not listening within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code} before listening`));
    });
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n")[0];
      if (!output.includes("\n") || !line) return;
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, port, stop });
    });
  });
}

/** For the scripts: exit cleanly on SIGTERM / SIGINT or when the parent closes our stdin. */
export function exitWithParent(shutdown: () => void): void {
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  process.stdin.on("close", shutdown);
  process.stdin.resume();
}
