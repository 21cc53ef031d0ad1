import { join } from "node:path";

/** Where a service listens and keeps its data. */
export interface ServiceLocation {
  port: number;
  dataDir: string;
}

/** redis-server on loopback with an append-only file in `dataDir`, so data survives a restart. */
export function redisArgs({ port, dataDir }: ServiceLocation): string[] {
  return [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dataDir,
    "--appendonly",
    "yes",
    // The AOF is the persistence; RDB snapshots would only add disk writes.
    "--save",
    "",
    "--daemonize",
    "no",
    "--logfile",
    "",
  ];
}

/** mongod on loopback with its database files in `dataDir`. */
export function mongodArgs({ port, dataDir }: ServiceLocation): string[] {
  return ["--dbpath", dataDir, "--port", String(port), "--bind_ip", "127.0.0.1"];
}

/** Where FerretDB keeps its data: SQLite files, or a PostgreSQL database. */
export type FerretStorage = { backend: "sqlite" } | { backend: "postgresql"; url: string };

/**
 * FerretDB 1.x on SQLite files in `dataDir` or on PostgreSQL; its state file stays in `dataDir`. The
 * debug listener defaults to a fixed port that would collide between instances, so it is turned off;
 * telemetry would try to reach the internet.
 */
export function ferretdbArgs(
  { port, dataDir }: ServiceLocation,
  storage: FerretStorage = { backend: "sqlite" },
): string[] {
  const backend =
    storage.backend === "sqlite"
      ? ["--handler=sqlite", `--sqlite-url=file:${dataDir}/`]
      : ["--handler=postgresql", `--postgresql-url=${storage.url}`];
  return [
    ...backend,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${dataDir}`,
    "--telemetry=disable",
    "--debug-addr=-",
    "--log-level=warn",
  ];
}

/**
 * PostgreSQL on loopback TCP, its Unix socket in the cluster directory rather than the shared
 * /var/run/postgresql. A throwaway cluster (tests) skips the flushes that only protect against a
 * machine crash; the data of `npm start` keeps them.
 */
export function postgresArgs({ port, dataDir }: ServiceLocation, durable: boolean): string[] {
  const settings = [
    "listen_addresses=127.0.0.1",
    `unix_socket_directories=${dataDir}`,
    "max_connections=200",
    ...(durable ? [] : ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]),
  ];
  return ["-D", dataDir, "-p", String(port), ...settings.flatMap((setting) => ["-c", setting])];
}

/** The two directories Versity Gateway's POSIX backend needs under `dataDir`. */
export function versitygwDirs(dataDir: string): { iam: string; buckets: string } {
  return { iam: join(dataDir, "iam"), buckets: join(dataDir, "buckets") };
}

/**
 * Versity Gateway with internal IAM and one directory per bucket; request logging off. Browsers
 * upload straight to it with presigned POSTs from the app's origin, whatever port that is, so
 * buckets without a CORS configuration of their own answer any origin (signatures still decide).
 */
export function versitygwArgs({ port, dataDir }: ServiceLocation): string[] {
  const dirs = versitygwDirs(dataDir);
  return [
    "--port",
    `127.0.0.1:${port}`,
    "--iam-dir",
    dirs.iam,
    "--cors-allow-origin",
    "*",
    "--quiet",
    "posix",
    dirs.buckets,
  ];
}

/** The root credentials go through the environment, not argv, so `ps` does not show the secret. */
export function versitygwEnv(keys: { accessKeyId: string; secretAccessKey: string }): Record<string, string> {
  return { ROOT_ACCESS_KEY: keys.accessKeyId, ROOT_SECRET_KEY: keys.secretAccessKey };
}

/**
 * stripe-mock on loopback; requests in an API version other than its own are refused, so drift
 * shows at once. `-http-addr` alone still opens HTTPS on the fixed port 12112, which collides
 * between instances, so HTTPS gets a free loopback port of its own (unused).
 */
export function stripeMockArgs({ port }: Pick<ServiceLocation, "port">): string[] {
  return ["-http-addr", `127.0.0.1:${port}`, "-https-addr", "127.0.0.1:", "-strict-version-check"];
}
