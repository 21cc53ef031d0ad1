import { inject } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { login, type TestAccount } from "./clients";
import { uniqueName } from "./ids";
import { type ServerNodeHandle, startServerNode } from "./server";

/**
 * Starts `count` server nodes sharing one fresh database and Redis key prefix (a cluster of one
 * test), with the demo accounts seeded so an admin is at hand.
 */
export async function startCluster(count: number, env: Record<string, string> = {}): Promise<ServerNodeHandle[]> {
  const services = inject("services");
  const dbName = uniqueName("db");
  const keyPrefix = uniqueName("k");
  const first = await startServerNode({ services, dbName, keyPrefix, env: { SEED_DEMO: "true", ...env } });
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () => startServerNode({ services, dbName, keyPrefix, env })),
  );
  return [first, ...rest];
}

export async function stopAll(nodes: ServerNodeHandle[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.stop()));
}

export function loginDemo(baseUrl: string, role: "admin" | "instructor"): Promise<TestAccount> {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role}`);
  return login(baseUrl, user.email, DEMO_PASSWORD);
}
