import type { Command } from "ioredis";
import type { Connection } from "mongoose";
import type { Counter, Histogram } from "prom-client";
import type { AppServer } from "../../platform/realtime";
import type { RedisClient } from "../../platform/redis";

/** Commands that name no collection (handshakes, pings, sessions) are counted under this. */
const NO_COLLECTION = "-";

/**
 * Times every database command through the driver's command monitoring, which also sees the
 * commands mongoose does not (a model's `collection.insertMany`). The collection is read off the
 * started event, the only one that carries the command itself.
 */
export function observeMongo(
  client: ReturnType<Connection["getClient"]>,
  seconds: Histogram<"collection" | "command">,
): void {
  const collections = new Map<number, string>();
  client.on("commandStarted", (event) => {
    const target = event.command[event.commandName] ?? event.command.collection;
    collections.set(event.requestId, typeof target === "string" ? target : NO_COLLECTION);
  });
  const finished = (event: { requestId: number; commandName: string; duration: number }) => {
    const collection = collections.get(event.requestId) ?? NO_COLLECTION;
    collections.delete(event.requestId);
    seconds.observe({ collection, command: event.commandName }, event.duration / 1000);
  };
  client.on("commandSucceeded", finished);
  client.on("commandFailed", finished);
}

/**
 * Times every command a Redis connection sends, from the call to the reply (so time queued behind
 * a pipeline counts, as the caller feels it). Wrapping `sendCommand` catches pipelined and
 * auto-pipelined commands too; a command sent again after a reconnect is timed once.
 */
export function observeRedis(redis: RedisClient, seconds: Histogram<"command">): void {
  const send = redis.sendCommand.bind(redis) as (command: Command, ...rest: unknown[]) => unknown;
  const timed = new WeakSet<Command>();
  (redis as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    if (!timed.has(command)) {
      timed.add(command);
      const started = performance.now();
      const done = () => seconds.observe({ command: command.name }, (performance.now() - started) / 1000);
      command.promise.then(done, done);
    }
    return send(command, ...rest);
  };
}

/**
 * Counts what this node broadcasts to rooms and users (`io.to(...).emit`), by event. Broadcasts
 * that arrive from other nodes through the Redis adapter are theirs and are counted there.
 */
export function countBroadcasts(io: AppServer, pushes: Counter<"event">): void {
  const adapter = io.of("/").adapter;
  for (const method of ["broadcast", "broadcastWithAck"] as const) {
    const original = adapter[method].bind(adapter) as (packet: { data?: unknown[] }, ...rest: unknown[]) => void;
    (adapter as unknown as Record<string, typeof original>)[method] = (packet, ...rest) => {
      const event = packet.data?.[0];
      pushes.inc({ event: typeof event === "string" ? event : "unnamed" });
      original(packet, ...rest);
    };
  }
}
