import { describe, expect, it } from "vitest";
import { loadMediaConfig } from "./config";
import { MediaError } from "./errors";

// Any existing file stands in for the worker binary here.
const bin = process.execPath;
const redis = "redis://127.0.0.1:6379";

describe("media configuration", () => {
  it("defaults to one worker per core, the 40000-49999 RTC range on 127.0.0.1 and the chalkline: prefix", () => {
    const config = loadMediaConfig({ MEDIASOUP_WORKER_BIN: bin, MEDIA_ANNOUNCED_IP: "", REDIS_URL: redis });
    expect(config.workerCount).toBeGreaterThanOrEqual(1);
    expect(config).toMatchObject({
      rtcMinPort: 40_000,
      rtcMaxPort: 49_999,
      listenIp: "127.0.0.1",
      logLevel: "warn",
      workerBin: bin,
      redisUrl: redis,
      redisKeyPrefix: "chalkline:",
    });
    expect(config.announcedIp).toBeUndefined();
    // The class limit is the node's default; the node's follows the port range.
    expect(config.maxTransportsPerClass).toBeUndefined();
    expect(config.maxTransportsPerNode).toBe(10_000);
  });

  it("keeps an empty key prefix empty, as the server nodes do", () => {
    const config = loadMediaConfig({ MEDIASOUP_WORKER_BIN: bin, REDIS_URL: redis, REDIS_KEY_PREFIX: "" });
    expect(config.redisKeyPrefix).toBe("");
  });

  it("reads every variable", () => {
    const config = loadMediaConfig({
      MEDIASOUP_WORKER_BIN: bin,
      MEDIA_WORKERS: "3",
      RTC_MIN_PORT: "20000",
      RTC_MAX_PORT: "20100",
      MEDIA_LISTEN_IP: "0.0.0.0",
      MEDIA_ANNOUNCED_IP: "203.0.113.7",
      MEDIA_LOG_LEVEL: "debug",
      MEDIA_MAX_TRANSPORTS_PER_CLASS: "40",
      MEDIA_MAX_TRANSPORTS_PER_NODE: "90",
      MEDIA_PIPE_ANNOUNCED_IP: "10.0.0.7",
      MEDIA_NODE_ID: "media-7",
      MEDIA_DRAINING: "true",
      MEDIA_DRAIN_ON_SIGTERM: "true",
      MEDIA_DRAIN_TIMEOUT_MS: "5000",
      REDIS_URL: redis,
      REDIS_KEY_PREFIX: "staging:",
    });
    expect(config).toEqual({
      workerCount: 3,
      rtcMinPort: 20_000,
      rtcMaxPort: 20_100,
      listenIp: "0.0.0.0",
      announcedIp: "203.0.113.7",
      logLevel: "debug",
      maxTransportsPerClass: 40,
      maxTransportsPerNode: 90,
      pipeAnnouncedIp: "10.0.0.7",
      nodeId: "media-7",
      draining: true,
      drainOnSigterm: true,
      drainTimeoutMs: 5000,
      workerBin: bin,
      redisUrl: redis,
      redisKeyPrefix: "staging:",
    });
  });

  it("says what is missing or wrong, one line per variable", () => {
    let error: unknown;
    try {
      loadMediaConfig({ MEDIA_WORKERS: "0", MEDIA_LISTEN_IP: "any", MEDIA_ANNOUNCED_IP: "media.example" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MediaError);
    const message = (error as MediaError).message;
    expect((error as MediaError).code).toBe("invalid_config");
    expect(message).toMatch(/MEDIASOUP_WORKER_BIN: required: the path of the mediasoup-worker binary/);
    expect(message).toMatch(/MEDIA_WORKERS: /);
    expect(message).toMatch(/MEDIA_LISTEN_IP: an IPv4 or IPv6 address/);
    expect(message).toMatch(/MEDIA_ANNOUNCED_IP: an IPv4 or IPv6 address/);
    expect(message).toMatch(/REDIS_URL: required: a redis:\/\/ URL/);
  });

  it("rejects a worker binary that does not exist and an empty port range", () => {
    expect(() => loadMediaConfig({ MEDIASOUP_WORKER_BIN: "/nonexistent/mediasoup-worker", REDIS_URL: redis })).toThrow(
      /MEDIASOUP_WORKER_BIN: no file at \/nonexistent\/mediasoup-worker/,
    );
    expect(() =>
      loadMediaConfig({ MEDIASOUP_WORKER_BIN: bin, REDIS_URL: redis, RTC_MIN_PORT: "5000", RTC_MAX_PORT: "5000" }),
    ).toThrow(/RTC_MIN_PORT must be below RTC_MAX_PORT/);
  });

  it("in production, refuses to listen on every interface without the address browsers reach", () => {
    const everywhere = { MEDIASOUP_WORKER_BIN: bin, REDIS_URL: redis, MEDIA_LISTEN_IP: "0.0.0.0" };
    expect(() => loadMediaConfig({ ...everywhere, NODE_ENV: "production" })).toThrow(
      /MEDIA_ANNOUNCED_IP: required in production when MEDIA_LISTEN_IP is every interface/,
    );
    expect(loadMediaConfig({ ...everywhere, NODE_ENV: "production", MEDIA_ANNOUNCED_IP: "203.0.113.7" }).listenIp).toBe(
      "0.0.0.0",
    );
    expect(loadMediaConfig(everywhere).announcedIp).toBeUndefined();
  });
});
