import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; callers retry on a race). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}

const PORT_IN_USE = /address already in use|EADDRINUSE|bind: /i;
const MAX_ATTEMPTS = 3;

/**
 * Calls `start(port)` on `requested`, or on a fresh free port when none was requested; another
 * process may take a free port between the check and the child's bind, so that case is retried.
 */
export async function onFreePort<T>(requested: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  if (requested !== undefined) return start(requested);
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !PORT_IN_USE.test(String((error as Error).message))) throw error;
    }
  }
}
