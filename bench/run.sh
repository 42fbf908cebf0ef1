#!/usr/bin/env bash
# The benchmark in one command: builds, runs SyncBenchmark (syncs of 1,000, 10,000 and 100,000 members, COPY floor,
# history), PagingBenchmark (pages of a day of hourly syncs, issue 12), AuditBenchmark (the ledger audit, issue 11),
# StreakBenchmark (the weekday streaks, issue 15) and, after packaging, StartTimeBenchmark (cold start of
# target/function.zip). Takes about 3 minutes on a quiet 2-core machine. Any Maven property can be added, e.g.:
#   bench/run.sh -Dbench.sizes=1000,10000        # other sizes
#   bench/run.sh -Dbench.batch-size=1000         # another mee6.batch-size than the configured one
#   bench/run.sh -Dbench.publish=true            # also write the tables into bench/RESULTS.md
# Results: bench/out/results.json and bench/out/results.md (git-ignored). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
./mvnw -B -Pbench verify "$@"
echo "== results: bench/out/results.md, bench/out/results.json"
