#!/usr/bin/env bash
# The benchmark in one command: builds, runs SyncBenchmark (syncs of 1,000, 10,000 and 100,000 members, COPY floor,
# history), PagingBenchmark (the rolling sweep's pages on boards of 100,000 to 5,000,000 players, issue 21),
# AuditBenchmark (the ledger audit, issue 11), StreakBenchmark (the weekday streaks, issue 15), then in a JVM of its
# own LurkrPagingBenchmark (the sweep with Lurkr's pages of 100, issue 20) and, after packaging, StartTimeBenchmark
# (cold start of target/function.zip). Takes about 18 minutes on a busy 2-core machine. Any Maven property can be
# added, e.g.:
#   bench/run.sh -Dbench.sizes=1000,10000        # other sizes
#   bench/run.sh -Dbench.paging.lurkr-sizes=100000,2000000   # Lurkr also on issue 21's 2,000,000-player board
#   bench/run.sh -Dbench.batch-size=1000         # another mee6.batch-size than the configured one
#   bench/run.sh -Dbench.publish=true            # also write the tables into bench/RESULTS.md
# Results: bench/out/results.json and bench/out/results.md (git-ignored). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
./mvnw -B -Pbench verify "$@"
echo "== results: bench/out/results.md, bench/out/results.json"
