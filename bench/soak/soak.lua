-- wrk script of the soak test (bench/soak/run.sh): a mix of valid, expired and forged tokens across
-- several MCP sessions, every answer checked against what its token class must get.
--
--   wrk -t<N> -c<N> -s bench/soak/soak.lua <base URL>     (one connection per wrk thread)
--
-- One connection per thread is what makes per-request checking possible: wrk gives response() no
-- handle on its request, but on a single connection without pipelining request() and response()
-- alternate, so the class of the request in flight is known.
--
-- Env: SOAK_VALID (a valid token), SOAK_EXPIRED (an expired token with a valid signature),
-- SOAK_FORGED (forged tokens, space-separated), SOAK_SESSIONS (Mcp-Session-Ids, space-separated),
-- SOAK_PROTOCOL (MCP-Protocol-Version), SOAK_MIX ("valid:expired:forged" out of a cycle, 8:1:1).
--
-- Every request is POST /mcp on the thread's session (thread index modulo the sessions):
--   valid    tools/list, ping or tools/call whoami in turn; must be 200 and carry a JSON-RPC result
--   expired  the same with the expired token; must be 401 with error="invalid_token"
--   forged   the same with the forged tokens in turn; must be 401 with error="invalid_token"
-- done() prints "SOAK key=value ..." (counts, latencies in microseconds) and, per class, the first
-- unexpected answer as "SOAK_FIRST_BAD <class> <status> <body>".

local function split(text)
  local words = {}
  for word in string.gmatch(text or "", "%S+") do table.insert(words, word) end
  return words
end

local valid_token = os.getenv("SOAK_VALID") or ""
local expired_token = os.getenv("SOAK_EXPIRED") or ""
local forged_tokens = split(os.getenv("SOAK_FORGED"))
local sessions = split(os.getenv("SOAK_SESSIONS"))
local protocol = os.getenv("SOAK_PROTOCOL") or "2025-11-25"
local mix = {}
for n in string.gmatch(os.getenv("SOAK_MIX") or "8:1:1", "%d+") do table.insert(mix, tonumber(n)) end
if valid_token == "" or expired_token == "" or #forged_tokens == 0 or #sessions == 0 or #mix ~= 3 then
  io.stderr:write("soak.lua: set SOAK_VALID, SOAK_EXPIRED, SOAK_FORGED, SOAK_SESSIONS (and SOAK_MIX a:b:c)\n")
  os.exit(2)
end
local cycle = mix[1] + mix[2] + mix[3]

local CLASSES = { "valid", "expired", "forged" }

-- Main Lua state: the threads, so that done() can read their counters.
local threads = {}

function setup(thread)
  thread:set("tindex", #threads)
  table.insert(threads, thread)
end

-- Per-thread state. Globals, not locals, where done() reads them through thread:get.
local counter = 0
local valid_calls = 0
local forged_next = 0
local pending = nil
local base_id = 0
local session = ""
for _, class in ipairs(CLASSES) do
  _G[class .. "_sent"] = 0
  _G[class .. "_ok"] = 0
  _G[class .. "_bad"] = 0
  _G[class .. "_refused"] = 0 -- 401 or 403
  _G[class .. "_first_bad"] = ""
end
status_5xx = 0
answered = 0

function init(args)
  base_id = (tindex or 0) * 1000000000
  session = sessions[((tindex or 0) % #sessions) + 1]
end

local VALID_CALLS = {
  '"method":"tools/list"',
  '"method":"ping"',
  '"method":"tools/call","params":{"name":"whoami","arguments":{}}',
}

function request()
  counter = counter + 1
  local slot = counter % cycle
  local token
  if slot < mix[1] then
    pending = "valid"
    token = valid_token
  elseif slot < mix[1] + mix[2] then
    pending = "expired"
    token = expired_token
  else
    pending = "forged"
    forged_next = forged_next % #forged_tokens + 1
    token = forged_tokens[forged_next]
  end
  _G[pending .. "_sent"] = _G[pending .. "_sent"] + 1
  valid_calls = valid_calls % #VALID_CALLS + 1
  local body = '{"jsonrpc":"2.0","id":' .. (base_id + counter) .. ',' .. VALID_CALLS[valid_calls] .. '}'
  local headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["Authorization"] = "Bearer " .. token,
    ["Mcp-Session-Id"] = session,
    ["MCP-Protocol-Version"] = protocol,
  }
  return wrk.format("POST", "/mcp", headers, body)
end

local function bad(class, status, body)
  _G[class .. "_bad"] = _G[class .. "_bad"] + 1
  if status == 401 or status == 403 then _G[class .. "_refused"] = _G[class .. "_refused"] + 1 end
  if _G[class .. "_first_bad"] == "" then
    _G[class .. "_first_bad"] = status .. " " .. string.sub(string.gsub(body or "", "%s+", " "), 1, 300)
  end
end

function response(status, headers, body)
  answered = answered + 1
  local class = pending or "valid"
  pending = nil
  if status >= 500 then status_5xx = status_5xx + 1 end
  if class == "valid" then
    if status == 200 and string.find(body, '"result":', 1, true)
        and not string.find(body, '"error":', 1, true) then
      valid_ok = valid_ok + 1
    else
      bad(class, status, body)
    end
  else
    local challenge = ""
    for name, value in pairs(headers) do
      if string.lower(name) == "www-authenticate" then challenge = value end
    end
    if status == 401 and string.find(challenge, 'error="invalid_token"', 1, true) then
      _G[class .. "_ok"] = _G[class .. "_ok"] + 1
    else
      bad(class, status, body)
    end
  end
end

function done(summary, latency, requests)
  local totals = { status_5xx = 0, answered = 0 }
  local first = {}
  for _, t in ipairs(threads) do
    totals.status_5xx = totals.status_5xx + (t:get("status_5xx") or 0)
    totals.answered = totals.answered + (t:get("answered") or 0)
    for _, class in ipairs(CLASSES) do
      for _, key in ipairs({ "sent", "ok", "bad", "refused" }) do
        local name = class .. "_" .. key
        totals[name] = (totals[name] or 0) + (t:get(name) or 0)
      end
      local fb = t:get(class .. "_first_bad")
      if (first[class] or "") == "" and fb and fb ~= "" then first[class] = fb end
    end
  end
  local e = summary.errors
  local line = string.format(
    "SOAK requests=%d duration_us=%d answered=%d status_5xx=%d err_connect=%d err_read=%d err_write=%d " ..
    "err_timeout=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d",
    summary.requests, summary.duration, totals.answered, totals.status_5xx, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max)
  for _, class in ipairs(CLASSES) do
    for _, key in ipairs({ "sent", "ok", "bad", "refused" }) do
      line = line .. string.format(" %s_%s=%d", class, key, totals[class .. "_" .. key])
    end
  end
  io.write(line .. "\n")
  for _, class in ipairs(CLASSES) do
    if first[class] then io.write("SOAK_FIRST_BAD " .. class .. " " .. first[class] .. "\n") end
  end
end
