#!/usr/bin/env python3
"""MCP 2026-07-28 requestState across replicas, through HAProxy (bench/scale/run.sh).

    request_state.py --url <MCP URL> --token <token> --label <name> --out <file.jsonl> [--save <file>]
    request_state.py --url <MCP URL> --token <token> --label <name> --out <file.jsonl> --retry-from <file>

A round is two POSTs of tools/call test_elicitation (the conformance feature set): the first leg
gets an input_required result with a sealed requestState; the retry sends that state back with the
answer (inputResponses) and must get the completed result. HAProxy's X-Served-By header names the
replica of each leg. Without --retry-from, up to --attempts rounds are made until the retry lands
on another replica than the first leg (round-robin makes that the next request when nothing else is
sent). --save keeps one first leg's state for a later --retry-from (e.g. after every replica has
restarted). Appends one JSON line per round to --out; exits 1 unless a round showed the state
sealed on one replica accepted by another.
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request

VERSION = "2026-07-28"
TOOL = "test_elicitation"
META = {
    "io.modelcontextprotocol/protocolVersion": VERSION,
    "io.modelcontextprotocol/clientCapabilities": {"elicitation": {"form": {}}},
    "io.modelcontextprotocol/clientInfo": {"name": "bench-scale", "version": "1"},
}
ANSWER = {"form": {"action": "accept", "content": {"username": "scale", "email": "scale@example.com"}}}


def post(url, token, params, request_id):
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": "Bearer " + token,
        "Content-Type": "application/json",
        "Accept": "application/json",
        "MCP-Protocol-Version": VERSION,
        "Mcp-Method": "tools/call",
        "Mcp-Name": TOOL,
    })
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("X-Served-By"), json.loads(response.read())
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        try:
            payload = json.loads(text)
        except ValueError:
            payload = {"raw": text[:300]}
        return error.code, error.headers.get("X-Served-By"), payload


def first_leg(url, token):
    params = {"name": TOOL, "arguments": {"message": "bench/scale"}, "_meta": META}
    status, served_by, payload = post(url, token, params, 1)
    result = payload.get("result", {})
    return {
        "first_status": status,
        "first_served_by": served_by,
        "first_result_type": result.get("resultType"),
        "state": result.get("requestState"),
    }


def retry(url, token, state):
    params = {"name": TOOL, "arguments": {"message": "bench/scale"}, "_meta": META,
              "inputResponses": ANSWER, "requestState": state}
    status, served_by, payload = post(url, token, params, 2)
    result = payload.get("result", {})
    text = "".join(c.get("text", "") for c in result.get("content", []) if isinstance(c, dict))
    return {
        "retry_status": status,
        "retry_served_by": served_by,
        "retry_result_type": result.get("resultType"),
        "retry_text": text[:200],
        "retry_error": payload.get("error"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--save")
    parser.add_argument("--retry-from")
    parser.add_argument("--attempts", type=int, default=6)
    args = parser.parse_args()

    rounds = []
    if args.retry_from:
        with open(args.retry_from) as f:
            first = json.load(f)
        rounds.append({**first, **retry(args.url, args.token, first["state"])})
    else:
        for _ in range(args.attempts):
            first = first_leg(args.url, args.token)
            if args.save and first["state"]:
                with open(args.save, "w") as f:
                    json.dump(first, f)
            rounds.append({**first, **retry(args.url, args.token, first["state"])} if first["state"] else first)
            last = rounds[-1]
            if last.get("retry_served_by") and last["retry_served_by"] != last["first_served_by"]:
                break
            time.sleep(0.1)
    crossed = False
    with open(args.out, "a") as out:
        for r in rounds:
            r = {"label": args.label, "t": int(time.time() * 1000), **r,
                 "state_chars": len(r.get("state") or "")}
            r.pop("state", None)
            out.write(json.dumps(r) + "\n")
            accepted = (r.get("retry_status") == 200 and r.get("retry_error") is None
                        and r.get("retry_result_type") in (None, "complete")
                        and r.get("retry_text", "").startswith("User response: action=accept"))
            other = r.get("retry_served_by") not in (None, r.get("first_served_by"))
            print(f"requestState {args.label}: first leg {r.get('first_served_by')} "
                  f"({r.get('first_status')}, {r.get('first_result_type')}, {r['state_chars']} chars), "
                  f"retry {r.get('retry_served_by')} ({r.get('retry_status')}, "
                  f"{r.get('retry_result_type')}): {r.get('retry_text') or r.get('retry_error')}")
            # A kept state's replica is gone (every replica restarted since): accepted is enough.
            crossed = crossed or (accepted and (other or bool(args.retry_from)))
    return 0 if crossed else 1


if __name__ == "__main__":
    sys.exit(main())
