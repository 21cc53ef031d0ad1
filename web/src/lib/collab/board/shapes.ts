/** Whiteboard shapes: creating them from a drag, their bounds, and which one sits under a point. */

import type { Shape } from "@chalkline/shared";

export type ShapeType = Shape["type"];

export interface Point {
  x: number;
  y: number;
}

export interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Board units; the view scales them. */
export const STROKE_WIDTH = 3;
export const TEXT_SIZE = 22;
export const STICKY_TEXT_SIZE = 18;
export const LINE_HEIGHT = 1.3;
export const STICKY_SIZE = { w: 200, h: 160 } as const;
export const STICKY_PADDING = 14;
/** A new image is scaled down to fit this square, in board units, and never scaled up. */
export const MAX_IMAGE_SIDE = 480;
/** A drag shorter than this is a click: it creates nothing (and moves nothing). */
export const MIN_DRAG = 3;

export const PALETTE = [
  "#18211e",
  "#d64545",
  "#e0892b",
  "#d4a106",
  "#2e9e5b",
  "#138a8a",
  "#2f6fed",
  "#8a4fd8",
] as const;
export const INK = PALETTE[0];

/**
 * The colour a shape is painted with. Ink follows the page's text colour (`currentColor`), so it
 * stays visible on a dark board; an exported PNG has no page around it, and ink comes out black.
 */
export function paint(color: string): string {
  return color === INK ? "currentColor" : color;
}

/** The same in HTML around the board (swatches, the text editor), where ink is the text colour. */
export function cssColor(color: string): string {
  return color === INK ? "var(--text)" : color;
}
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

export function newShapeId(): string {
  return crypto.randomUUID();
}

/** The box two corners span; Shift keeps it square. */
export function boxFrom(a: Point, b: Point, square = false): Bounds {
  let dx = b.x - a.x;
  let dy = b.y - a.y;
  if (square) {
    const side = Math.max(Math.abs(dx), Math.abs(dy));
    dx = Math.sign(dx || 1) * side;
    dy = Math.sign(dy || 1) * side;
  }
  return { x: Math.min(a.x, a.x + dx), y: Math.min(a.y, a.y + dy), w: Math.abs(dx), h: Math.abs(dy) };
}

/** A line or freehand stroke from absolute points: its box, and points relative to the box. */
export function strokeFrom(absolute: readonly number[]): Pick<Shape, "x" | "y" | "w" | "h" | "points"> {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < absolute.length; i += 2) {
    minX = Math.min(minX, absolute[i]!);
    maxX = Math.max(maxX, absolute[i]!);
    minY = Math.min(minY, absolute[i + 1]!);
    maxY = Math.max(maxY, absolute[i + 1]!);
  }
  const points = absolute.map((v, i) => round(v - (i % 2 === 0 ? minX : minY)));
  return { x: round(minX), y: round(minY), w: round(maxX - minX), h: round(maxY - minY), points };
}

/** Two decimals are plenty for board units and keep stored shapes small. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Drops points closer than `minDistance` to the previous one: a smoother, smaller stroke. */
export function appendPoint(points: number[], p: Point, minDistance: number): boolean {
  const n = points.length;
  if (n >= 2 && Math.hypot(p.x - points[n - 2]!, p.y - points[n - 1]!) < minDistance) return false;
  points.push(round(p.x), round(p.y));
  return true;
}

/** An SVG path through a stroke's points, smoothed with quadratic curves through the midpoints. */
export function strokePath(shape: Pick<Shape, "x" | "y" | "points">): string {
  const p = shape.points ?? [];
  if (p.length < 2) return "";
  const at = (i: number) => [p[i * 2]! + shape.x, p[i * 2 + 1]! + shape.y] as const;
  const count = p.length / 2;
  const [x0, y0] = at(0);
  if (count === 1) return `M${x0} ${y0}l0.01 0`;
  let d = `M${x0} ${y0}`;
  for (let i = 1; i < count - 1; i++) {
    const [x, y] = at(i);
    const [nx, ny] = at(i + 1);
    d += `Q${x} ${y} ${round((x + nx) / 2)} ${round((y + ny) / 2)}`;
  }
  const [lx, ly] = at(count - 1);
  return `${d}L${lx} ${ly}`;
}

/** The size an image of `natural` pixels gets on the board. */
export function imageSize(natural: { w: number; h: number }): { w: number; h: number } {
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(natural.w, natural.h, 1));
  return { w: round(Math.max(1, natural.w * scale)), h: round(Math.max(1, natural.h * scale)) };
}

export function shapeBounds(shape: Shape): Bounds {
  return { x: shape.x, y: shape.y, w: shape.w, h: shape.h };
}

export function unionBounds(boxes: readonly Bounds[]): Bounds | null {
  if (boxes.length === 0) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.w));
  const bottom = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: right - x, h: bottom - y };
}

function distanceToSegment(p: Point, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - ax) * dx + (p.y - ay) * dy) / length2));
  return Math.hypot(p.x - (ax + t * dx), p.y - (ay + t * dy));
}

/** Whether `p` touches the shape, within `tolerance` board units of its outline or inside it. */
export function hitTest(shape: Shape, p: Point, tolerance: number): boolean {
  const { x, y, w, h } = shape;
  if (p.x < x - tolerance || p.x > x + w + tolerance || p.y < y - tolerance || p.y > y + h + tolerance) return false;
  switch (shape.type) {
    case "rect":
    case "text":
    case "sticky":
    case "image":
      return true;
    case "ellipse": {
      const rx = w / 2 + tolerance;
      const ry = h / 2 + tolerance;
      const nx = (p.x - (x + w / 2)) / rx;
      const ny = (p.y - (y + h / 2)) / ry;
      return nx * nx + ny * ny <= 1;
    }
    case "line":
    case "pen": {
      const pts = shape.points ?? [];
      if (pts.length === 2) return Math.hypot(p.x - (x + pts[0]!), p.y - (y + pts[1]!)) <= tolerance + STROKE_WIDTH;
      for (let i = 0; i + 3 < pts.length; i += 2) {
        const d = distanceToSegment(p, x + pts[i]!, y + pts[i + 1]!, x + pts[i + 2]!, y + pts[i + 3]!);
        if (d <= tolerance + STROKE_WIDTH / 2) return true;
      }
      return false;
    }
  }
}

/** The topmost shape under `p`, if any. `shapes` is in paint order (lowest first). */
export function shapeAt(shapes: readonly Shape[], p: Point, tolerance: number): Shape | null {
  for (let i = shapes.length - 1; i >= 0; i--) {
    if (hitTest(shapes[i]!, p, tolerance)) return shapes[i]!;
  }
  return null;
}

/** A light, opaque version of a palette colour: the paper of a sticky note. */
export function stickyFill(color: string): string {
  // Ink would make grey paper; a note in ink is the classic yellow one.
  if (color === INK) return "#fff1a8";
  const value = Number.parseInt(color.slice(1, 7), 16);
  if (color.length < 7 || Number.isNaN(value)) return "#fff3b0";
  const mix = (channel: number) => Math.round(channel + (255 - channel) * 0.78);
  const r = mix((value >> 16) & 255);
  const g = mix((value >> 8) & 255);
  const b = mix(value & 255);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, "0")}`;
}
