import adapter from "@sveltejs/adapter-node";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    // `npm run build -w web` writes build/handler.js, which the server mounts after its own routes,
    // so the app, the API and Socket.IO share one origin.
    adapter: adapter({ out: "build" }),
    // An open page asks every minute whether a new version was deployed, and offers to reload into it.
    version: { pollInterval: 60_000 },
    // Absolute asset paths: the service worker answers an offline page with one shell, whatever its depth.
    paths: { relative: false },
    // The page bootstraps with one inline script; hashing it keeps script-src free of 'unsafe-inline'.
    // Scoped component styles ship as files, and Svelte sets a few inline style attributes.
    csp: {
      mode: "hash",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:", "blob:"],
        "font-src": ["self", "data:"],
        "connect-src": ["self"],
        // Lesson videos: files from any https address, and the YouTube and Vimeo players.
        "media-src": ["self", "blob:", "https:"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["none"],
        "base-uri": ["self"],
        "form-action": ["self"],
        "frame-ancestors": ["none"],
      },
    },
  },
};

export default config;
