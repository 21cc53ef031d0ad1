import { createHash } from "node:crypto";
import type { RedisClient } from "../../platform/redis";

/**
 * Lua for presence. Each script runs atomically, so a socket's join or leave, a heartbeat and a
 * sweep never interleave: whoever removes a user's last entry in a room is the only one that can
 * report the departure. Every script reads the time with `TIME` (Redis 7 replicates script
 * effects, so this is allowed), which gives all nodes one clock even across machines.
 *
 * Keys are always `room`, `order`, `rooms` from `presence.keys.ts`. Finding a user's entries
 * scans the room's set: O(room size), which is small for a classroom and keeps one set per room.
 */

const PRELUDE = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function startsWith(s, prefix)
  return string.sub(s, 1, #prefix) == prefix
end
local function userOf(member)
  return string.match(member, '^([^|]*)|')
end
local function expireAll(keyTtlMs)
  redis.call('PEXPIRE', KEYS[1], keyTtlMs)
  redis.call('PEXPIRE', KEYS[2], keyTtlMs)
  redis.call('PEXPIRE', KEYS[3], keyTtlMs)
end
local function dropIfEmpty(roomId)
  if redis.call('ZCARD', KEYS[1]) == 0 then
    redis.call('SREM', KEYS[3], roomId)
    redis.call('DEL', KEYS[2])
  end
end
`;

/**
 * ARGV: member, userPrefix, roomId, ttlMs, keyTtlMs. Returns 1 when the user had no live entry in
 * the room before this one (the socket's own earlier live entry counts: a repeated join is not first).
 */
const JOIN = `
local now = nowMs()
local cutoff = now - tonumber(ARGV[4])
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local first = 1
for i = 1, #entries, 2 do
  if startsWith(entries[i], ARGV[2]) and tonumber(entries[i + 1]) > cutoff then
    first = 0
    break
  end
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1])
redis.call('SADD', KEYS[3], ARGV[3])
expireAll(ARGV[5])
return first
`;

/**
 * ARGV: socketPrefix, userPrefix, roomId, ttlMs. Removes the socket's entry (written by any node)
 * and the user's expired entries, whose departure nobody has reported yet. Returns 1 when it
 * removed something and the user has no live entry left: this caller reports the departure.
 */
const LEAVE = `
local cutoff = nowMs() - tonumber(ARGV[4])
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local removed, live = 0, 0
for i = 1, #entries, 2 do
  local member = entries[i]
  if startsWith(member, ARGV[2]) then
    if startsWith(member, ARGV[1]) or tonumber(entries[i + 1]) <= cutoff then
      redis.call('ZREM', KEYS[1], member)
      redis.call('ZREM', KEYS[2], member)
      removed = removed + 1
    else
      live = live + 1
    end
  end
end
dropIfEmpty(ARGV[3])
if removed > 0 and live == 0 then return 1 end
return 0
`;

/** ARGV: roomId, members… Removes exactly these entries and reports nothing (clean shutdown). */
const REMOVE = `
for i = 2, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
  redis.call('ZREM', KEYS[2], ARGV[i])
end
dropIfEmpty(ARGV[1])
return 0
`;

/**
 * ARGV: roomId, keyTtlMs, members… Re-scores the entries that still exist and returns the ones
 * that do not (a sweep or a leave from another node removed them; they stay removed).
 */
const HEARTBEAT = `
local now = nowMs()
local missing = {}
for i = 3, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', now, ARGV[i])
  else
    table.insert(missing, ARGV[i])
  end
end
if #missing < #ARGV - 2 then
  redis.call('SADD', KEYS[3], ARGV[1])
  expireAll(ARGV[2])
end
return missing
`;

/**
 * ARGV: roomId, ttlMs. Removes every expired entry and returns the users left with no live entry:
 * each such departure is returned by exactly one sweep in the cluster.
 */
const SWEEP = `
local cutoff = nowMs() - tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', cutoff)
local gone = {}
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  local seen, candidates = {}, {}
  for _, member in ipairs(expired) do
    redis.call('ZREM', KEYS[2], member)
    local user = userOf(member)
    if user and not seen[user] then
      seen[user] = true
      table.insert(candidates, user)
    end
  end
  local present = {}
  for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    local user = userOf(member)
    if user then present[user] = true end
  end
  for _, user in ipairs(candidates) do
    if not present[user] then table.insert(gone, user) end
  end
end
dropIfEmpty(ARGV[1])
return gone
`;

/** ARGV: ttlMs. Distinct users with a live entry, ordered by their earliest live entry's join. */
const ONLINE = `
local cutoff = nowMs() - tonumber(ARGV[1])
local seen, users = {}, {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local score = redis.call('ZSCORE', KEYS[1], member)
  if score and tonumber(score) > cutoff then
    local user = userOf(member)
    if user and not seen[user] then
      seen[user] = true
      table.insert(users, user)
    end
  end
end
return users
`;

type Arg = string | number;

/** A script run by its SHA, loaded on the first NOSCRIPT (after a Redis restart or on a new server). */
class LuaScript {
  private readonly source: string;
  private readonly sha: string;

  constructor(body: string) {
    this.source = PRELUDE + body;
    this.sha = createHash("sha1").update(this.source).digest("hex");
  }

  async run(redis: RedisClient, keys: readonly string[], args: readonly Arg[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

export const presenceScripts = {
  join: new LuaScript(JOIN),
  leave: new LuaScript(LEAVE),
  remove: new LuaScript(REMOVE),
  heartbeat: new LuaScript(HEARTBEAT),
  sweep: new LuaScript(SWEEP),
  online: new LuaScript(ONLINE),
};
