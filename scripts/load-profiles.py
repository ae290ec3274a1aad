#!/usr/bin/env python3
"""Load test of uncached entity profiles: N concurrent keep-alive connections ask for random
entity profiles (`GET /api/entities/{id}`) for a while and report latency percentiles, errors
and throughput. Standard library only.

Every request carries a unique `nocache` parameter, so the server's response cache (keyed by
URL) never answers: each profile is computed from the store. The entity ids are read from
`/api/entities` first (not timed).

  newsgraph --db /tmp/explorer.db serve --bind 127.0.0.1:8080 &
  scripts/load-profiles.py --base http://127.0.0.1:8080 --connections 50 --seconds 20

Exits 1 when a request failed or the p99 is above --max-p99-ms (when given).
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse


def get(conn, path, headers):
    conn.request("GET", path, headers=headers)
    res = conn.getresponse()
    body = res.read()
    return res.status, body


def entity_ids(host, port, headers):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    ids, offset = [], 0
    while True:
        status, body = get(conn, f"/api/entities?limit=200&offset={offset}", headers)
        if status != 200:
            raise SystemExit(f"listing entities: HTTP {status}: {body[:200]!r}")
        page = json.loads(body)
        ids.extend(e["id"] for e in page["items"])
        offset += len(page["items"])
        if not page["more"] or not page["items"]:
            return ids


def percentile(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    k = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="http://127.0.0.1:8080")
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--limit", type=int, default=None, help="the profile's list size (limit=)")
    ap.add_argument("--token", default=None, help="bearer token, if the server has one")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-p99-ms", type=float, default=None)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    url = urllib.parse.urlsplit(args.base)
    host, port = url.hostname, url.port or 80
    headers = {"Accept": "application/json"}
    if args.token:
        headers["Authorization"] = f"Bearer {args.token}"
    ids = entity_ids(host, port, headers)
    if not ids:
        raise SystemExit("the store has no entities")

    latencies = []  # milliseconds, appended under the GIL
    errors = []
    counter = iter(range(1 << 62))
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds
    start = threading.Barrier(args.connections + 1)

    def worker(n):
        rng = random.Random(args.seed * 1000 + n)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        start.wait()
        while time.monotonic() < deadline:
            with lock:
                nonce = next(counter)
            q = f"nocache={nonce}" + (f"&limit={args.limit}" if args.limit else "")
            path = f"/api/entities/{rng.choice(ids)}?{q}"
            t0 = time.perf_counter()
            try:
                status, body = get(conn, path, headers)
                ms = (time.perf_counter() - t0) * 1000
                if status != 200:
                    errors.append(f"{path}: HTTP {status} {body[:120]!r}")
                else:
                    latencies.append(ms)
            except (OSError, http.client.HTTPException) as e:
                errors.append(f"{path}: {e!r}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.connections)]
    for t in threads:
        t.start()
    t0 = time.monotonic()
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    ms = sorted(latencies)
    figures = {
        "entities": len(ids),
        "connections": args.connections,
        "seconds": round(elapsed, 1),
        "requests": len(ms) + len(errors),
        "errors": len(errors),
        "per_second": round((len(ms) + len(errors)) / elapsed, 1),
        "p50_ms": round(percentile(ms, 50), 1),
        "p90_ms": round(percentile(ms, 90), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(ms[-1], 1) if ms else None,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"{figures['requests']} requests in {figures['seconds']} s over {args.connections} connections "
            f"({figures['per_second']}/s), {len(ids)} entities: p50 {figures['p50_ms']} ms, "
            f"p90 {figures['p90_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms, "
            f"errors {figures['errors']}"
        )
    for e in errors[:5]:
        print(f"  error: {e}", file=sys.stderr)
    bad = errors or (args.max_p99_ms is not None and figures["p99_ms"] > args.max_p99_ms)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
