/**
 * Live presence on a board, carried by awareness: everyone's pointer (and laser), the shape each
 * person is drawing right now, and who is presenting which view. Local fields are sent at most
 * ~30 times a second; laser points are kept for a moment so they fade out as a trail.
 */

import type { Shape } from "@chalkline/shared";
import type { Awareness } from "y-protocols/awareness";
import { type BoardAwareness, boardAwarenessSchema } from "../awareness.svelte";
import type { Point } from "./shapes";
import type { Viewport } from "./viewport";

const SEND_EVERY_MS = 33;
/** In-progress shapes can carry many points; they go out less often than pointers. */
const DRAFT_EVERY_MS = 100;
export const LASER_TRAIL_MS = 800;
/** Everyone's laser is red: it reads as "look here", whoever holds it. */
const LASER_COLOR = "#ff3b30";

export interface RemoteUser extends BoardAwareness {
  clientId: number;
}

export interface LaserTrail {
  clientId: number;
  color: string;
  /** Oldest first; `age` runs from 0 (now) to 1 (about to vanish). */
  points: Array<Point & { age: number }>;
}

type LocalFields = Pick<BoardAwareness, "pointer" | "draft" | "presenting" | "viewport">;

export class BoardPresence {
  /** Everyone else with the board open. */
  others = $state.raw<RemoteUser[]>([]);
  lasers = $state.raw<LaserTrail[]>([]);

  readonly #awareness: Awareness;
  readonly #trails = new Map<number, Array<Point & { t: number }>>();
  #pending: Partial<LocalFields> = {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastSentMs = 0;
  #lastDraftMs = 0;
  #frame = 0;
  #onChange = () => this.#read();

  constructor(awareness: Awareness) {
    this.#awareness = awareness;
    awareness.on("change", this.#onChange);
    this.#read();
  }

  get clientId(): number {
    return this.#awareness.clientID;
  }

  /** The pointer in board units, or null when it left the board. */
  setPointer(pointer: (Point & { laser: boolean }) | null): void {
    if (pointer?.laser) this.#addTrailPoint(this.clientId, pointer);
    this.#queue({ pointer });
  }

  setDraft(draft: Shape | null): void {
    this.#queue({ draft });
  }

  /** Presenting publishes this view to everyone following; stopping clears it. */
  setPresenting(viewport: Viewport | null): void {
    this.#queue({ presenting: viewport !== null, viewport });
  }

  destroy(): void {
    clearTimeout(this.#timer);
    cancelAnimationFrame(this.#frame);
    this.#awareness.off("change", this.#onChange);
    const state = this.#awareness.getLocalState();
    if (state)
      this.#awareness.setLocalState({ ...state, pointer: null, draft: null, presenting: false, viewport: null });
  }

  #queue(fields: Partial<LocalFields>): void {
    Object.assign(this.#pending, fields);
    if (this.#timer === undefined) {
      const wait = Math.max(0, this.#lastSentMs + SEND_EVERY_MS - Date.now());
      this.#timer = setTimeout(() => this.#flush(), wait);
    }
  }

  #flush(): void {
    this.#timer = undefined;
    const now = Date.now();
    const { draft, ...rest } = this.#pending;
    const sendDraft = draft !== undefined && (draft === null || now - this.#lastDraftMs >= DRAFT_EVERY_MS);
    const fields: Partial<LocalFields> = sendDraft ? { ...rest, draft } : rest;
    this.#pending = sendDraft || draft === undefined ? {} : { draft };
    if (sendDraft) this.#lastDraftMs = now;
    this.#lastSentMs = now;
    const state = this.#awareness.getLocalState() ?? {};
    if (Object.keys(fields).length > 0) this.#awareness.setLocalState({ ...state, ...fields });
    if (this.#pending.draft !== undefined) this.#queue({});
  }

  #read(): void {
    const others: RemoteUser[] = [];
    for (const [clientId, state] of this.#awareness.getStates()) {
      if (clientId === this.clientId) continue;
      const parsed = boardAwarenessSchema.safeParse(state);
      if (!parsed.success) continue;
      others.push({ clientId, ...parsed.data });
      if (parsed.data.pointer?.laser) this.#addTrailPoint(clientId, parsed.data.pointer);
    }
    this.others = others;
  }

  #addTrailPoint(clientId: number, p: Point): void {
    const trail = this.#trails.get(clientId) ?? [];
    trail.push({ x: p.x, y: p.y, t: performance.now() });
    this.#trails.set(clientId, trail);
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#animate());
  }

  /** Ages every trail once per frame, and stops when the last one has faded. */
  #animate(): void {
    const now = performance.now();
    const lasers: LaserTrail[] = [];
    for (const [clientId, trail] of this.#trails) {
      const fresh = trail.filter((p) => now - p.t < LASER_TRAIL_MS);
      if (fresh.length === 0) {
        this.#trails.delete(clientId);
        continue;
      }
      this.#trails.set(clientId, fresh);
      lasers.push({
        clientId,
        color: LASER_COLOR,
        points: fresh.map((p) => ({ x: p.x, y: p.y, age: (now - p.t) / LASER_TRAIL_MS })),
      });
    }
    this.lasers = lasers;
    this.#frame = lasers.length > 0 ? requestAnimationFrame(() => this.#animate()) : 0;
  }
}
