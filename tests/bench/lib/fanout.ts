import { performance } from "node:perf_hooks";

/** One connected participant of a fan-out run, whatever the transport underneath. */
export interface FanoutClient {
  /** Sends one message; resolves with how many attempts it took once the server acknowledged it. */
  send(id: string, text: string): Promise<number>;
  /** Calls `listener` with the id of every message this client receives. */
  onDelivery(listener: (id: string) => void): void;
  close(): void;
}

export interface FanoutResult {
  /** Messages sent: senders × messages per sender. */
  messages: number;
  /** Messages × receivers: every client, the sender included, receives every message. */
  deliveries: number;
  /** From the first send to the last delivery. */
  wallMs: number;
  /** From the first send until every sender was done: how fast they went, whatever the receivers did. */
  sendMs: number;
  deliveriesPerSec: number;
  /** Send → the last receiver got it, per message (resends included). */
  p50Ms: number;
  p99Ms: number;
  /** Sends the server refused as temporarily unavailable and that were sent again. */
  resends: number;
}

interface InFlight {
  sentAt: number;
  waiting: number;
}

/**
 * Counts deliveries across all clients of one case. Each sender sends its messages one after the
 * other, awaiting the server's ack before the next; the senders run in parallel.
 */
export class FanoutMeter {
  readonly #clients: FanoutClient[];
  readonly #inFlight = new Map<string, InFlight>();
  #latenciesMs: number[] = [];
  #outstanding = 0;
  #lastDeliveryAt = 0;
  #drained: (() => void) | undefined;

  constructor(clients: FanoutClient[]) {
    this.#clients = clients;
    for (const client of clients) client.onDelivery((id) => this.#delivered(id));
  }

  /** One round: `senders` each send `perSender` messages; resolves when every client has them all. */
  async run(opts: {
    tag: string;
    senders: FanoutClient[];
    perSender: number;
    text: string;
    timeoutMs: number;
  }): Promise<FanoutResult> {
    const receivers = this.#clients.length;
    const messages = opts.senders.length * opts.perSender;
    this.#latenciesMs = [];
    this.#inFlight.clear();
    this.#outstanding = messages * receivers;
    const drained = new Promise<void>((resolve) => {
      this.#drained = resolve;
    });

    let resends = 0;
    const startedAt = performance.now();
    let sentAt = startedAt;
    const sending = Promise.all(
      opts.senders.map(async (sender, s) => {
        for (let m = 0; m < opts.perSender; m++) {
          const id = `${opts.tag}_${s}_${m}`;
          this.#inFlight.set(id, { sentAt: performance.now(), waiting: receivers });
          resends += (await sender.send(id, opts.text)) - 1;
        }
      }),
    ).then(() => {
      sentAt = performance.now();
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${opts.tag}: ${this.#outstanding} deliveries missing after ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
    });
    try {
      await Promise.race([Promise.all([sending, drained]), timeout]);
    } finally {
      clearTimeout(timer);
      this.#drained = undefined;
    }

    const wallMs = this.#lastDeliveryAt - startedAt;
    const sorted = this.#latenciesMs.sort((a, b) => a - b);
    return {
      messages,
      deliveries: messages * receivers,
      wallMs: round(wallMs, 1),
      sendMs: round(sentAt - startedAt, 1),
      deliveriesPerSec: round((messages * receivers) / (wallMs / 1000), 0),
      p50Ms: round(percentile(sorted, 50), 2),
      p99Ms: round(percentile(sorted, 99), 2),
      resends,
    };
  }

  #delivered(id: string): void {
    const entry = this.#inFlight.get(id);
    // A message of an earlier round, or one delivered again: not part of this count.
    if (!entry) return;
    const now = performance.now();
    this.#lastDeliveryAt = now;
    this.#outstanding -= 1;
    entry.waiting -= 1;
    if (entry.waiting === 0) {
      this.#inFlight.delete(id);
      this.#latenciesMs.push(now - entry.sentAt);
    }
    if (this.#outstanding === 0) this.#drained?.();
  }
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** `numerator / denominator` to three significant digits. */
export function ratio(numerator: number, denominator: number): number {
  return Number((numerator / denominator).toPrecision(3));
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Chat-like text of exactly `bytes` ASCII characters. */
export function payloadText(bytes: number): string {
  const words = "the quick brown fox jumps over the lazy dog while the class takes notes on the whiteboard ";
  return words
    .repeat(Math.ceil(bytes / words.length))
    .slice(0, bytes)
    .trim()
    .padEnd(bytes, ".");
}
