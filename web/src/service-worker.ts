/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from "$service-worker";

/**
 * Makes the app installable and readable offline: the app's own files are kept per version, pages
 * and the lessons and course outlines a person opened are kept as last seen, and answered from the
 * cache when the network is gone. Everything else (the rest of the API, sockets, uploads) goes to
 * the network only. A new version installs beside the old one; the page offers to reload into it.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const APP_CACHE = `app-${version}`;
const PAGES_CACHE = "pages";
const READING_CACHE = "reading";
/** The immutable app chunks and the install files; the code sandboxes' large runtimes load on use. */
const APP_FILES = [...build, ...files.filter((f) => !f.startsWith("/sandbox/"))];
/** Rendered in the browser at whatever address it is served for (routes/offline-shell). */
const SHELL = "/offline-shell";
/** GET /api/courses/:id (the outline) and /api/courses/:id/lessons/:lessonId: what reading needs. */
const READING = /^\/api\/courses\/[a-f0-9]{24}(\/lessons\/[a-f0-9]{24})?$/;

sw.addEventListener("install", (event) => {
  event.waitUntil(caches.open(APP_CACHE).then((cache) => cache.addAll([...APP_FILES, SHELL])));
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith("app-") && key !== APP_CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

/** The page's "Reload" on an update: the waiting version takes over, then the page reloads into it. */
sw.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") void sw.skipWaiting();
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  // Signing out forgets what this browser kept of the account's reading.
  if (request.method === "POST" && url.pathname === "/api/auth/logout") {
    event.waitUntil(Promise.all([caches.delete(READING_CACHE), caches.delete(PAGES_CACHE)]));
    return;
  }
  if (request.method !== "GET") return;
  if (APP_FILES.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(request)));
  } else if (request.mode === "navigate") {
    // A page reached inside the app was never fetched as a page: the shell renders it instead.
    event.respondWith(
      networkFirst(request, PAGES_CACHE).catch(() => caches.match(SHELL).then((shell) => shell ?? Response.error())),
    );
  } else if (READING.test(url.pathname)) {
    event.respondWith(networkFirst(request, READING_CACHE));
  }
});

/**
 * The network's answer, kept for later when it is a success; the kept one when the network fails.
 * Kept by URL alone: the cache is this browser's, and sign-out empties it.
 */
async function networkFirst(request: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.url, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request.url);
    if (kept) return kept;
    throw error;
  }
}
