-- A server's heartbeat: renews its lease, and finds the members of servers whose lease
-- has run out (a server that died without letting its members leave). The caller reaps
-- them once they have been orphaned for the resume grace, so a client of the dead server
-- can still resume on another one first (adopt.lua).
--
-- KEYS: 1 names
-- ARGV: 1 the prefix of the servers' lease keys, 2 this server's id, 3 the lease in ms
-- Returns {key, value, ...}: the orphaned members, as the names hash holds them.
redis.call('SET', ARGV[1] .. ARGV[2], '1', 'PX', ARGV[3])
local alive = {}
local orphans = {}
local names = redis.call('HGETALL', KEYS[1])
for i = 1, #names, 2 do
  local owner = string.match(names[i + 1], '^([^\n]*)\n')
  if owner and alive[owner] == nil then
    alive[owner] = redis.call('EXISTS', ARGV[1] .. owner) == 1
  end
  if owner and not alive[owner] then
    orphans[#orphans + 1] = names[i]
    orphans[#orphans + 1] = names[i + 1]
  end
end
return orphans
