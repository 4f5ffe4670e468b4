/**
 * The cluster's Lua scripts. Each runs atomically in Redis, so "check the lease, then act" cannot interleave
 * with another member taking the lease: this is what fences a paused or partitioned ex-owner out.
 *
 * A lease value is `<member id>:<token>`; the token comes from INCR on the room's fence counter, so every new
 * lease carries a higher token than any earlier one, and an old owner's value never matches again.
 */
import { LuaScript } from './LuaScript.js';

/**
 * KEYS owner, fence; ARGV member id, ttl ms. Returns the new token, or 0 when another member holds the lease.
 * A member may take over its own lease (one it stopped trusting after a failed write): it gets a new token,
 * so its own earlier writes are fenced out too.
 */
export const acquireLease = new LuaScript('acquireLease', `
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. ':' then return 0 end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
return token
`, 2);

/** KEYS owner; ARGV lease value, ttl ms. Compare-and-extend: 1 when extended, 0 when the lease is not ours. */
export const renewLease = new LuaScript('renewLease', `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`, 1);

/** KEYS owner; ARGV lease value. Compare-and-delete: 1 when released, 0 when it was not ours. */
export const releaseLease = new LuaScript('releaseLease', `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`, 1);

/** KEYS owner; ARGV lease value, channel, message. Publishes only while the lease is ours: 1, else 0. */
export const fencedPublish = new LuaScript('fencedPublish', `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`, 1);

/** KEYS owner, key; ARGV lease value, bytes. Sets the key only while the lease is ours: 1, else 0. */
export const fencedSet = new LuaScript('fencedSet', `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`, 2);

/** KEYS owner, seq; ARGV lease value, seq. Raises the stored seq (never lowers it) while the lease is ours. */
export const fencedRaiseSeq = new LuaScript('fencedRaiseSeq', `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
if tonumber(ARGV[2]) > current then redis.call('SET', KEYS[2], ARGV[2]) end
return 1
`, 2);

/**
 * KEYS owner, updates, doc, docid; ARGV lease value, state, covered stream id. While the lease is ours and the
 * covered id is newer than the stored one: stores the document, then trims the stream below the covered id
 * (the entry at it stays; Yjs applies it twice harmlessly). 1 when compacted, 0 otherwise.
 */
export const compactDocument = new LuaScript('compactDocument', `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local stored = redis.call('GET', KEYS[4])
if stored then
  local newMs, newSeq = parse(ARGV[3])
  local oldMs, oldSeq = parse(stored)
  if newMs < oldMs or (newMs == oldMs and newSeq <= oldSeq) then return 0 end
end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('SET', KEYS[4], ARGV[3])
redis.call('XTRIM', KEYS[2], 'MINID', ARGV[3])
return 1
`, 4);

/**
 * KEYS updates, doc, docid, frame, seq. Reads a room in one step (so a compaction cannot fall in between):
 * [doc, docid, frame, seq, entries], missing values as nil, entries as XRANGE returns them from docid on.
 */
export const loadRoom = new LuaScript('loadRoom', `
local docId = redis.call('GET', KEYS[3])
local entries = redis.call('XRANGE', KEYS[1], docId or '-', '+')
return { redis.call('GET', KEYS[2]), docId, redis.call('GET', KEYS[4]), redis.call('GET', KEYS[5]), entries }
`, 5);
