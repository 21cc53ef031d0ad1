/**
 * What part of the board a view shows. `x`, `y` is the board point at the centre of the view and
 * `zoom` is screen pixels per board unit, so a follower with a different window size still sees
 * what the presenter has in the middle of theirs, at the same scale.
 */

import type { Bounds, Point } from "./shapes";

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;
export const HOME: Viewport = { x: 0, y: 0, zoom: 1 };

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The SVG viewBox for this view. */
export function viewBox(v: Viewport, size: Size): string {
  const w = size.width / v.zoom;
  const h = size.height / v.zoom;
  return `${v.x - w / 2} ${v.y - h / 2} ${w} ${h}`;
}

export function visibleBounds(v: Viewport, size: Size): Bounds {
  const w = size.width / v.zoom;
  const h = size.height / v.zoom;
  return { x: v.x - w / 2, y: v.y - h / 2, w, h };
}

/** A point on screen, relative to the view's top-left corner, in board units. */
export function toBoard(v: Viewport, size: Size, screen: Point): Point {
  return { x: v.x + (screen.x - size.width / 2) / v.zoom, y: v.y + (screen.y - size.height / 2) / v.zoom };
}

/** Zooms by `factor` while the board point under `screen` stays where it is. */
export function zoomAt(v: Viewport, size: Size, screen: Point, factor: number): Viewport {
  const zoom = clampZoom(v.zoom * factor);
  const anchor = toBoard(v, size, screen);
  return {
    x: anchor.x - (screen.x - size.width / 2) / zoom,
    y: anchor.y - (screen.y - size.height / 2) / zoom,
    zoom,
  };
}

/** Moves the view so the board follows a drag of `dx`, `dy` screen pixels. */
export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { x: v.x - dx / v.zoom, y: v.y - dy / v.zoom, zoom: v.zoom };
}

/** The view that shows `bounds` whole, with a margin, never zoomed in past 100%. */
export function fitBounds(bounds: Bounds | null, size: Size, margin = 48): Viewport {
  if (!bounds || size.width <= 0 || size.height <= 0) return HOME;
  const zoom = clampZoom(
    Math.min(1, (size.width - margin * 2) / Math.max(bounds.w, 1), (size.height - margin * 2) / Math.max(bounds.h, 1)),
  );
  return { x: bounds.x + bounds.w / 2, y: bounds.y + bounds.h / 2, zoom };
}
