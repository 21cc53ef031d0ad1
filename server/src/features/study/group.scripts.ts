/**
 * Lua for a study room's shared pomodoro. One script, run atomically on Redis's clock, brings the
 * timer up to date (phases that ended since it was last read advance, each completed focus phase is
 * credited to the members focusing then) and applies one command, so members on different nodes
 * never see two versions of the room's timer.
 *
 * KEYS: timer hash, focusing set, today's minutes hash. ARGV: command, ttlMs, then for `start` the
 * member and lengths (focusMs, breakMs, longBreakMs, longBreakEvery), for `join`/`leave` the member.
 * Answers the timer as JSON (with `changed`: 1 when something moved, and the focus phases it
 * completed), or nil when none exists. A phase completes in exactly one call, so its credit is
 * handed out once.
 */
export const GROUP_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cmd = ARGV[1]
local changed = 0
-- Focus phases completed by this call: when each ended, its minutes, and who focused in it.
local completed = {}
local function get(field) return redis.call('HGET', KEYS[1], field) end
local function num(field) return tonumber(get(field)) end

if cmd == 'start' and redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'phase', 'focus', 'status', 'running', 'cycle', 0, 'phaseMs', ARGV[4],
    'endsAt', now + tonumber(ARGV[4]), 'remainingMs', ARGV[4], 'focusMs', ARGV[4], 'breakMs', ARGV[5],
    'longBreakMs', ARGV[6], 'longBreakEvery', ARGV[7])
  redis.call('SADD', KEYS[2], ARGV[3])
  changed = 1
end
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end

-- Ends the current phase at \`at\`: a focus phase completed (credit = 1) counts for the members focusing.
local function advance(at, credit)
  if get('phase') == 'focus' then
    local cycle = num('cycle') + 1
    redis.call('HSET', KEYS[1], 'cycle', cycle)
    if credit == 1 then
      local minutes = math.floor(num('focusMs') / 60000)
      local members = redis.call('SMEMBERS', KEYS[2])
      for _, member in ipairs(members) do
        redis.call('HINCRBY', KEYS[3], member, minutes)
      end
      redis.call('PEXPIRE', KEYS[3], 2 * 86400000)
      if #members > 0 then
        table.insert(completed, { endedAt = at, minutes = minutes, members = members })
      end
    end
    if cycle % num('longBreakEvery') == 0 then
      redis.call('HSET', KEYS[1], 'phase', 'long_break', 'phaseMs', get('longBreakMs'))
    else
      redis.call('HSET', KEYS[1], 'phase', 'break', 'phaseMs', get('breakMs'))
    end
  else
    redis.call('HSET', KEYS[1], 'phase', 'focus', 'phaseMs', get('focusMs'))
  end
  redis.call('HSET', KEYS[1], 'endsAt', at + num('phaseMs'), 'remainingMs', get('phaseMs'))
  changed = 1
end

-- Phases that ended while nobody looked; bounded, so a timer left running for days stops.
local steps = 0
while get('status') == 'running' and num('endsAt') <= now do
  advance(num('endsAt'), 1)
  steps = steps + 1
  if steps > 100 then
    redis.call('HSET', KEYS[1], 'status', 'paused', 'remainingMs', get('phaseMs'))
    break
  end
end

if cmd == 'pause' and get('status') == 'running' then
  redis.call('HSET', KEYS[1], 'status', 'paused', 'remainingMs', num('endsAt') - now)
  changed = 1
elseif cmd == 'resume' and get('status') == 'paused' then
  redis.call('HSET', KEYS[1], 'status', 'running', 'endsAt', now + num('remainingMs'))
  changed = 1
elseif cmd == 'skip' then
  advance(now, 0)
  if get('status') == 'paused' then redis.call('HSET', KEYS[1], 'remainingMs', get('phaseMs')) end
elseif cmd == 'join' then
  changed = math.max(changed, redis.call('SADD', KEYS[2], ARGV[3]))
elseif cmd == 'leave' then
  changed = math.max(changed, redis.call('SREM', KEYS[2], ARGV[3]))
end
if changed == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end

local running = get('status') == 'running'
local remaining = num('remainingMs')
local endsAt = cjson.null
if running then
  endsAt = num('endsAt')
  remaining = endsAt - now
end
local today = redis.call('HGETALL', KEYS[3])
local minutes, total = {}, 0
for i = 1, #today, 2 do
  minutes[today[i]] = tonumber(today[i + 1])
  total = total + tonumber(today[i + 1])
end
local focusing = redis.call('SMEMBERS', KEYS[2])
return cjson.encode({
  changed = changed, phase = get('phase'), status = get('status'), cycle = num('cycle'),
  phaseMs = num('phaseMs'), endsAt = endsAt, remainingMs = remaining, serverNow = now,
  focusing = focusing, todayMinutes = minutes, todayTotalMinutes = total, completed = completed,
})
`;
