/**
 * Applies one learner's XP entries to their boards, in chain order, exactly once each. The learner's
 * applied position is kept beside the boards and moved in the same script, so a retried, duplicated
 * or reordered call changes nothing twice; an entry after a gap stops the script until the gap is
 * filled. While a rebuild holds the lock, only the rebuild's own calls (with its token) apply.
 *
 * KEYS: applied position, rebuild lock, then every entry's boards in order.
 * ARGV: token, member, entry count, then per entry: seq, amount, board count, that many expiry times
 * (Unix seconds, 0 = keep). Returns { 1 | 0 (locked), position before, position after }.
 */
export const APPLY_XP_SCRIPT = `
local before = tonumber(redis.call('GET', KEYS[1]) or '0')
local lock = redis.call('GET', KEYS[2])
if lock and lock ~= ARGV[1] then return {0, before, before} end
local position = before
local arg = 4
local key = 3
for _ = 1, tonumber(ARGV[3]) do
  local seq = tonumber(ARGV[arg])
  local amount = ARGV[arg + 1]
  local boards = tonumber(ARGV[arg + 2])
  arg = arg + 3
  if seq > position + 1 then break end
  for b = 0, boards - 1 do
    if seq == position + 1 then
      redis.call('ZINCRBY', KEYS[key + b], amount, ARGV[2])
      local expires = tonumber(ARGV[arg + b])
      if expires > 0 then redis.call('EXPIREAT', KEYS[key + b], expires) end
    end
  end
  if seq == position + 1 then position = seq end
  arg = arg + boards
  key = key + boards
end
if position ~= before then redis.call('SET', KEYS[1], position) end
return {1, before, position}
`;

/** Deletes the rebuild lock only if it is still ours (it may have expired and been taken). */
export const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
