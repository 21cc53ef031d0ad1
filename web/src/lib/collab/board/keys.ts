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

/** Handles a key pressed over the board; returns whether it was used, so the page can prevent its default. */
export function boardKeyDown(ctl: BoardController, model: BoardModel, e: KeyboardEvent): boolean {
  const key = e.key.toLowerCase();
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
