/** Laying out board text: measured with the same font the SVG uses, wrapped to a width. */

import type { Shape } from "@chalkline/shared";
import { FONT_FAMILY, LINE_HEIGHT, STICKY_PADDING, STICKY_SIZE, STICKY_TEXT_SIZE, TEXT_SIZE } from "./shapes";

let context: CanvasRenderingContext2D | null | undefined;

/** Width of `text` at `size` board units; estimated when no canvas is at hand. */
export function textWidth(text: string, size: number): number {
  context ??= typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (!context) return text.length * size * 0.55;
  context.font = `${size}px ${FONT_FAMILY}`;
  return context.measureText(text).width;
}

/** Splits text into lines that fit `maxWidth`, breaking at spaces, or inside a word too long for a line. */
export function wrapText(text: string, size: number, maxWidth = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    if (!Number.isFinite(maxWidth)) {
      lines.push(paragraph);
      continue;
    }
    let line = "";
    for (const word of paragraph.split(/(?<=\s)/)) {
      const candidate = line + word;
      if (line !== "" && textWidth(candidate.trimEnd(), size) > maxWidth) {
        lines.push(line.trimEnd());
        line = word;
      } else line = candidate;
      while (line.length > 1 && textWidth(line.trimEnd(), size) > maxWidth) {
        let cut = line.length - 1;
        while (cut > 1 && textWidth(line.slice(0, cut), size) > maxWidth) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** The box a free text shape needs for its text. */
export function textBox(text: string, size: number): { w: number; h: number } {
  const lines = wrapText(text, size);
  const w = Math.max(size, ...lines.map((l) => textWidth(l, size)));
  return { w: Math.ceil(w), h: Math.ceil(lines.length * size * LINE_HEIGHT) };
}

/** The box a text or sticky shape needs after its text changed: free text hugs it, a note grows to fit. */
export function fitText(shape: Shape, text: string): { w: number; h: number } {
  if (shape.type !== "sticky") return textBox(text, TEXT_SIZE);
  const lines = wrapText(text, STICKY_TEXT_SIZE, shape.w - STICKY_PADDING * 2).length;
  return {
    w: shape.w,
    h: Math.max(STICKY_SIZE.h, Math.ceil(lines * STICKY_TEXT_SIZE * LINE_HEIGHT + STICKY_PADDING * 2)),
  };
}
