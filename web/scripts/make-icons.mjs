// Renders the app's install icons (static/icons/*.png) from the logo with headless Chromium:
// `node web/scripts/make-icons.mjs`. The PNGs are committed; run this again after changing the logo.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const STATIC = fileURLToPath(new URL("../static/", import.meta.url));
const logo = await readFile(`${STATIC}favicon.svg`, "utf8");
/** The logo's own background, so a maskable icon's safe-zone padding matches it. */
const BACKGROUND = "#1f4e45";

const icons = [
  { file: "icon-192.png", size: 192, padding: 0 },
  { file: "icon-512.png", size: 512, padding: 0 },
  // Maskable: launchers crop to a circle or squircle; the logo stays inside the central 80 %.
  { file: "icon-maskable-512.png", size: 512, padding: 0.12 },
  { file: "apple-touch-icon.png", size: 180, padding: 0.08 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const page = await browser.newPage();
  for (const { file, size, padding } of icons) {
    await page.setViewportSize({ width: size, height: size });
    const inset = Math.round(size * padding);
    await page.setContent(
      `<body style="margin:0;background:${padding ? BACKGROUND : "transparent"}">` +
        `<div style="position:absolute;inset:${inset}px">${logo.replace("<svg ", '<svg width="100%" height="100%" ')}</div></body>`,
    );
    await page.screenshot({ path: `${STATIC}icons/${file}`, omitBackground: padding === 0 });
  }
} finally {
  await browser.close();
}
