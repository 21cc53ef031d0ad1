import { describe, expect, it } from "vitest";
import { parseRedisUrl } from "./redis";

describe("parseRedisUrl", () => {
  it("reads one redis:// URL as one server", () => {
    expect(parseRedisUrl("redis://127.0.0.1:6379/0")).toEqual({ kind: "single", url: "redis://127.0.0.1:6379/0" });
  });

  it("reads redis+cluster:// as a cluster, credentials from the first seed", () => {
    expect(parseRedisUrl("redis+cluster://u:p%40ss@a:7000,b:7001,c")).toEqual({
      kind: "cluster",
      nodes: [
        { host: "a", port: 7000 },
        { host: "b", port: 7001 },
        { host: "c", port: 6379 },
      ],
      username: "u",
      password: "p@ss",
      tls: false,
    });
  });

  it("reads several comma-separated redis:// seeds as a cluster", () => {
    expect(parseRedisUrl("rediss://:secret@a:7000, rediss://b:7001")).toEqual({
      kind: "cluster",
      nodes: [
        { host: "a", port: 7000 },
        { host: "b", port: 7001 },
      ],
      password: "secret",
      tls: true,
    });
  });
});
