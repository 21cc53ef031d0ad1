import type { Shape } from "@chalkline/shared";
import { describe, expect, it } from "vitest";
import { MIN_KEYED_SIDE, moved, resized } from "./nudge";

const shape = (fields: Partial<Shape>): Shape => ({
  id: "s",
  type: "rect",
  x: 10,
  y: 20,
  w: 100,
  h: 50,
  color: "#000",
  z: 1,
  authorId: "u",
  ...fields,
});

describe("keyboard steps on a shape", () => {
  it("moves any shape", () => {
    expect(moved(shape({}), -10, 5.005)).toEqual({ x: 0, y: 25.01 });
  });

  it("sizes a box from its corner, never below the smallest side", () => {
    expect(resized(shape({}), 10, -10)).toEqual({ w: 110, h: 40 });
    expect(resized(shape({ type: "ellipse" }), -500, 0)).toEqual({ w: MIN_KEYED_SIDE, h: 50 });
  });

  it("moves a line's end, its start staying where it was", () => {
    // From (10, 20) to (110, 70); the end moves left past the start.
    const line = shape({ type: "line", points: [0, 0, 100, 50] });
    expect(resized(line, -120, 0)).toEqual({ x: -10, y: 20, w: 20, h: 50, points: [20, 0, 0, 50] });
  });

  it("leaves free strokes and texts their size", () => {
    expect(resized(shape({ type: "pen", points: [0, 0, 5, 5] }), 10, 10)).toBeNull();
    expect(resized(shape({ type: "text", text: "Hi" }), 10, 10)).toBeNull();
  });
});
