import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { afterAll, afterEach, beforeEach, expect, inject, it } from "vitest";
import { createRedis } from "../../platform/redis";
import { mailKeys } from "./mail.keys";
import type { MailMessage } from "./mail.layout";
import { MailQueue } from "./mail.queue";
import type { MailTransport } from "./mail.transport";

// Provided by tests/helpers/global-services.ts, which this package cannot import; only the part used here.
declare module "vitest" {
  export interface ProvidedContext {
    services: { redisUrl: string };
  }
}

const redis = createRedis(inject("services").redisUrl);
const logger = pino({ level: "silent" });
let prefix = "";
let queues: MailQueue[] = [];
beforeEach(() => {
  prefix = `mail_${process.pid.toString(36)}_${randomBytes(4).toString("hex")}:`;
});
afterEach(async () => {
  await Promise.all(queues.map((q) => q.close()));
  queues = [];
});
afterAll(() => redis.quit());

/** A relay that refuses the first `failures` messages handed to it, then accepts. */
function flakyRelay(failures: number): MailTransport & { delivered: MailMessage[]; attempts: number } {
  const relay = {
    delivered: [] as MailMessage[],
    attempts: 0,
    deliver: async (message: MailMessage) => {
      relay.attempts++;
      if (relay.attempts <= failures) throw new Error("421 try again later");
      relay.delivered.push(message);
    },
    close: () => {},
  };
  return relay;
}

function queue(transport: MailTransport, retryDelaysMs = [50, 50]): MailQueue {
  const q = MailQueue.create({ redis, prefix, transport, logger, retryDelaysMs, pollMs: 25 });
  queues.push(q);
  return q;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`);
    await sleep(10);
  }
}

const message = (n: number): MailMessage => ({
  to: `p${n}@example.test`,
  subject: `m${n}`,
  text: "t",
  html: "<p>t</p>",
});

it("a send that fails is retried until the relay takes it", async () => {
  const relay = flakyRelay(2);
  await queue(relay).send(message(1));
  await until(() => relay.delivered.length === 1, "delivered after two refusals");
  expect(relay.attempts).toBe(3);
  expect(await redis.zcard(mailKeys.retry(prefix))).toBe(0);
});

it("a message is given up after the last retry, and the queue goes on with the next", async () => {
  const relay = flakyRelay(3);
  const q = queue(relay);
  await q.send(message(1));
  await until(() => relay.attempts === 3, "three attempts");
  await q.send(message(2));
  await until(() => relay.delivered.length === 1, "the next message delivered");
  expect(relay.delivered.map((m) => m.subject)).toEqual(["m2"]);
  expect(await redis.llen(mailKeys.ready(prefix))).toBe(0);
  expect(await redis.zcard(mailKeys.retry(prefix))).toBe(0);
});

it("messages left queued by a node that stopped are sent by another", async () => {
  const stopped = queue(flakyRelay(0));
  await stopped.close();
  await stopped.send(message(1));
  expect(await redis.llen(mailKeys.ready(prefix))).toBe(1);
  const relay = flakyRelay(0);
  queue(relay);
  await until(() => relay.delivered.length === 1, "picked up by the poll");
});
