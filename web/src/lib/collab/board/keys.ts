/** Keyboard shortcuts of the board. */

import { type BoardController, EDITING_TOOLS, type Tool } from "./controller.svelte";
import type { BoardModel } from "./model.svelte";

export const TOOL_KEYS: Readonly<Record<string, Tool>> = {
  v: "select",
  h: "hand",
  p: "pen",
  l: "line",
  r: "rect",
  o: "ellipse",
  t: "text",
  s: "sticky",
  k: "laser",
};

/** Screen pixels an arrow moves a shape or the view by. */
const NUDGE_PX = 10;
const ARROWS: Readonly<Record<string, readonly [number, number]>> = {
  arrowleft: [-1, 0],
  arrowright: [1, 0],
  arrowup: [0, -1],
  arrowdown: [0, 1],
};

/**
 * Handles a key pressed over the board; returns whether it was used, so the page can prevent its
 * default. Tool keys work wherever the focus is outside a field; drawing keys (Enter, the arrows,
 * `[` and `]`) only when the board itself has the focus, so they never take a page's own keys.
 */
export function boardKeyDown(ctl: BoardController, model: BoardModel, e: KeyboardEvent, onBoard: boolean): boolean {
  const key = e.key.toLowerCase();
  if (onBoard && !e.ctrlKey && !e.metaKey && !e.altKey && drawingKey(ctl, model, key, e.shiftKey)) return true;
  if (e.ctrlKey || e.metaKey) {
    if (ctl.readOnly || e.altKey) return false;
    if (key === "z" && !e.shiftKey) model.undo();
    else if (key === "z" || key === "y") model.redo();
    else return false;
    ctl.selectedId = null;
    return true;
  }
  if (e.altKey) return false;
  const tool = TOOL_KEYS[key];
  if (key === " ") ctl.spaceHeld = true;
  else if (key === "delete" || key === "backspace") ctl.deleteSelected();
  else if (key === "escape") {
    ctl.selectedId = null;
    ctl.cancel();
  } else if (key === "+" || key === "=") ctl.zoomBy(1.25);
  else if (key === "-") ctl.zoomBy(0.8);
  else if (key === "0") ctl.setView({ ...ctl.view, zoom: 1 });
  else if (tool && (!ctl.readOnly || !EDITING_TOOLS.has(tool))) ctl.tool = tool;
  else return false;
  return true;
}

export function boardKeyUp(ctl: BoardController, e: KeyboardEvent): void {
  if (e.key === " ") ctl.spaceHeld = false;
}

function drawingKey(ctl: BoardController, model: BoardModel, key: string, shift: boolean): boolean {
  const arrow = ARROWS[key];
  if (arrow) ctl.nudge(arrow[0] * NUDGE_PX, arrow[1] * NUDGE_PX, shift);
  else if (key === "[" || key === "]") ctl.selectNext(key === "]" ? 1 : -1);
  else if (key === "enter") {
    const selected = ctl.selectedId ? model.get(ctl.selectedId) : undefined;
    if (selected && (selected.type === "text" || selected.type === "sticky") && !ctl.readOnly) ctl.edit(selected);
    else return ctl.placeAtCentre();
  } else return false;
  return true;
}
