import { EventEmitter } from "node:events";
import type { MediaEvent } from "@chalkline/shared";
import { MediaRequestError } from "../errors";
import { LiveClass, type LiveClassOptions } from "./live-class";

export interface ClassRegistryEvents {
  event: [MediaEvent];
}

/** The live classes of this media node by id; opening is idempotent, also while one is being opened. */
export class ClassRegistry extends EventEmitter<ClassRegistryEvents> {
  readonly #options: Omit<LiveClassOptions, "id">;
  readonly #open = new Map<string, LiveClass>();
  readonly #opening = new Map<string, Promise<LiveClass>>();

  constructor(options: Omit<LiveClassOptions, "id">) {
    super();
    this.#options = options;
  }

  open(classId: string): Promise<LiveClass> {
    const open = this.#open.get(classId);
    if (open) return Promise.resolve(open);
    let opening = this.#opening.get(classId);
    if (!opening) {
      opening = LiveClass.create({ ...this.#options, id: classId })
        .then((live) => {
          live.on("event", (event) => this.emit("event", event));
          this.#open.set(classId, live);
          return live;
        })
        .finally(() => this.#opening.delete(classId));
      this.#opening.set(classId, opening);
    }
    return opening;
  }

  /** An open class (waiting for one being opened); `not_found` otherwise. */
  async get(classId: string): Promise<LiveClass> {
    const live = this.#open.get(classId) ?? (await this.#opening.get(classId));
    if (!live) throw new MediaRequestError("not_found", `class ${classId} is not open`);
    return live;
  }

  /** Idempotent. */
  async close(classId: string): Promise<void> {
    const live = this.#open.get(classId) ?? (await this.#opening.get(classId)?.catch(() => undefined));
    live?.close();
    this.#open.delete(classId);
  }

  /**
   * A worker process died: every class with a router on it lost media it cannot get back, so it is
   * closed whole and announced; its peers join again and get routers on live workers.
   */
  resetWorker(pid: number): void {
    for (const live of this.#open.values()) {
      if (!live.usesWorker(pid)) continue;
      live.close();
      this.#open.delete(live.id);
      this.emit("event", { type: "class-reset", classId: live.id, reason: "worker-died" });
    }
  }

  /** Closes, in every class, the peers whose server node died; how many. */
  leavePeersOf(nodeIds: ReadonlySet<string>): number {
    let closed = 0;
    if (nodeIds.size > 0) for (const live of this.#open.values()) closed += live.leavePeersOf(nodeIds);
    return closed;
  }

  /**
   * Another media node's event: copies of its producers piped in here follow it; a class it reset
   * loses every pipe here too, so that the pipes are made afresh when its peers rejoin.
   */
  followRemote(event: MediaEvent): void {
    const live = this.#open.get(event.classId);
    if (event.type === "class-reset") live?.closeLinksExcept(new Set());
    else live?.followRemote(event);
  }

  /** Media nodes that left the cluster: every pipe to them is closed. */
  closeLinksExcept(alive: ReadonlySet<string>): void {
    for (const live of this.#open.values()) live.closeLinksExcept(alive);
  }

  /** Peers on this node, in every class. */
  get peerCount(): number {
    let peers = 0;
    for (const live of this.#open.values()) peers += live.stats().peers;
    return peers;
  }

  /** What the node's classes hold, for the cluster registry. */
  load(): { classes: number; routers: number; transports: number; consumers: number } {
    const load = { classes: this.#open.size, routers: 0, transports: 0, consumers: 0 };
    for (const live of this.#open.values()) {
      const stats = live.stats();
      load.routers += stats.routers;
      load.transports += stats.transports;
      load.consumers += stats.consumers;
    }
    return load;
  }

  /** The open classes' ids. */
  get ids(): string[] {
    return [...this.#open.keys()];
  }

  closeAll(): void {
    for (const live of this.#open.values()) live.close();
    this.#open.clear();
  }
}
