import type { MediaMethod, MediaParams, MediaResult } from "@chalkline/shared";

/** Sends one request to one media node. */
export type MediaCall = <M extends MediaMethod>(
  mediaNodeId: string,
  method: M,
  params: MediaParams<M>,
) => Promise<MediaResult<M>>;

/**
 * Pipes producers between the media nodes of a class, on demand: the first consumer on node B of
 * a producer made on node A has it piped A → B; later ones reuse the pipe. Both nodes answer every
 * step idempotently, so server nodes doing the same at once meet on the same pipe.
 */
export class Cascade {
  readonly #call: MediaCall;
  /** Pipes this server node made or saw made, by class, producer and destination node. */
  readonly #piped = new Map<string, Map<string, Promise<void>>>();

  constructor(call: MediaCall) {
    this.#call = call;
  }

  pipe(classId: string, producerId: string, from: string, to: string): Promise<void> {
    let piped = this.#piped.get(classId);
    if (!piped) {
      piped = new Map();
      this.#piped.set(classId, piped);
    }
    const key = `${producerId}>${to}`;
    let piping = piped.get(key);
    if (!piping) {
      piping = this.#pipe(classId, producerId, from, to);
      piping.catch(() => piped.delete(key));
      piped.set(key, piping);
    }
    return piping;
  }

  /** The class was reset or closed: its pipes are made again when next needed. */
  forgetClass(classId: string): void {
    this.#piped.delete(classId);
  }

  /** The producer closed, and its pipes with it. */
  forgetProducer(classId: string, producerId: string): void {
    const piped = this.#piped.get(classId);
    if (piped) for (const key of piped.keys()) if (key.startsWith(`${producerId}>`)) piped.delete(key);
  }

  async #pipe(classId: string, producerId: string, from: string, to: string): Promise<void> {
    const call = this.#call;
    // Each end first tells the other where it listens, then connects to it.
    const [a, b] = await Promise.all([
      call(from, "pipeLink", { classId, remoteNodeId: to }),
      call(to, "pipeLink", { classId, remoteNodeId: from }),
    ]);
    await Promise.all([
      call(from, "pipeLink", { classId, remoteNodeId: to, remote: b }),
      call(to, "pipeLink", { classId, remoteNodeId: from, remote: a }),
    ]);
    const producer = await call(from, "pipeExport", { classId, remoteNodeId: to, producerId });
    await call(to, "pipeImport", { classId, remoteNodeId: from, producer });
  }
}
