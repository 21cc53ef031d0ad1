/**
 * The live quiz's state changes, each one Lua script so it happens once however many nodes try it
 * at the same moment. Times are the server's epoch milliseconds, read from Redis (`TIME`) by the
 * caller: one clock for deadlines and answers, whichever node serves whom.
 */

/**
 * Opens a new session in a room, unless another one took the room since the caller looked.
 * KEYS: room pointer, new session. ARGV: the pointer's expected value ('' for none), new id, TTL
 * (seconds), then the session's field/value pairs. Returns 1, or 0 when the pointer moved.
 */
export const LAUNCH_SCRIPT = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

/**
 * Asks the next question: from the lobby or a reveal only, so a double click cannot skip one.
 * KEYS: session, due set. ARGV: now, session id.
 * Returns { index, deadline }, or { -1 } when no question may start now, { -2 } after the last one.
 */
export const NEXT_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'lobby' and status ~= 'reveal' then return {-1} end
local index = tonumber(redis.call('HGET', KEYS[1], 'index')) + 1
if index >= tonumber(redis.call('HGET', KEYS[1], 'total')) then return {-2} end
local deadline = tonumber(ARGV[1]) + tonumber(redis.call('HGET', KEYS[1], 'limitMs'))
redis.call('HSET', KEYS[1], 'status', 'question', 'index', index, 'deadline', deadline)
redis.call('ZADD', KEYS[2], deadline, 'reveal|' .. ARGV[2] .. '|' .. index)
return {index, deadline}
`;

/**
 * Keeps a learner's first answer to the open question, if it came in time.
 * KEYS: session, answers, points, scores, names, joined. ARGV: index, now, user id, answer JSON,
 * points, display name, TTL. Returns 1 (kept), 0 (they had answered already), -1 (not open), -2 (too late).
 */
export const ANSWER_SCRIPT = `
if redis.call('HGET', KEYS[1], 'status') ~= 'question' or redis.call('HGET', KEYS[1], 'index') ~= ARGV[1] then
  return -1
end
if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], 'deadline')) then return -2 end
if redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[4]) == 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[3], ARGV[5])
redis.call('ZADD', KEYS[4], 'NX', 0, ARGV[3])
redis.call('HSET', KEYS[5], ARGV[3], ARGV[6])
redis.call('SADD', KEYS[6], ARGV[3])
for i = 2, 6 do redis.call('EXPIRE', KEYS[i], ARGV[7]) end
return 1
`;

/**
 * Closes question `index` and adds its points to the scores, once: only the call that finds it open
 * does anything. A right answer always earns points, so points above 0 count as a right answer.
 * KEYS: session, points, scores, correct, due set. ARGV: index, session id, TTL. Returns 1 or 0.
 */
export const REVEAL_SCRIPT = `
if redis.call('HGET', KEYS[1], 'status') ~= 'question' or redis.call('HGET', KEYS[1], 'index') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'reveal')
local points = redis.call('HGETALL', KEYS[2])
for i = 1, #points, 2 do
  local earned = tonumber(points[i + 1])
  redis.call('ZINCRBY', KEYS[3], earned, points[i])
  if earned > 0 then redis.call('HINCRBY', KEYS[4], points[i], 1) end
end
redis.call('EXPIRE', KEYS[4], ARGV[3])
redis.call('ZREM', KEYS[5], 'reveal|' .. ARGV[2] .. '|' .. ARGV[1])
return 1
`;

/**
 * Ends a session that is not in the middle of a question, and books its results to be stored.
 * KEYS: session, due set. ARGV: session id, when a sweep should store the results should the
 * ender die first. Returns 1 (ended now), 0 (had ended), -1 (no such session), -2 (a question is open).
 */
export const END_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if status == 'ended' then return 0 end
if status == 'question' then return -2 end
redis.call('HSET', KEYS[1], 'status', 'ended')
redis.call('ZADD', KEYS[2], ARGV[2], 'finalize|' .. ARGV[1])
return 1
`;

/**
 * Takes a due entry for one node: only if it is still due, it is pushed back by the grace period,
 * so the other nodes' sweeps leave it alone while this one works (and retry should this one die).
 * KEYS: due set. ARGV: entry, now, grace (ms). Returns 1 when taken.
 */
export const CLAIM_SCRIPT = `
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not due or tonumber(due) > tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[1])
return 1
`;
