-- wrk script of the scale-out run (bench/scale/run.sh): stateless MCP requests through HAProxy,
-- every answer checked, counted per kind, per status and per replica (HAProxy's X-Served-By).
--
--   wrk -t<N> -c<N> -s bench/scale/scale.lua <HAProxy base URL>     (one connection per wrk thread)
--
-- One connection per thread: without pipelining request() and response() alternate on it, so the
-- kind of the request in flight is known when its answer comes.
--
-- Env: SCALE_TOKEN (bearer token), SCALE_KINDS (space-separated, taken in turn):
--   modern            tools/list as MCP 2026-07-28: _meta with the version, capabilities and client
--                     info; MCP-Protocol-Version: 2026-07-28 and Mcp-Method: tools/list
--   legacy_stateless  tools/list as MCP 2025-11-25 without a session (needs MCP_STATELESS=true)
-- SCALE_DELAY_MS (0): a pause before each request of a connection, to bound the load.
--
-- An answer is ok when it is 200 and carries a JSON-RPC "result" and no "error". done() prints one
-- line "SCALE key=value ..." (latencies in microseconds; socket errors as wrk counts them), the
-- first bad answer as "SCALE_FIRST_BAD <status> <replica> <body>", and one line per request that got
-- no answer at all (a socket error; wrk reconnects and sends the next): "SCALE_LOST
-- <sent epoch ms>:<noticed epoch ms>:<kind>", and one per bad answer: "SCALE_BAD <sent epoch
-- ms>:<answered epoch ms>:<kind>:<status>". Requests still unanswered when wrk stops are not lost.

local token = os.getenv("SCALE_TOKEN") or ""
local kinds = {}
for word in string.gmatch(os.getenv("SCALE_KINDS") or "modern", "%S+") do table.insert(kinds, word) end
local pause = tonumber(os.getenv("SCALE_DELAY_MS") or "0") or 0
if token == "" or #kinds == 0 then
  io.stderr:write("scale.lua: set SCALE_TOKEN and SCALE_KINDS\n")
  os.exit(2)
end
local KNOWN = { modern = true, legacy_stateless = true }
for _, kind in ipairs(kinds) do
  if not KNOWN[kind] then
    io.stderr:write("scale.lua: unknown kind '" .. kind .. "'\n")
    os.exit(2)
  end
end
local REPLICAS = { "s1", "s2", "s3" }

-- Milliseconds since the epoch (wrk's LuaJIT has no clock finer than os.time's seconds).
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } scale_timeval;
  int gettimeofday(scale_timeval *tv, void *tz);
]]
local tv = ffi.new("scale_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + math.floor(tonumber(tv.tv_usec) / 1000)
end
local STATUSES = { 404, 500, 502, 503, 504 }

local modern_meta = '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",' ..
  '"io.modelcontextprotocol/clientCapabilities":{},' ..
  '"io.modelcontextprotocol/clientInfo":{"name":"bench-scale","version":"1"}}'

-- Main Lua state: the threads, so that done() can read their counters.
local threads = {}

function setup(thread)
  thread:set("tindex", #threads)
  table.insert(threads, thread)
end

-- Per-thread state. Globals, not locals, where done() reads them through thread:get.
local counter = 0
local base_id = 0
local pending = nil
local pending_at = 0
-- Requests that got no answer: wrk closes the connection on a socket error and reconnects, and the
-- next request() is the sign. "sent_ms:detected_ms kind" each, space-separated.
lost = ""
-- Bad answers, so that the judge can tell those of the restarts from those of the kill:
-- "sent_ms:answered_ms:kind:status" each, space-separated.
bad = ""
lost_count = 0
for _, kind in ipairs({ "modern", "legacy_stateless" }) do
  _G[kind .. "_sent"] = 0
  _G[kind .. "_ok"] = 0
  _G[kind .. "_bad"] = 0
end
for _, replica in ipairs(REPLICAS) do _G["served_" .. replica] = 0 end
served_other = 0
for _, status in ipairs(STATUSES) do _G["status_" .. status] = 0 end
status_other_bad = 0
first_bad = ""

function init(args)
  base_id = (tindex or 0) * 1000000000
  counter = tindex or 0 -- threads start on different kinds
end

-- wrk calls request() once on the first thread's Lua state before any connection exists, to check
-- that it returns a request; that call is never sent. Every request() of a running thread comes
-- after at least one delay() (wrk delays a connection's first request when the script has delay()).
local running = false

function delay()
  running = true
  return pause
end

function request()
  if not running then
    return wrk.format("POST", "/mcp", {}, "")
  end
  if pending ~= nil then
    lost_count = lost_count + 1
    lost = lost .. pending_at .. ":" .. now_ms() .. ":" .. pending .. " "
  end
  counter = counter + 1
  local kind = kinds[(counter % #kinds) + 1]
  pending = kind
  pending_at = now_ms()
  _G[kind .. "_sent"] = _G[kind .. "_sent"] + 1
  local id = base_id + counter
  local headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["Authorization"] = "Bearer " .. token,
  }
  local body
  if kind == "modern" then
    headers["MCP-Protocol-Version"] = "2026-07-28"
    headers["Mcp-Method"] = "tools/list"
    body = '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/list","params":{' .. modern_meta .. '}}'
  else
    headers["MCP-Protocol-Version"] = "2025-11-25"
    body = '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/list"}'
  end
  return wrk.format("POST", "/mcp", headers, body)
end

function response(status, headers, body)
  local kind = pending or kinds[1]
  pending = nil
  local replica = nil
  for name, value in pairs(headers) do
    if string.lower(name) == "x-served-by" then replica = value end
  end
  if replica and _G["served_" .. replica] ~= nil then
    _G["served_" .. replica] = _G["served_" .. replica] + 1
  else
    served_other = served_other + 1
  end
  if status == 200 and string.find(body, '"result":', 1, true) and not string.find(body, '"error":', 1, true) then
    _G[kind .. "_ok"] = _G[kind .. "_ok"] + 1
    return
  end
  _G[kind .. "_bad"] = _G[kind .. "_bad"] + 1
  bad = bad .. pending_at .. ":" .. now_ms() .. ":" .. kind .. ":" .. status .. " "
  if _G["status_" .. status] ~= nil then
    _G["status_" .. status] = _G["status_" .. status] + 1
  else
    status_other_bad = status_other_bad + 1
  end
  if first_bad == "" then
    first_bad = status .. " " .. (replica or "-") .. " " .. string.sub(string.gsub(body or "", "%s+", " "), 1, 300)
  end
end

function done(summary, latency, requests)
  local names = { "modern_sent", "modern_ok", "modern_bad", "legacy_stateless_sent", "legacy_stateless_ok",
    "legacy_stateless_bad", "served_s1", "served_s2", "served_s3", "served_other", "status_other_bad", "lost_count" }
  for _, status in ipairs(STATUSES) do table.insert(names, "status_" .. status) end
  local totals = {}
  local first = ""
  local lost_all = ""
  local bad_all = ""
  for _, name in ipairs(names) do totals[name] = 0 end
  for _, t in ipairs(threads) do
    for _, name in ipairs(names) do totals[name] = totals[name] + (t:get(name) or 0) end
    local fb = t:get("first_bad")
    if first == "" and fb and fb ~= "" then first = fb end
    lost_all = lost_all .. (t:get("lost") or "")
    bad_all = bad_all .. (t:get("bad") or "")
  end
  local e = summary.errors
  local line = string.format(
    "SCALE requests=%d duration_us=%d non2xx=%d err_connect=%d err_read=%d err_write=%d err_timeout=%d " ..
    "p50_us=%d p99_us=%d p999_us=%d max_us=%d",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max)
  for _, name in ipairs(names) do line = line .. string.format(" %s=%d", name, totals[name]) end
  io.write(line .. "\n")
  if first ~= "" then io.write("SCALE_FIRST_BAD " .. first .. "\n") end
  for entry in string.gmatch(lost_all, "%S+") do io.write("SCALE_LOST " .. entry .. "\n") end
  for entry in string.gmatch(bad_all, "%S+") do io.write("SCALE_BAD " .. entry .. "\n") end
end
