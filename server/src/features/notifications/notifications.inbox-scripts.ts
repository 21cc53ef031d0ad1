/**
 * Lua for the inbox read model (notifications.inbox.ts), each run atomically. Every script takes the
 * same KEYS — 1 changes, 2 inbox state, 3 order, 4 items, 5 unread — and refreshes their TTL
 * (ARGV[1]). Writes count themselves in KEYS[1] first, whether or not the inbox is built, so a
 * rebuild that read the database around them does not store what it read.
 */
const KEEP = `
local function keep(ttl)
  for i = 1, 5 do redis.call('EXPIRE', KEYS[i], ttl) end
end
local function markRead(id, at)
  local item = cjson.decode(redis.call('HGET', KEYS[4], id))
  item['readAt'] = at
  redis.call('HSET', KEYS[4], id, cjson.encode(item))
end
`;

/**
 * New notifications. ARGV: ttl, window, then id, view pairs. Adding an id the window holds is a no-op,
 * so a notification a rebuild already read is not counted twice; the oldest past the window leave it,
 * and the unread among them are counted in `olderUnread`.
 */
export const ADD = `${KEEP}
redis.call('INCR', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  for i = 3, #ARGV, 2 do
    if redis.call('ZADD', KEYS[3], 'NX', 0, ARGV[i]) == 1 then
      redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
      redis.call('SADD', KEYS[5], ARGV[i])
    end
  end
  local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[2])
  if over > 0 then
    for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, over - 1)) do
      redis.call('ZREM', KEYS[3], id)
      redis.call('HDEL', KEYS[4], id)
      if redis.call('SREM', KEYS[5], id) == 1 then redis.call('HINCRBY', KEYS[2], 'olderUnread', 1) end
    end
  end
end
keep(ARGV[1])
return 0
`;

/**
 * Some notifications read. ARGV: ttl, readAt, ids. One below the window while older ones are unread
 * may be one of them, which the window cannot tell: the inbox is dropped and rebuilt on the next read.
 */
export const READ = `${KEEP}
redis.call('INCR', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
  local olderUnread = tonumber(redis.call('HGET', KEYS[2], 'olderUnread')) or 0
  for i = 3, #ARGV do
    if redis.call('SREM', KEYS[5], ARGV[i]) == 1 then
      markRead(ARGV[i], ARGV[2])
    elseif olderUnread > 0 and (oldest == nil or ARGV[i] < oldest) then
      redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
      break
    end
  end
end
keep(ARGV[1])
return 0
`;

/**
 * Every notification up to a cutoff id read. ARGV: ttl, readAt, cutoff. Later ones (created while the
 * database was being updated) stay unread, as they do in the database.
 */
export const READ_ALL = `${KEEP}
redis.call('INCR', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  for _, id in ipairs(redis.call('SMEMBERS', KEYS[5])) do
    if id <= ARGV[3] then
      redis.call('SREM', KEYS[5], id)
      markRead(id, ARGV[2])
    end
  end
  redis.call('HSET', KEYS[2], 'olderUnread', 0)
end
keep(ARGV[1])
return 0
`;

/**
 * The inbox as read from the database, stored only if nothing changed since the read began.
 * ARGV: ttl, changes seen before the read, olderUnread, then id, view, unread ("1"/"0") triples.
 * Returns 1 when stored.
 */
export const REBUILD = `${KEEP}
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call('HSET', KEYS[2], 'olderUnread', ARGV[3])
for i = 4, #ARGV, 3 do
  redis.call('ZADD', KEYS[3], 0, ARGV[i])
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  if ARGV[i + 2] == '1' then redis.call('SADD', KEYS[5], ARGV[i]) end
end
keep(ARGV[1])
return 1
`;

/**
 * Up to ARGV[3] notifications older than the cursor id ARGV[2] ("" for the newest), or nil when the
 * inbox is not built. Returns {unread, window size, ids, views}.
 */
export const SLICE = `${KEEP}
if redis.call('EXISTS', KEYS[2]) == 0 then return nil end
local unread = (tonumber(redis.call('HGET', KEYS[2], 'olderUnread')) or 0) + redis.call('SCARD', KEYS[5])
local max = '+'
if ARGV[2] ~= '' then max = '(' .. ARGV[2] end
local ids = redis.call('ZREVRANGEBYLEX', KEYS[3], max, '-', 'LIMIT', 0, tonumber(ARGV[3]))
local views = {}
if #ids > 0 then views = redis.call('HMGET', KEYS[4], unpack(ids)) end
local size = redis.call('ZCARD', KEYS[3])
keep(ARGV[1])
return {unread, size, ids, views}
`;
