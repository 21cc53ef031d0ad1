import { type ServerNodeHandle, startServerNode } from "../../helpers/server";
import { Cleanup } from "./cleanup";

/** How long a finished run may take to exit on its own before lingering handles are cut. */
const EXIT_GRACE_MS = 5_000;

export interface BenchContext {
  cleanup: Cleanup;
  /** Server nodes started so far: their logs are printed when the run fails. */
  nodes: ServerNodeHandle[];
  /** One line of progress on stderr. */
  progress: (line: string) => void;
  /** One line of figures on stdout, as JSON. */
  emit: (figures: Record<string, unknown>) => void;
}

/**
 * Runs a benchmark's `main`: cleans up whether it finished, failed or was interrupted, exits
 * non-zero only when something broke, and never waits long on a lingering handle.
 */
export async function runBench(bench: string, main: (ctx: BenchContext) => Promise<void>): Promise<void> {
  const progress = (line: string) => process.stderr.write(`[${bench}] ${line}\n`);
  const emit = (figures: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(figures)}\n`);
  const cleanup = new Cleanup(progress);
  cleanup.exitOnSignals();
  const nodes: ServerNodeHandle[] = [];
  try {
    await main({ cleanup, nodes, progress, emit });
  } catch (error) {
    process.exitCode = 1;
    // After a signal, failures are its consequence: the handler cleans up and exits.
    if (!cleanup.interrupted) {
      progress(`failed: ${(error as Error).stack ?? String(error)}`);
      for (const node of nodes) progress(`logs of ${node.serverId}:\n${node.logs().slice(-4000)}`);
    }
  } finally {
    if (!(await cleanup.run())) process.exitCode = 1;
    setTimeout(() => {
      progress(`still running ${EXIT_GRACE_MS} ms after cleanup: exiting`);
      process.exit();
    }, EXIT_GRACE_MS).unref();
  }
}

/** Starts a server node that the cleanup stops, and lists it for the failure logs. */
export async function startNode(
  ctx: BenchContext,
  opts: Parameters<typeof startServerNode>[0],
): Promise<ServerNodeHandle> {
  const { value } = await ctx.cleanup.start("server node", startServerNode(opts), (node) => node.stop());
  ctx.nodes.push(value);
  return value;
}

/** Connects `count` clients in parallel; closes the ones that made it when any fails. */
export async function connectAll<C extends { close(): void }>(
  ctx: BenchContext,
  label: string,
  count: number,
  connect: (index: number) => Promise<C>,
): Promise<{ clients: C[]; close: () => Promise<void> }> {
  ctx.progress(`connecting ${count} ${label}`);
  const settled = await Promise.allSettled(Array.from({ length: count }, (_, i) => connect(i)));
  const clients = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const close = ctx.cleanup.add(label, () => {
    for (const client of clients) client.close();
  });
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return { clients, close };
}
