/** Lua for polls: each checks the poll's status and acts in one step, whichever node runs it. */

/**
 * Makes `pollId` the room's current poll unless the room's pointer moved off `expected` meanwhile.
 * KEYS: room pointer. ARGV: expected ('' for none), pollId, ttlMs. Answers 1 when it did.
 */
export const POINT_SCRIPT = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

/**
 * Keeps a learner's answer while the poll is open, replacing their earlier one.
 * KEYS: poll, answers, names. ARGV: userId, answer JSON, display name ('' for an anonymous poll), ttlMs.
 * Answers 1 when kept, 0 when the poll is closed or gone.
 */
export const ANSWER_SCRIPT = `
if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
end
return 1
`;

/** Closes the poll at Redis's time. KEYS: poll. Answers 1 for the call that closed it, 0 after, -1 when gone. */
export const CLOSE_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if status ~= 'open' then return 0 end
local t = redis.call('TIME')
redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
return 1
`;
