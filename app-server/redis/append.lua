-- Appends room events atomically: each takes the next seq (INCR) and is added to the
-- stream under that seq as its id, with the seq written into its 1.1 payload (bytes 2 to
-- 9, big-endian), so the stream holds each event exactly as members get it live.
-- Nickname claims and releases go with the events, in the same step: a name is taken on
-- every server the moment its Joined is in the room, and free the moment its Left is.
--
-- KEYS: 1 seq, 2 events, 3 epoch, 4 names, 5 tokens, 6 tokensByKey
-- ARGV: 1 the epoch the caller serves, 2 MAXLEN (0: none), 3 server id, 4 event count,
--       5 the prefix of the servers' lease keys,
--       then per event: payload, claim key, display name, join time ms, release key
--       ('' for no claim or release), release mode ('own', 'orphan' or 'any')
-- Returns the first event's seq; the rest follow it one by one.
-- Errors, with nothing appended: 'EPOCH ...' (the room is another room now), 'TAKEN key'
-- (a claimed name is held), 'GONE key' (a released name is not the caller's to give up).
--
-- Who may give a name up: its own server ('own'); any server once the holder's lease has
-- expired and the caller reaps a dead server's members ('orphan'); any server for a kick
-- ('any'). A released name's resume token goes with it.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return redis.error_reply('EPOCH the room has another epoch')
end
local count = tonumber(ARGV[4])
local released = {}
local function mayRelease(held, mode)
  local owner = string.match(held, '^([^\n]*)\n')
  if owner == ARGV[3] or mode == 'any' then return true end
  return mode == 'orphan' and redis.call('EXISTS', ARGV[5] .. owner) == 0
end
for i = 0, count - 1 do
  local base = 6 + i * 6
  local claim, release = ARGV[base + 1], ARGV[base + 4]
  if release ~= '' then
    -- Given up only once: a Left sent again after a lost answer adds nothing.
    local held = redis.call('HGET', KEYS[4], release)
    if not held or not mayRelease(held, ARGV[base + 5]) then
      return redis.error_reply('GONE ' .. release)
    end
    released[release] = true
  end
  if claim ~= '' and not released[claim] and redis.call('HEXISTS', KEYS[4], claim) == 1 then
    return redis.error_reply('TAKEN ' .. claim)
  end
end
local first
for i = 0, count - 1 do
  local base = 6 + i * 6
  local seq = redis.call('INCR', KEYS[1])
  local s = seq
  local bytes = {}
  for b = 8, 1, -1 do
    bytes[b] = string.char(s % 256)
    s = math.floor(s / 256)
  end
  local payload = string.sub(ARGV[base], 1, 1) .. table.concat(bytes) .. string.sub(ARGV[base], 10)
  local id = string.format('%d-0', seq)
  local added
  if tonumber(ARGV[2]) > 0 then
    added = redis.pcall('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], id, 'p', payload, 's', ARGV[3])
  else
    added = redis.pcall('XADD', KEYS[2], id, 'p', payload, 's', ARGV[3])
  end
  if type(added) == 'table' and added.err then
    -- The stream must have no gap: the seq goes back. Events before this one stay.
    redis.call('DECR', KEYS[1])
    return added
  end
  if ARGV[base + 4] ~= '' then
    redis.call('HDEL', KEYS[4], ARGV[base + 4])
    local token = redis.call('HGET', KEYS[6], ARGV[base + 4])
    if token then
      redis.call('HDEL', KEYS[5], string.match(token, '^([^\n]*)'))
      redis.call('HDEL', KEYS[6], ARGV[base + 4])
    end
  end
  if ARGV[base + 1] ~= '' then
    redis.call('HSET', KEYS[4], ARGV[base + 1],
               ARGV[3] .. '\n' .. seq .. '\n' .. ARGV[base + 3] .. '\n' .. ARGV[base + 2])
  end
  first = first or seq
end
return first
