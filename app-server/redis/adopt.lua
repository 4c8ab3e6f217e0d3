-- A member resumes on this server with a token another server issued: the member becomes
-- this server's, atomically, if the token is the member's current one and its server is
-- gone (no lease) or is this one. A live server keeps its members: it may hold the
-- member's seat or even a connection it has not yet found dead. The token is used up;
-- the caller stores the member's new one (token.lua).
--
-- KEYS: 1 epoch, 2 names, 3 tokens, 4 tokensByKey
-- ARGV: 1 the epoch the caller serves, 2 this server's id, 3 the prefix of the servers'
--       lease keys, 4 the token's digest
-- Returns {key, value} with the member's names entry as it now is.
-- Errors: 'EPOCH ...', 'NOTOKEN ...' (no such member's token), 'ALIVE ...' (its server lives).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('EPOCH the room has another epoch')
end
local key = redis.call('HGET', KEYS[3], ARGV[4])
if not key then return redis.error_reply('NOTOKEN no member has this token') end
local record = redis.call('HGET', KEYS[4], key)
local digest, tokenJoinSeq
if record then digest, tokenJoinSeq = string.match(record, '^([^\n]*)\n(.*)$') end
local held = redis.call('HGET', KEYS[2], key)
if digest ~= ARGV[4] or not held then return redis.error_reply('NOTOKEN no member has this token') end
local owner, joinSeq = string.match(held, '^([^\n]*)\n([^\n]*)\n')
if joinSeq ~= tokenJoinSeq then return redis.error_reply('NOTOKEN no member has this token') end
if owner ~= ARGV[2] and redis.call('EXISTS', ARGV[3] .. owner) == 1 then
  return redis.error_reply('ALIVE the member is its live server\'s')
end
local adopted = ARGV[2] .. string.sub(held, #owner + 1)
redis.call('HSET', KEYS[2], key, adopted)
redis.call('HDEL', KEYS[3], ARGV[4])
redis.call('HDEL', KEYS[4], key)
return {key, adopted}
