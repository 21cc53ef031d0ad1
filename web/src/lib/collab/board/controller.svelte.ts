/**
 * What the pointer and keyboard do on a board: the current tool and colour, the view, the selection,
 * and the gesture in progress. The component turns DOM events into calls here and renders the state.
 */

import type { Shape } from "@chalkline/shared";
import type { BoardModel } from "./model.svelte";
import { KEYED_SHAPE, moved, resized } from "./nudge";
import type { BoardPresence } from "./presence.svelte";
import {
  appendPoint,
  boxFrom,
  INK,
  imageSize,
  LINE_HEIGHT,
  MIN_DRAG,
  newShapeId,
  type Point,
  round,
  STICKY_SIZE,
  shapeAt,
  shapeBounds,
  strokeFrom,
  TEXT_SIZE,
  unionBounds,
} from "./shapes";
import { fitText } from "./text";
import { fitBounds, HOME, panBy, type Size, toBoard, type Viewport, visibleBounds, zoomAt } from "./viewport";

export const TOOLS = ["select", "hand", "pen", "line", "rect", "ellipse", "text", "sticky", "laser"] as const;
export type Tool = (typeof TOOLS)[number];

/** Tools that change the board; a read-only board offers only the others. */
export const EDITING_TOOLS: ReadonlySet<Tool> = new Set(["pen", "line", "rect", "ellipse", "text", "sticky"]);

/** Hit-testing slack in screen pixels, whatever the zoom. */
const HIT_SLOP_PX = 6;

type Gesture =
  | { kind: "pan"; last: Point }
  | { kind: "draw"; start: Point; points: number[] }
  | { kind: "move"; id: string; start: Point }
  | { kind: "pinch"; distance: number; view: Viewport; mid: Point };

/** A text being typed: a new one (added on commit) or an existing shape's. */
export interface TextEdit {
  id: string;
  type: "text" | "sticky";
  isNew: boolean;
  text: string;
}

export class BoardController {
  tool = $state<Tool>("select");
  color = $state<string>(INK);
  view = $state<Viewport>({ ...HOME });
  size = $state<Size>({ width: 0, height: 0 });
  selectedId = $state<string | null>(null);
  /** The shape being drawn, shown locally (and to others through awareness) until it is committed. */
  draft = $state.raw<Shape | null>(null);
  /** The selected shape being dragged, in board units. */
  moving = $state<{ id: string; dx: number; dy: number } | null>(null);
  editing = $state<TextEdit | null>(null);
  spaceHeld = $state(false);
  readOnly = $state(false);
  /** Awareness client id of the presenter whose view this one follows. */
  following = $state<number | null>(null);

  #gesture: Gesture | null = null;
  #pointers = new Map<number, Point>();
  /** Where a new free text goes once it has words; it is not on the board before. */
  #pendingText: Shape | null = null;

  constructor(
    private readonly model: BoardModel,
    private readonly presence: BoardPresence,
    private readonly authorId: string,
  ) {}

  get panning(): boolean {
    return this.#gesture?.kind === "pan" || this.#gesture?.kind === "pinch";
  }

  /** Changing the view by hand stops following the presenter. */
  setView(view: Viewport, byHand = true): void {
    if (byHand) this.following = null;
    this.view = view;
  }

  /** Shows every shape, or the origin of an empty board. */
  fit(): void {
    this.setView(fitBounds(unionBounds(this.model.shapes.map(shapeBounds)), this.size));
  }

  zoomBy(factor: number): void {
    const centre = { x: this.size.width / 2, y: this.size.height / 2 };
    this.setView(zoomAt(this.view, this.size, centre, factor));
  }

  pointerDown(e: PointerEvent, screen: Point): void {
    this.#pointers.set(e.pointerId, screen);
    if (this.#pointers.size === 2) this.#startPinch();
    if (this.#pointers.size > 1 || this.editing) return;
    const p = toBoard(this.view, this.size, screen);
    if (this.tool === "hand" || this.spaceHeld || e.button === 1) {
      this.#gesture = { kind: "pan", last: screen };
    } else if (this.tool === "select") {
      // Pressing a shape selects it and starts moving it; pressing empty space pans.
      const hit = shapeAt(this.model.shapes, p, HIT_SLOP_PX / this.view.zoom);
      this.selectedId = hit?.id ?? null;
      this.#gesture = hit && !this.readOnly ? { kind: "move", id: hit.id, start: p } : { kind: "pan", last: screen };
    } else if (this.tool !== "laser" && !this.readOnly) {
      this.selectedId = null;
      if (this.tool === "text") this.#startText(p);
      else if (this.tool === "sticky") this.#addSticky(p);
      else this.#gesture = { kind: "draw", start: p, points: [round(p.x), round(p.y)] };
    }
  }

  pointerMove(e: PointerEvent, screen: Point): void {
    if (this.#pointers.has(e.pointerId)) this.#pointers.set(e.pointerId, screen);
    const p = toBoard(this.view, this.size, screen);
    this.presence.setPointer({ x: round(p.x), y: round(p.y), laser: this.tool === "laser" });
    const g = this.#gesture;
    if (!g) return;
    switch (g.kind) {
      case "pan":
        this.setView(panBy(this.view, screen.x - g.last.x, screen.y - g.last.y));
        g.last = screen;
        return;
      case "pinch":
        this.#pinch(g);
        return;
      case "move":
        this.moving = { id: g.id, dx: p.x - g.start.x, dy: p.y - g.start.y };
        return;
      case "draw":
        if (this.tool === "pen") appendPoint(g.points, p, 1.5 / this.view.zoom);
        else g.points.splice(2, 2, round(p.x), round(p.y));
        this.draft = this.#drawn(g, e.shiftKey);
        this.presence.setDraft(this.draft);
    }
  }

  pointerUp(e: PointerEvent): void {
    this.#pointers.delete(e.pointerId);
    const g = this.#gesture;
    this.#gesture = null;
    if (g?.kind === "move" && this.moving) {
      const { dx, dy } = this.moving;
      const shape = this.model.get(g.id);
      if (shape && Math.hypot(dx, dy) * this.view.zoom >= MIN_DRAG) {
        this.model.update(g.id, { x: round(shape.x + dx), y: round(shape.y + dy) });
      }
    }
    if (g?.kind === "draw" && this.draft) {
      const d = this.draft;
      if (Math.max(d.w, d.h) * this.view.zoom >= MIN_DRAG || d.type === "pen") this.model.add(d);
    }
    this.moving = null;
    if (this.draft) {
      this.draft = null;
      this.presence.setDraft(null);
    }
  }

  pointerLeave(): void {
    this.presence.setPointer(null);
  }

  wheel(e: WheelEvent, screen: Point): void {
    // Trackpad pinches arrive as wheel events with ctrlKey and small deltas.
    const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
    this.setView(zoomAt(this.view, this.size, screen, factor));
  }

  deleteSelected(): void {
    if (!this.selectedId || this.readOnly) return;
    this.model.remove(this.selectedId);
    this.selectedId = null;
  }

  /**
   * Without a pointer: puts the tool's shape in the middle of the view, selected, for the arrows to
   * move and size; a text or a note opens for typing. The pen draws by hand only.
   */
  placeAtCentre(): boolean {
    const tool = this.tool;
    if (this.readOnly || tool === "pen" || !EDITING_TOOLS.has(tool)) return false;
    const centre = { x: this.view.x, y: this.view.y };
    this.selectedId = null;
    if (tool === "text") this.#startText(centre);
    else if (tool === "sticky") this.#addSticky(centre);
    else {
      const w = KEYED_SHAPE.w / this.view.zoom;
      const h = KEYED_SHAPE.h / this.view.zoom;
      const box = { x: round(centre.x - w / 2), y: round(centre.y - h / 2), w: round(w), h: round(h) };
      const shape =
        tool === "line"
          ? this.#shape("line", strokeFrom([box.x, box.y + box.h, box.x + box.w, box.y]))
          : this.#shape(tool === "ellipse" ? "ellipse" : "rect", box);
      this.model.add(shape);
      this.tool = "select";
      this.selectedId = shape.id;
    }
    return true;
  }

  /** The arrows, in screen pixels: move the selected shape, or size it; with none selected, move the view. */
  nudge(dx: number, dy: number, resize: boolean): void {
    const shape = this.selectedId ? this.model.get(this.selectedId) : undefined;
    if (!shape || this.readOnly) {
      this.setView(panBy(this.view, -dx, -dy));
      return;
    }
    const [x, y] = [dx / this.view.zoom, dy / this.view.zoom];
    const patch = resize ? resized(shape, x, y) : moved(shape, x, y);
    if (patch) this.model.update(shape.id, patch);
  }

  /** `[` and `]`: the previous or next shape in drawing order, brought into view when it is out of it. */
  selectNext(step: 1 | -1): void {
    const shapes = this.model.shapes;
    if (shapes.length === 0) return;
    const index = shapes.findIndex((s) => s.id === this.selectedId);
    const from = index === -1 ? (step === 1 ? -1 : 0) : index;
    const next = shapes[(from + step + shapes.length) % shapes.length]!;
    this.selectedId = next.id;
    const box = shapeBounds(next);
    const seen = visibleBounds(this.view, this.size);
    const inView =
      box.x >= seen.x && box.y >= seen.y && box.x + box.w <= seen.x + seen.w && box.y + box.h <= seen.y + seen.h;
    if (!inView) this.setView({ ...this.view, x: box.x + box.w / 2, y: box.y + box.h / 2 });
  }

  /** Puts an uploaded `board_image` in the middle of the view, on top of everything, selected. */
  addImage(uploadId: string, natural: { w: number; h: number }): void {
    if (this.readOnly) return;
    const { w, h } = imageSize(natural);
    const shape = this.#shape("image", {
      x: round(this.view.x - w / 2),
      y: round(this.view.y - h / 2),
      w,
      h,
      uploadId,
    });
    this.model.add(shape);
    this.tool = "select";
    this.selectedId = shape.id;
  }

  /** Opens the text editor on a text or sticky shape. */
  edit(shape: Shape): void {
    if (this.readOnly || (shape.type !== "text" && shape.type !== "sticky")) return;
    this.selectedId = shape.id;
    this.editing = { id: shape.id, type: shape.type, isNew: false, text: shape.text ?? "" };
  }

  /** The shape a text edit belongs to, whether or not it is on the board yet. */
  editedShape(): Shape | null {
    const edit = this.editing;
    if (!edit) return null;
    return edit.isNew ? this.#pendingText : (this.model.get(edit.id) ?? null);
  }

  /** Stores what was typed. An emptied free text disappears; an empty sticky note stays. */
  commitText(text: string): void {
    const shape = this.editedShape();
    const edit = this.editing;
    this.editing = null;
    this.#pendingText = null;
    if (!edit || !shape || this.readOnly) return;
    const trimmed = text.replace(/\s+$/, "");
    const box = fitText(shape, trimmed);
    if (edit.isNew) {
      if (trimmed) this.model.add({ ...shape, ...box, text: trimmed, z: this.model.nextZ() });
    } else if (!trimmed && edit.type === "text") this.model.remove(edit.id);
    else if (shape.text !== trimmed) this.model.update(edit.id, { ...box, text: trimmed });
  }

  cancelText(): void {
    this.editing = null;
    this.#pendingText = null;
  }

  #startText(p: Point): void {
    const shape = this.#shape("text", { x: round(p.x), y: round(p.y - (TEXT_SIZE * LINE_HEIGHT) / 2), w: 1, h: 1 });
    this.#pendingText = shape;
    this.editing = { id: shape.id, type: "text", isNew: true, text: "" };
  }

  #addSticky(p: Point): void {
    const shape = this.#shape("sticky", {
      x: round(p.x - STICKY_SIZE.w / 2),
      y: round(p.y - STICKY_SIZE.h / 2),
      ...STICKY_SIZE,
    });
    this.model.add({ ...shape, text: "" });
    this.tool = "select";
    this.edit(shape);
  }

  #drawn(g: Extract<Gesture, { kind: "draw" }>, shift: boolean): Shape {
    const end = { x: g.points.at(-2) ?? g.start.x, y: g.points.at(-1) ?? g.start.y };
    if (this.tool === "rect" || this.tool === "ellipse") {
      return { ...this.#shape(this.tool, boxFrom(g.start, end, shift)), id: this.draft?.id ?? newShapeId() };
    }
    return {
      ...this.#shape(this.tool === "line" ? "line" : "pen", strokeFrom(g.points)),
      id: this.draft?.id ?? newShapeId(),
    };
  }

  #shape(type: Shape["type"], geometry: Pick<Shape, "x" | "y" | "w" | "h"> & Partial<Shape>): Shape {
    return { id: newShapeId(), type, color: this.color, z: this.model.nextZ(), authorId: this.authorId, ...geometry };
  }

  #startPinch(): void {
    const [a, b] = [...this.#pointers.values()] as [Point, Point];
    this.cancel();
    this.#gesture = {
      kind: "pinch",
      distance: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)),
      view: this.view,
      mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
    };
  }

  #pinch(g: Extract<Gesture, { kind: "pinch" }>): void {
    const [a, b] = [...this.#pointers.values()] as [Point, Point];
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    const zoomed = zoomAt(g.view, this.size, g.mid, Math.hypot(a.x - b.x, a.y - b.y) / g.distance);
    this.setView(panBy(zoomed, mid.x - g.mid.x, mid.y - g.mid.y));
  }

  /** Drops the gesture in progress (Escape, or a second finger that turns it into a pinch). */
  cancel(): void {
    this.#gesture = null;
    this.moving = null;
    if (this.draft) {
      this.draft = null;
      this.presence.setDraft(null);
    }
  }
}
