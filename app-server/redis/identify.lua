-- What a server needs to serve the room, in one atomic step: the room's epoch (made
-- from ARGV[1] if the room has none yet), its last seq, and who is in it as of that seq.
-- The seq counter is raised to the stream's last id should it ever be behind it (a
-- counter restored from an older snapshot than the stream's).
--
-- KEYS: 1 seq, 2 events, 3 epoch, 4 names
-- Returns {epoch, lastSeq, {key, 'server\njoinSeq\njoinedAtMs\nname', ...}}
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[3], epoch)
end
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local info = redis.pcall('XINFO', 'STREAM', KEYS[2])
if type(info) == 'table' and not info.err then
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      local top = tonumber(string.match(info[i + 1], '^(%d+)'))
      if top > seq then
        seq = top
        redis.call('SET', KEYS[1], seq)
      end
    end
  end
end
return {epoch, seq, redis.call('HGETALL', KEYS[4])}
