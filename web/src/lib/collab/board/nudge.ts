/** Moving and sizing a shape from the keyboard, a step at a time. */

import type { Shape } from "@chalkline/shared";
import { round, strokeFrom } from "./shapes";

/** The smallest box the keyboard shrinks a shape to, in board units. */
export const MIN_KEYED_SIDE = 10;
/** A new shape placed from the keyboard, in board units at 100%. */
export const KEYED_SHAPE = { w: 160, h: 100 } as const;

export function moved(shape: Shape, dx: number, dy: number): Pick<Shape, "x" | "y"> {
  return { x: round(shape.x + dx), y: round(shape.y + dy) };
}

/**
 * A box grows or shrinks from its top-left corner; a line moves its end. Free strokes and texts
 * (which fit their words) keep their size: null.
 */
export function resized(shape: Shape, dw: number, dh: number): Partial<Shape> | null {
  switch (shape.type) {
    case "rect":
    case "ellipse":
    case "sticky":
    case "image":
      return { w: round(Math.max(MIN_KEYED_SIDE, shape.w + dw)), h: round(Math.max(MIN_KEYED_SIDE, shape.h + dh)) };
    case "line": {
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = shape.points ?? [];
      return strokeFrom([shape.x + x0, shape.y + y0, shape.x + x1 + dw, shape.y + y1 + dh]);
    }
    default:
      return null;
  }
}
