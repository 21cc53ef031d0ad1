/**
 * Lua for the focus timer. Each script runs atomically and reads the time with Redis's `TIME`, so
 * every node (and every tab behind it) computes the same remaining time from one clock, and two
 * finishes of one session cannot both take it.
 *
 * The timer hash holds: sessionId, subjectId, startedAt, focusMs, accumulatedMs (focused before the
 * current run) and runningSince (empty while paused). Every script answers
 * [sessionId, subjectId, startedAt, focusMs, focusedMs, running (1|0), now] or nil.
 */

const PRELUDE = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function focused(now)
  local acc = tonumber(redis.call('HGET', KEYS[1], 'accumulatedMs'))
  local since = redis.call('HGET', KEYS[1], 'runningSince')
  if since and since ~= '' then acc = acc + (now - tonumber(since)) end
  return math.min(acc, tonumber(redis.call('HGET', KEYS[1], 'focusMs')))
end
local function view(now)
  local f = redis.call('HMGET', KEYS[1], 'sessionId', 'subjectId', 'startedAt', 'focusMs', 'runningSince')
  local running = 0
  if f[5] and f[5] ~= '' then running = 1 end
  return { f[1], f[2], f[3], f[4], tostring(focused(now)), running, tostring(now) }
end
local function mine()
  return redis.call('HGET', KEYS[1], 'sessionId') == ARGV[1]
end
`;

/** ARGV: sessionId, subjectId, focusMs, ttlMs. Starts unless a timer exists; answers the timer there is. */
const START = `
local now = nowMs()
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'sessionId', ARGV[1], 'subjectId', ARGV[2], 'startedAt', now,
    'focusMs', ARGV[3], 'accumulatedMs', 0, 'runningSince', now)
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return view(now)
`;

/** ARGV: sessionId, ttlMs. */
const PAUSE = `
if not mine() then return nil end
local now = nowMs()
redis.call('HSET', KEYS[1], 'accumulatedMs', focused(now), 'runningSince', '')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return view(now)
`;

/** ARGV: sessionId, ttlMs. */
const RESUME = `
if not mine() then return nil end
local now = nowMs()
if redis.call('HGET', KEYS[1], 'runningSince') == '' then redis.call('HSET', KEYS[1], 'runningSince', now) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return view(now)
`;

/** No ARGV. */
const READ = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
return view(nowMs())
`;

/**
 * KEYS: timer, finished, creditedOnDay. ARGV: sessionId, capMinutes, alreadyCreditedMinutes (from
 * the day's stored summary, in case Redis lost its counter), keepMs. Takes the timer, credits whole
 * minutes within what is left of the day's cap, and records the outcome under \`finished\` so that a
 * repeated finish answers the same. Answers [focusedMs, minutes, credited, startedAt, endedAt] or nil.
 */
const FINISH = `
if not mine() then return nil end
local now = nowMs()
local focusedMs = focused(now)
local startedAt = redis.call('HGET', KEYS[1], 'startedAt')
local minutes = math.floor(focusedMs / 60000)
local used = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), tonumber(ARGV[3]))
local credited = math.max(0, math.min(minutes, tonumber(ARGV[2]) - used))
redis.call('SET', KEYS[3], used + credited, 'PX', ARGV[4])
redis.call('HSET', KEYS[2], 'focusedMs', focusedMs, 'minutes', minutes, 'credited', credited,
  'startedAt', startedAt, 'endedAt', now, 'subjectId', redis.call('HGET', KEYS[1], 'subjectId'))
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('DEL', KEYS[1])
return { tostring(focusedMs), minutes, credited, startedAt, tostring(now) }
`;

/**
 * KEYS: creditedOnDay. ARGV: minutes, capMinutes, alreadyCreditedMinutes, keepMs. Credits focus
 * done with a study room's timer within what is left of the day's cap; answers the minutes credited.
 */
const CREDIT = `
local used = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(ARGV[3]))
local credited = math.max(0, math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - used))
redis.call('SET', KEYS[1], used + credited, 'PX', ARGV[4])
return credited
`;

export const focusScripts = {
  credit: CREDIT,
  start: PRELUDE + START,
  pause: PRELUDE + PAUSE,
  resume: PRELUDE + RESUME,
  read: PRELUDE + READ,
  finish: PRELUDE + FINISH,
};
