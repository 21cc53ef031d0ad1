import { describe, expect, it } from "vitest";
import { ferretdbArgs, mongodArgs, postgresArgs, redisArgs, stripeMockArgs, versitygwArgs, versitygwEnv } from "./args";

const location = { port: 4321, dataDir: "/data/x" };

describe("service arguments", () => {
  it("keeps redis on loopback with an append-only file in the data dir", () => {
    const args = redisArgs(location);
    expect(args.slice(0, 6)).toEqual(["--port", "4321", "--bind", "127.0.0.1", "--dir", "/data/x"]);
    expect(args).toContain("--appendonly");
    expect(args[args.indexOf("--appendonly") + 1]).toBe("yes");
    expect(args[args.indexOf("--save") + 1]).toBe("");
  });

  it("points mongod at the data dir on loopback", () => {
    expect(mongodArgs(location)).toEqual(["--dbpath", "/data/x", "--port", "4321", "--bind_ip", "127.0.0.1"]);
  });

  it("runs FerretDB on SQLite without debug listener or telemetry", () => {
    const args = ferretdbArgs(location);
    expect(args).toContain("--handler=sqlite");
    expect(args).toContain("--sqlite-url=file:/data/x/");
    expect(args).toContain("--listen-addr=127.0.0.1:4321");
    expect(args).toContain("--state-dir=/data/x");
    expect(args).toContain("--debug-addr=-");
    expect(args).toContain("--telemetry=disable");
  });

  it("runs FerretDB on PostgreSQL with its state file in the data dir", () => {
    const args = ferretdbArgs(location, { backend: "postgresql", url: "postgres://ferretdb@127.0.0.1:5/postgres" });
    expect(args).toContain("--handler=postgresql");
    expect(args).toContain("--postgresql-url=postgres://ferretdb@127.0.0.1:5/postgres");
    expect(args.some((arg) => arg.startsWith("--sqlite-url"))).toBe(false);
    expect(args).toContain("--state-dir=/data/x");
  });

  it("keeps PostgreSQL on loopback with its socket in the cluster, flushing only when durable", () => {
    const durable = postgresArgs(location, true);
    expect(durable.slice(0, 4)).toEqual(["-D", "/data/x", "-p", "4321"]);
    expect(durable).toContain("listen_addresses=127.0.0.1");
    expect(durable).toContain("unix_socket_directories=/data/x");
    expect(durable).not.toContain("fsync=off");
    expect(postgresArgs(location, false)).toContain("fsync=off");
  });

  it("puts versitygw's global flags before the posix backend and keys only in env", () => {
    const args = versitygwArgs(location);
    expect(args).toEqual([
      "--port",
      "127.0.0.1:4321",
      "--iam-dir",
      "/data/x/iam",
      "--cors-allow-origin",
      "*",
      "--quiet",
      "posix",
      "/data/x/buckets",
    ]);
    expect(args.join(" ")).not.toContain("secret");
    expect(versitygwEnv({ accessKeyId: "AK", secretAccessKey: "secret" })).toEqual({
      ROOT_ACCESS_KEY: "AK",
      ROOT_SECRET_KEY: "secret",
    });
  });

  it("keeps stripe-mock on loopback and strict about the API version", () => {
    expect(stripeMockArgs(location)).toEqual([
      "-http-addr",
      "127.0.0.1:4321",
      "-https-addr",
      "127.0.0.1:",
      "-strict-version-check",
    ]);
  });
});
