/**
 * Lua for the class timer, run atomically on Redis's clock (`TIME`), so every node computes the same
 * deadline and two instructors pausing at once pause it once.
 *
 * KEYS: the timer hash. ARGV: command (`read`, `start`, `pause`, `resume`), ttlMs, then for `start`
 * the duration in ms and the label. Answers the timer as JSON with the server's `now`, or nil when
 * there is none (or, for `pause`/`resume`, when there was none to act on).
 */
export const CLASS_TIMER_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cmd = ARGV[1]
local function get(field) return redis.call('HGET', KEYS[1], field) end

if cmd == 'start' then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'status', 'running', 'label', ARGV[4], 'durationMs', ARGV[3],
    'endsAt', now + tonumber(ARGV[3]), 'remainingMs', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end

-- Ran out while nobody looked: it is done, at zero.
if get('status') == 'running' and tonumber(get('endsAt')) <= now then
  redis.call('HSET', KEYS[1], 'status', 'done', 'remainingMs', 0)
end
if cmd == 'pause' and get('status') == 'running' then
  redis.call('HSET', KEYS[1], 'status', 'paused', 'remainingMs', tonumber(get('endsAt')) - now)
elseif cmd == 'resume' and get('status') == 'paused' then
  redis.call('HSET', KEYS[1], 'status', 'running', 'endsAt', now + tonumber(get('remainingMs')))
end

local status = get('status')
local endsAt = cjson.null
local remaining = tonumber(get('remainingMs'))
if status == 'running' then
  endsAt = tonumber(get('endsAt'))
  remaining = endsAt - now
end
return cjson.encode({
  status = status, label = get('label'), durationMs = tonumber(get('durationMs')),
  endsAt = endsAt, remainingMs = remaining, serverNow = now,
})
`;
