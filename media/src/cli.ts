// The media cluster from a shell: which media nodes are alive with their load, and draining one.
//
//   npm run cluster -w media -- nodes
//   npm run cluster -w media -- drain <node-id>      (takes no new classes; its classes move on rejoin)
//   npm run cluster -w media -- undrain <node-id>
//
// Reads REDIS_URL and REDIS_KEY_PREFIX, as the nodes do.
import { hostname } from "node:os";
import { pino } from "pino";
import { loadMediaCliConfig } from "./config";
import { MediaError } from "./errors";
import { openRedis } from "./redis";
import { MediaClient } from "./rpc/client";

const USAGE = "usage: cluster nodes | drain <node-id> | undrain <node-id>";

async function main([command, nodeId]: string[]): Promise<void> {
  if (command !== "nodes" && !((command === "drain" || command === "undrain") && nodeId)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const { redisUrl, prefix } = loadMediaCliConfig();
  const redis = openRedis(redisUrl);
  const subscriber = openRedis(redisUrl, { pubsub: true });
  try {
    const client = await MediaClient.create({
      redis,
      subscriber,
      prefix,
      nodeId: `cli-${hostname()}`,
      logger: pino({ level: "warn" }),
    });
    if (nodeId) {
      if (!(await client.nodes()).some((n) => n.nodeId === nodeId)) throw new Error(`no media node ${nodeId}`);
      await client.drainNode(nodeId, command === "drain");
    }
    for (const n of await client.nodes()) {
      console.log(
        `${n.nodeId}\t${n.draining ? "draining" : "serving"}\t${n.announcedIp}\tworkers ${n.workers}\tclasses ${n.classes}` +
          `\ttransports ${n.transports}\tconsumers ${n.consumers}\tcpu ${n.cpuPercent}%`,
      );
    }
    await client.close();
  } finally {
    await Promise.allSettled([redis.quit(), subscriber.quit()]);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof MediaError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
