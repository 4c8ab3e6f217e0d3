-- Keeps a member's resume token where every server of the room can check it, so that the
-- member can resume on another server when its own dies (adopt.lua). Only a digest of the
-- token is kept: reading Redis does not give anyone a member's token.
--
-- KEYS: 1 names, 2 tokens (digest -> key), 3 tokensByKey (key -> 'digest\njoinSeq')
-- ARGV: 1 the member's key, 2 its join seq, 3 the token's digest, 4 this server's id
-- Returns 1, or 0 when the member is not this server's (any more) under that join.
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return 0 end
local owner, joinSeq = string.match(held, '^([^\n]*)\n([^\n]*)\n')
if owner ~= ARGV[4] or joinSeq ~= ARGV[2] then return 0 end
local old = redis.call('HGET', KEYS[3], ARGV[1])
if old then redis.call('HDEL', KEYS[2], string.match(old, '^([^\n]*)')) end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3] .. '\n' .. ARGV[2])
return 1
