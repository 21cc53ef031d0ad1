import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// In development the app runs on Vite's own port; everything the server answers is proxied to a
// server started with `npm start` so the browser still sees a single origin (the refresh cookie is
// SameSite=strict and scoped to /api/auth).
const SERVER_ORIGIN = "http://localhost:3000";

export default defineConfig({
  plugins: [sveltekit()],
  // The code sandbox's worker loads its interpreter in chunks (Pyodide, QuickJS): a module worker.
  worker: { format: "es" },
  server: {
    proxy: {
      "/api": SERVER_ORIGIN,
      "/healthz": SERVER_ORIGIN,
      "/readyz": SERVER_ORIGIN,
      "/socket.io": { target: SERVER_ORIGIN, ws: true },
    },
  },
});
