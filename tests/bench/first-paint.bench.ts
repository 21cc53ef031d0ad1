/**
 * The dashboard's largest contentful paint on loopback, in Chromium, for a signed-in learner who
 * reloads it (server-rendered skeleton, then the app signs in and fills it), as a ratio against a
 * static page served by the same server in the same run: the dashboard's own rendered markup,
 * without its scripts, padded to the bytes the dashboard's load fetched. The ratio says what the
 * app costs over the plainest page of the same weight; LCP is read with a buffered
 * PerformanceObserver once the page has settled.
 *
 * stdout: one JSON line per case, then a summary line. stderr: progress. Figures are printed, never
 * judged: the exit code is non-zero only when something breaks.
 *
 *   node --import tsx tests/bench/first-paint.bench.ts --samples 5
 */
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext } from "playwright-core";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { ensureWebBuild, launchBrowser, signIn } from "../helpers/browser";
import { BENCH_NODE_ENV, startBenchCluster } from "./lib/chalkline";
import { percentile, ratio, round } from "./lib/fanout";
import { parseFlags } from "./lib/options";
import { type BenchContext, runBench, startNode } from "./lib/run";

const BENCH = "first-paint";
const CLIENT_DIR = fileURLToPath(new URL("../../web/build/client/", import.meta.url));
const FLAGS = { samples: { key: "samples", env: "BENCH_SAMPLES", fallback: 5 } } as const;

/** Records the last largest-contentful-paint candidate, buffered so entries before the observer count. */
const OBSERVE_LCP = `
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
`;

/** Loads `path` in a fresh tab of `context` and returns its LCP in ms once the page has settled. */
async function lcpOf(context: BrowserContext, path: string, ready: string): Promise<number> {
  const page = await context.newPage();
  await page.addInitScript(OBSERVE_LCP);
  await page.goto(path, { waitUntil: "load" });
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState("networkidle");
  const lcp = await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp);
  await page.close();
  return lcp;
}

async function main(ctx: BenchContext): Promise<void> {
  const { progress, emit } = ctx;
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, progress);
  await ensureWebBuild();
  const cluster = await startBenchCluster(ctx);
  const names = { dbName: cluster.dbName, keyPrefix: cluster.keyPrefix };
  const env = { ...BENCH_NODE_ENV, SEED_DEMO: "true" };
  const browser = await launchBrowser();
  ctx.cleanup.add("browser", () => browser.close());
  const lena = { email: DEMO_USERS.find((u) => u.email.startsWith("lena"))!.email, password: DEMO_PASSWORD };

  // 1. The dashboard once, for its rendered markup and the bytes its load fetched.
  progress("capturing the dashboard's markup and weight");
  const first = await startNode(ctx, { services: cluster.services, ...names, env });
  const page = await signIn(browser, first.url, lena);
  let bytes = 0;
  page.on(
    "response",
    (r) =>
      void r
        .body()
        .then((b) => (bytes += b.length))
        .catch(() => undefined),
  );
  await page.reload({ waitUntil: "networkidle" });
  await page.getByTestId("user-name").waitFor();
  const markup = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, "");
  await page.context().close();
  await first.stop();

  // The static twin is read from the build's client folder, which the server indexes when it starts.
  const file = `first-paint-baseline-${randomBytes(4).toString("hex")}.html`;
  const padding = Math.max(0, bytes - Buffer.byteLength(markup));
  await writeFile(join(CLIENT_DIR, file), `${markup}<!--${"x".repeat(padding)}-->`);
  ctx.cleanup.add("baseline page", () => rm(join(CLIENT_DIR, file), { force: true }));
  const node = await startNode(ctx, { services: cluster.services, ...names, env });

  // 2. Samples: each a reload of the dashboard in a signed-in context, then the static twin.
  const context = (await signIn(browser, node.url, lena)).context();
  const dashboard: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < opts.samples; i++) {
    progress(`sample ${i + 1} of ${opts.samples}`);
    dashboard.push(await lcpOf(context, "/dashboard", "[data-testid=user-name]"));
    baseline.push(await lcpOf(context, `/${file}`, "h1"));
  }
  await context.close();
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  emit({ case: "dashboard", samples: dashboard.length, lcpMedianMs: round(median(dashboard), 1), bytes });
  emit({ case: "static-baseline", samples: baseline.length, lcpMedianMs: round(median(baseline), 1), bytes });
  emit({ bench: BENCH, lcpRatio: round(ratio(median(dashboard), median(baseline)), 2) });
}

await runBench(BENCH, main);
