/**
 * The shapes of one board, kept as `Y.Map(DOC_TYPES.boardShapes)` (shape id → Shape JSON) and
 * mirrored into a sorted, validated array the view renders. Every local change runs in a
 * transaction with this model's own origin, so undo and redo only ever touch this person's work.
 */

import { DOC_TYPES, type Shape, shapeSchema } from "@chalkline/shared";
import * as Y from "yjs";

export class BoardModel {
  /** Paint order: lowest `z` first. */
  shapes = $state.raw<Shape[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);

  readonly #map: Y.Map<unknown>;
  readonly #undo: Y.UndoManager;
  readonly #byId = new Map<string, Shape>();
  #maxZ = 0;
  #onChange = (event: Y.YMapEvent<unknown>) => {
    for (const key of event.keysChanged) this.#read(key);
    this.#publish();
  };
  #onStack = () => {
    this.canUndo = this.#undo.canUndo();
    this.canRedo = this.#undo.canRedo();
  };

  constructor(doc: Y.Doc) {
    this.#map = doc.getMap(DOC_TYPES.boardShapes);
    this.#undo = new Y.UndoManager(this.#map, { trackedOrigins: new Set([this]) });
    for (const key of this.#map.keys()) this.#read(key);
    this.#publish();
    this.#map.observe(this.#onChange);
    this.#undo.on("stack-item-added", this.#onStack);
    this.#undo.on("stack-item-popped", this.#onStack);
    this.#undo.on("stack-cleared", this.#onStack);
  }

  get(id: string): Shape | undefined {
    return this.#byId.get(id);
  }

  /** The `z` that puts a new shape on top of everything there is now. */
  nextZ(): number {
    return this.#maxZ + 1;
  }

  add(shape: Shape): void {
    this.#change(() => this.#map.set(shape.id, shape));
  }

  update(id: string, patch: Partial<Omit<Shape, "id">>): void {
    const current = this.#byId.get(id);
    if (!current) return;
    this.#change(() => this.#map.set(id, { ...current, ...patch }));
  }

  remove(id: string): void {
    if (this.#map.has(id)) this.#change(() => this.#map.delete(id));
  }

  undo(): void {
    this.#undo.undo();
  }

  redo(): void {
    this.#undo.redo();
  }

  destroy(): void {
    this.#map.unobserve(this.#onChange);
    this.#undo.destroy();
  }

  /** One local change is one undo step, however soon the next one follows. */
  #change(fn: () => void): void {
    this.#undo.stopCapturing();
    this.#map.doc?.transact(fn, this);
    this.#undo.stopCapturing();
  }

  /** Values written by other clients are checked before they are drawn; a bad one is skipped. */
  #read(key: string): void {
    const parsed = shapeSchema.safeParse(this.#map.get(key));
    if (parsed.success && parsed.data.id === key) this.#byId.set(key, parsed.data);
    else this.#byId.delete(key);
  }

  #publish(): void {
    const shapes = [...this.#byId.values()].sort((a, b) => a.z - b.z || (a.id < b.id ? -1 : 1));
    this.#maxZ = shapes.at(-1)?.z ?? 0;
    this.shapes = shapes;
  }
}
