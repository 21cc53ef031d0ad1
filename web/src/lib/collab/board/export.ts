/** Exporting a board as a PNG: the shapes layer serialised to a standalone SVG, drawn onto a canvas. */

import type { Bounds } from "./shapes";

const MARGIN = 40;
const SCALE = 2;
const MAX_SIDE_PX = 8192;

/**
 * Renders `layer` (a `<g>` of shapes drawn with presentation attributes only, no CSS) cropped to
 * `bounds` plus a margin, on white, and downloads it as `<fileName>.png`.
 */
export async function downloadPng(layer: SVGGElement, bounds: Bounds, fileName: string): Promise<void> {
  const box = { x: bounds.x - MARGIN, y: bounds.y - MARGIN, w: bounds.w + MARGIN * 2, h: bounds.h + MARGIN * 2 };
  const scale = Math.min(SCALE, MAX_SIDE_PX / box.w, MAX_SIDE_PX / box.h);
  const width = Math.max(1, Math.round(box.w * scale));
  const height = Math.max(1, Math.round(box.h * scale));

  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  svg.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  const paper = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [name, value] of Object.entries({ x: box.x, y: box.y, width: box.w, height: box.h, fill: "#ffffff" })) {
    paper.setAttribute(name, String(value));
  }
  const shapes = layer.cloneNode(true) as SVGGElement;
  await inlineImages(shapes);
  svg.append(paper, shapes);

  const url = URL.createObjectURL(
    new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml;charset=utf-8" }),
  );
  try {
    const image = new Image();
    image.decoding = "async";
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("this browser cannot draw the export");
    context.drawImage(image, 0, 0, width, height);
    const png = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the export is empty"))), "image/png"),
    );
    const link = document.createElement("a");
    link.href = URL.createObjectURL(png);
    link.download = `${fileName.replace(/[^\w .()-]+/g, "_") || "board"}.png`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * An SVG drawn as an image loads no other file, so each picture goes in as a data URL; one that
 * cannot be fetched (its link expired, the network failed) is left out rather than failing the export.
 */
async function inlineImages(root: SVGGElement): Promise<void> {
  await Promise.all(
    [...root.querySelectorAll("image")].map(async (image) => {
      const href = image.getAttribute("href");
      if (!href || href.startsWith("data:")) return;
      try {
        const response = await fetch(href);
        if (!response.ok) throw new Error(`${response.status}`);
        image.setAttribute("href", await dataUrlOf(await response.blob()));
      } catch {
        image.remove();
      }
    }),
  );
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
