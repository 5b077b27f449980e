-- wrk script for the HTTP benchmark of bench/http/run.sh: one scenario per run, chosen by env.
--
--   BENCH_SCENARIO=tools_list|dpop_tools_list|modern_tools_list|modern_dpop_tools_list|ping|
--                  unauthorized|metadata|echo
--     wrk -s bench/http/mcp.lua <base URL>
--
-- Env: BENCH_TOKEN (bearer token; the DPoP-bound token for dpop_*), BENCH_SESSION (Mcp-Session-Id),
--   BENCH_PROTOCOL (MCP-Protocol-Version), BENCH_DPOP_PROOFS (dpop_*: a file of DPoP proofs, one a
--   line, made by bench/http/dpop.mjs for BENCH_TOKEN).
--   tools_list, ping: POST /mcp on one session, authenticated, a unique JSON-RPC id per request;
--                     each answer must be 200 and carry "result" (not a JSON-RPC error).
--   modern_tools_list: POST /mcp tools/list as MCP 2026-07-28, authenticated, no session: _meta with
--                     the protocol version, client capabilities and client info, and the headers
--                     MCP-Protocol-Version: 2026-07-28 and Mcp-Method: tools/list; each answer must
--                     be 200 and carry a complete "result".
--   dpop_tools_list, modern_dpop_tools_list: tools_list and modern_tools_list with
--                     Authorization: DPoP <token> and a DPoP header, the next line of
--                     BENCH_DPOP_PROOFS: each proof is sent once (the kit refuses a replayed jti
--                     with 401). When the file runs out, the requests go without a proof and their
--                     401s fail the run: make more proofs (bench/http/run.sh BENCH_DPOP_RATE).
--                     One wrk thread only (-t1): the file is not split between threads.
--   unauthorized:     POST /mcp with a valid tools/list body and no Authorization; must be 401.
--   metadata:         GET /.well-known/oauth-protected-resource/mcp; must be 200.
--   echo:             the tools/list request (same path, headers and body) against an echo server;
--                     must be 200 and echo the request's JSON-RPC id.
-- done() prints one line "BENCH key=value ..." (latencies in microseconds) for run.sh to parse.

local scenario = os.getenv("BENCH_SCENARIO") or "tools_list"
local token = os.getenv("BENCH_TOKEN") or ""
local session = os.getenv("BENCH_SESSION") or ""
local protocol = os.getenv("BENCH_PROTOCOL") or "2025-11-25"

local methods = { tools_list = "tools/list", modern_tools_list = "tools/list", ping = "ping",
                  unauthorized = "tools/list", echo = "tools/list", dpop_tools_list = "tools/list",
                  modern_dpop_tools_list = "tools/list" }
local dpop = scenario == "dpop_tools_list" or scenario == "modern_dpop_tools_list"
local modern = scenario == "modern_tools_list" or scenario == "modern_dpop_tools_list"
local legacy = scenario == "tools_list" or scenario == "dpop_tools_list" or scenario == "ping"
local proofs_path = os.getenv("BENCH_DPOP_PROOFS") or ""
if dpop and proofs_path == "" then
  io.stderr:write("mcp.lua: " .. scenario .. " needs BENCH_DPOP_PROOFS\n")
  os.exit(2)
end
-- What every MCP 2026-07-28 request carries in params._meta.
local modern_params = ',"params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",' ..
  '"io.modelcontextprotocol/clientCapabilities":{},' ..
  '"io.modelcontextprotocol/clientInfo":{"name":"bench","version":"1"}}}'
local expected_status = (scenario == "unauthorized") and 401 or 200
local method = methods[scenario]
if scenario ~= "metadata" and method == nil then
  io.stderr:write("mcp.lua: unknown BENCH_SCENARIO '" .. scenario .. "'\n")
  os.exit(2)
end

-- Main Lua state: one entry per wrk thread, so done() can read their counters.
local threads = {}

function setup(thread)
  thread:set("tindex", #threads)
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
local counter = 0   -- JSON-RPC ids: tindex * 1e9 + counter, unique across threads
local base_id = 0
-- Globals, not locals: done() reads them through thread:get.
bad = 0             -- answers with an unexpected status or body
bad_status = 0      -- of those, the ones with an unexpected status
first_bad = ""      -- the first of them, for the log
local headers = {}
local proofs = nil    -- dpop_*: the open proofs file
proofs_used = 0       -- dpop_*: proofs sent
proofs_out = false    -- dpop_*: the file ran out

function init(args)
  base_id = (tindex or 0) * 1000000000
  headers["Content-Type"] = "application/json"
  headers["Accept"] = "application/json, text/event-stream"
  local scheme = dpop and "DPoP " or "Bearer "
  if dpop then
    if (tindex or 0) > 0 then
      io.stderr:write("mcp.lua: " .. scenario .. " runs on one wrk thread only (-t1)\n")
      os.exit(2)
    end
    proofs = assert(io.open(proofs_path, "r"))
  end
  if legacy or scenario == "echo" then
    headers["Authorization"] = scheme .. token
    headers["Mcp-Session-Id"] = session
    headers["MCP-Protocol-Version"] = protocol
  end
  if modern then
    headers["Authorization"] = scheme .. token
    headers["MCP-Protocol-Version"] = "2026-07-28"
    headers["Mcp-Method"] = method
  end
  if scenario == "metadata" then headers = {} end
end

function request()
  if scenario == "metadata" then
    return wrk.format("GET", "/.well-known/oauth-protected-resource/mcp", headers, nil)
  end
  counter = counter + 1
  if proofs then
    local proof = proofs:read("*l")
    if proof then
      proofs_used = proofs_used + 1
      headers["DPoP"] = proof
    else
      proofs_out = true
      headers["DPoP"] = nil
    end
  end
  local body = '{"jsonrpc":"2.0","id":' .. (base_id + counter) .. ',"method":"' .. method .. '"' ..
    (modern and modern_params or "") .. '}'
  return wrk.format("POST", "/mcp", headers, body)
end

local function reject(status, body)
  bad = bad + 1
  if first_bad == "" then
    local why = proofs_out and ("(the DPoP proofs ran out after " .. proofs_used .. ") ") or ""
    first_bad = why .. status .. " " .. string.sub(string.gsub(body or "", "%s+", " "), 1, 200)
  end
end

function response(status, hdrs, body)
  if status ~= expected_status then
    bad_status = bad_status + 1
    reject(status, body)
  elseif legacy then
    -- An SSE stream or a JSON document: either way the JSON-RPC response must be a result.
    if not string.find(body, '"result":', 1, true) then reject(status, body) end
  elseif modern then
    if not string.find(body, '"resultType":"complete"', 1, true) then reject(status, body) end
  elseif scenario == "echo" then
    if not string.find(body, '"method":"tools/list"', 1, true) then reject(status, body) end
  end
end

function done(summary, latency, requests)
  local bad_total, bad_status_total, first, proofs_total = 0, 0, "", 0
  for _, t in ipairs(threads) do
    proofs_total = proofs_total + (t:get("proofs_used") or 0)
    bad_total = bad_total + (t:get("bad") or 0)
    bad_status_total = bad_status_total + (t:get("bad_status") or 0)
    local fb = t:get("first_bad")
    if first == "" and fb and fb ~= "" then first = fb end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH scenario=%s requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d " ..
    "mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_timeout=%d non2xx3xx=%d bad=%d bad_status=%d " ..
    "dpop_proofs=%d\n",
    scenario, summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, e.connect, e.read, e.write, e.timeout, e.status, bad_total, bad_status_total,
    proofs_total))
  if first ~= "" then io.write("BENCH_FIRST_BAD " .. first .. "\n") end
end
