import { freePort } from "@chalkline/server/embedded";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { type MediaNodeHandle, startMediaNode } from "../helpers/media";
import { fetchMetrics, TEST_METRICS_TOKEN } from "../helpers/metrics";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[] = [];
let media: MediaNodeHandle | undefined;
let mediaUrl: string;

beforeAll(async () => {
  const names = newClusterNames();
  const port = await freePort();
  mediaUrl = `http://127.0.0.1:${port}`;
  media = await startMediaNode({
    keyPrefix: names.keyPrefix,
    env: { MEDIA_METRICS_PORT: String(port), METRICS_TOKEN: TEST_METRICS_TOKEN },
  });
  nodes = await startCluster(1, { METRICS_TOKEN: TEST_METRICS_TOKEN }, names);
});
afterAll(async () => {
  await stopAll(nodes);
  await media?.stop();
});

it("a server node and the media node refuse /metrics without the token, or with another one", async () => {
  for (const url of [nodes[0]!.url, mediaUrl]) {
    const none = await fetchMetrics(url, undefined);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await none.text()).not.toContain("chalkline_");
    const wrong = await fetchMetrics(url, `${TEST_METRICS_TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("chalkline_");
  }
});

it("with the token, both answer in Prometheus text format", async () => {
  const server = await fetchMetrics(nodes[0]!.url, TEST_METRICS_TOKEN);
  expect(server.status).toBe(200);
  expect(server.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const serverText = await server.text();
  expect(serverText).toMatch(/^# HELP chalkline_open_sockets /m);
  expect(serverText).toMatch(/^chalkline_process_resident_memory_bytes \d+/m);
  expect(serverText).toMatch(/^chalkline_nodejs_eventloop_lag_seconds [\d.e+-]+$/m);
  // The node already read and wrote its stores while starting.
  expect(serverText).toMatch(/^chalkline_db_command_seconds_count\{collection="[^"]+",command="[^"]+"\} [1-9]/m);
  expect(serverText).toMatch(/^chalkline_redis_command_seconds_count\{command="[^"]+"\} [1-9]/m);

  const fromMedia = await fetchMetrics(mediaUrl, TEST_METRICS_TOKEN);
  expect(fromMedia.status).toBe(200);
  const mediaText = await fromMedia.text();
  expect(mediaText).toMatch(/^chalkline_media_workers 1$/m);
  expect(mediaText).toMatch(/^chalkline_media_objects\{kind="routers"\} 0$/m);
  expect(mediaText).toMatch(/^chalkline_media_worker_cpu_seconds_total\{slot="0"\} [\d.e+-]+$/m);
  expect(mediaText).toMatch(/^chalkline_media_worker_restarts_total 0$/m);
  expect(mediaText).toMatch(/^chalkline_media_process_resident_memory_bytes \d+/m);
});

it("a node without METRICS_TOKEN serves no metrics at all", async () => {
  const [bare] = await startCluster(1);
  try {
    const res = await fetchMetrics(bare!.url, TEST_METRICS_TOKEN);
    expect(res.status).toBe(404);
  } finally {
    await bare!.stop();
  }
});
