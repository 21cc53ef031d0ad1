/** A token for test nodes' METRICS_TOKEN. */
export const TEST_METRICS_TOKEN = "metrics-token-for-tests-0123456789";

/** Fetches `/metrics` from `baseUrl` with `token` (none when undefined). */
export function fetchMetrics(baseUrl: string, token: string | undefined): Promise<Response> {
  return fetch(`${baseUrl}/metrics`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

/**
 * The sum of a series' samples whose labels include `labels`, from Prometheus text format
 * (0 when none matches).
 */
export function sampleSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found.get(k) === v)) sum += Number(match[3]);
  }
  return sum;
}

/** Scrapes `baseUrl` with the test token and reads one series (summed over matching labels). */
export async function scrape(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const res = await fetchMetrics(baseUrl, TEST_METRICS_TOKEN);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return sampleSum(await res.text(), name, labels);
}
