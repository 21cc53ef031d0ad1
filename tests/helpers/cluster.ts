import { afterAll, beforeAll, inject } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { login, type TestAccount } from "./clients";
import { uniqueName } from "./ids";
import { type ServerNodeHandle, startServerNode } from "./server";

/** What makes a test's cluster its own: a database name and a Redis key prefix. */
export interface ClusterNames {
  dbName: string;
  keyPrefix: string;
}

export function newClusterNames(): ClusterNames {
  return { dbName: uniqueName("db"), keyPrefix: uniqueName("k") };
}

/**
 * Starts `count` server nodes sharing one database and Redis key prefix (a fresh pair unless
 * `names` restarts an earlier cluster), with the demo accounts seeded so an admin is at hand.
 * `ports` restarts nodes where clients expect them.
 */
export async function startCluster(
  count: number,
  env: Record<string, string> = {},
  names: ClusterNames = newClusterNames(),
  ports: number[] = [],
): Promise<ServerNodeHandle[]> {
  const services = inject("services");
  const first = await startServerNode({
    services,
    ...names,
    port: ports[0],
    env: { SEED_DEMO: "true", SEED_DEMO_SCOPE: "core", ...env },
  });
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, (_, i) => startServerNode({ services, ...names, port: ports[i + 1], env })),
  );
  return [first, ...rest];
}

export async function stopAll(nodes: ServerNodeHandle[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.stop()));
}

/** One server node for a test file, started before its tests and stopped after them. */
export function nodeForFile(env: Record<string, string> = {}): { readonly url: string } {
  let node: ServerNodeHandle | undefined;
  beforeAll(async () => {
    [node] = await startCluster(1, env);
  }, 120_000);
  afterAll(() => stopAll(node ? [node] : []));
  return {
    get url() {
      if (!node) throw new Error("the file's node has not started");
      return node.url;
    },
  };
}

export function loginDemo(baseUrl: string, role: "admin" | "instructor"): Promise<TestAccount> {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role}`);
  return login(baseUrl, user.email, DEMO_PASSWORD);
}
