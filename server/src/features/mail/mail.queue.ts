import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Logger } from "../../platform/logger";
import type { RedisClient } from "../../platform/redis";
import { mailKeys } from "./mail.keys";
import type { MailMessage } from "./mail.layout";
import type { MailTransport } from "./mail.transport";

/** What features send mail through: the message is queued, and sending it later never fails the caller. */
export interface MailSender {
  send(message: MailMessage): Promise<void>;
}

/** Waits before each retry of a failed send; the message is given up (and logged) after the last. */
const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];
/** Every node looks for due retries, and messages a stopped node left queued, this often. */
const POLL_MS = 2_000;

const jobSchema = z.object({
  id: z.string(),
  attempt: z.number().int().min(0),
  message: z.object({ to: z.string(), subject: z.string(), text: z.string(), html: z.string() }),
});
type MailJob = z.infer<typeof jobSchema>;

function parseJob(raw: string): MailJob | null {
  try {
    return jobSchema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** Moves retries that are due back to the ready list, in one step so two nodes never both take one. */
const PROMOTE_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, job in ipairs(due) do
  redis.call('ZREM', KEYS[1], job)
  redis.call('RPUSH', KEYS[2], job)
end
return #due`;

/**
 * Outgoing mail, queued in Redis so any node sends it and a failed send is retried with backoff.
 * The node that queues a message starts sending at once; the poll picks up retries and leftovers.
 * A node that dies between taking a message and handing it over loses that one message: the
 * mails sent here (sign-up links) are asked for again by the person waiting for them.
 */
export class MailQueue implements MailSender {
  #draining: Promise<void> | undefined;
  #again = false;
  #closed = false;
  readonly #timer: ReturnType<typeof setInterval>;

  private constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly transport: MailTransport,
    private readonly logger: Logger,
    private readonly retryDelaysMs: number[],
    pollMs: number,
  ) {
    this.#timer = setInterval(() => this.#wake(), pollMs);
    this.#timer.unref();
  }

  static create(opts: {
    redis: RedisClient;
    prefix: string;
    transport: MailTransport;
    logger: Logger;
    retryDelaysMs?: number[];
    pollMs?: number;
  }): MailQueue {
    const { retryDelaysMs = RETRY_DELAYS_MS, pollMs = POLL_MS } = opts;
    return new MailQueue(opts.redis, opts.prefix, opts.transport, opts.logger, retryDelaysMs, pollMs);
  }

  async send(message: MailMessage): Promise<void> {
    const job: MailJob = { id: randomUUID(), attempt: 0, message };
    try {
      await this.redis.rpush(mailKeys.ready(this.prefix), JSON.stringify(job));
    } catch (error) {
      this.logger.error({ err: error, mailId: job.id, subject: message.subject }, "could not queue mail");
      return;
    }
    this.#wake();
  }

  /** Stops taking messages off the queue; what is left stays there for the other nodes or the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#draining;
    this.transport.close();
  }

  #wake(): void {
    if (this.#closed) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain()
      .catch((error: unknown) => this.logger.warn({ err: error }, "mail queue unreachable; retrying"))
      .finally(() => {
        this.#draining = undefined;
      });
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      await this.redis.eval(PROMOTE_DUE, 2, mailKeys.retry(this.prefix), mailKeys.ready(this.prefix), Date.now());
      while (!this.#closed) {
        const raw = await this.redis.lpop(mailKeys.ready(this.prefix));
        if (raw === null) break;
        await this.#deliver(raw);
      }
    } while (this.#again && !this.#closed);
  }

  async #deliver(raw: string): Promise<void> {
    const job = parseJob(raw);
    if (!job) {
      this.logger.error({ raw: raw.slice(0, 200) }, "dropped a malformed mail job");
      return;
    }
    try {
      await this.transport.deliver(job.message);
      this.logger.debug({ mailId: job.id, subject: job.message.subject, attempt: job.attempt }, "mail sent");
    } catch (error) {
      const delay = this.retryDelaysMs[job.attempt];
      if (delay === undefined) {
        this.logger.error({ err: error, mailId: job.id, subject: job.message.subject }, "mail given up after retries");
        return;
      }
      const next: MailJob = { ...job, attempt: job.attempt + 1 };
      await this.redis.zadd(mailKeys.retry(this.prefix), Date.now() + delay, JSON.stringify(next));
      this.logger.warn({ err: error, mailId: job.id, retryInMs: delay }, "mail not sent; will retry");
    }
  }
}
