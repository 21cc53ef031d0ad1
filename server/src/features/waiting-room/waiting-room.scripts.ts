/**
 * Lua for admissions; each script moves a learner between waiting, admitted and refused atomically,
 * so a learner joining on one node while the instructor decides on another ends up in one place.
 * KEYS for all: waiting, names, admitted, refused (waiting-room.keys.ts).
 */

/**
 * A learner asks to join. ARGV: mode, userId, displayName, ttlMs. Answers `refused`, `admitted`,
 * `locked`, `waiting` (already in the list) or `queued` (just added to it). A refusal and an
 * admission hold whatever the mode; the mode decides only for learners not decided yet.
 */
export const ENTER_SCRIPT = `
local mode, user = ARGV[1], ARGV[2]
if redis.call('SISMEMBER', KEYS[4], user) == 1 then return 'refused' end
if redis.call('SISMEMBER', KEYS[3], user) == 1 then return 'admitted' end
if mode == 'open' then
  redis.call('SADD', KEYS[3], user)
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
  return 'admitted'
end
if mode == 'locked' then return 'locked' end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local added = redis.call('ZADD', KEYS[1], 'NX', now, user)
redis.call('HSET', KEYS[2], user, ARGV[3])
for i = 1, 2 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
if added == 1 then return 'queued' end
return 'waiting'
`;

/** The instructor decides about one waiting learner. ARGV: userId, admit (1/0), ttlMs. Answers 0 when they were not waiting. */
export const DECIDE_SCRIPT = `
local user = ARGV[1]
if redis.call('ZREM', KEYS[1], user) == 0 then return 0 end
redis.call('HDEL', KEYS[2], user)
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[3], user)
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
else
  redis.call('SADD', KEYS[4], user)
  redis.call('PEXPIRE', KEYS[4], ARGV[3])
end
return 1
`;

/** Admits everyone waiting. ARGV: ttlMs. Answers the ids admitted. */
export const ADMIT_ALL_SCRIPT = `
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do redis.call('SADD', KEYS[3], id) end
if #ids > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[1]) end
redis.call('DEL', KEYS[1], KEYS[2])
return ids
`;
