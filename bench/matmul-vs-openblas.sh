#!/usr/bin/env bash
# elbow's float matrix multiply beside OpenBLAS sgemm, at the MNIST VAE's shapes (forward X·W, and the
# backward forms dY·Wᵀ and Xᵀ·dY), on one thread and on all cores, in one run: GFLOP/s of both and
# the ratio elbow / OpenBLAS. The two are interleaved batch by batch so that both see the same machine.
#
# Usage: bench/matmul-vs-openblas.sh [--threads 1,2] [--batches 20,100,1000,5000] [--forms NN,NT,TN] [--repeat R]
#   --repeat  measure every batch R times, elbow and OpenBLAS alternating, and keep each side's fastest
#             GFLOP/s per shape (default 1): on a shared machine other work only ever slows a run down,
#             and one-thread ratios of a single pass move by 10-15 % from run to run
# Environment: JAVA (default: java on PATH; e.g. JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java),
#              JAR (default: bench/target/benchmarks.jar, built by
#                   mvn -B -q -pl bench -am package -DskipTests).
# Needs Debian's python3-numpy and libopenblas0-pthread (it installs nothing; exit status 2 if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
JAR=${JAR:-bench/target/benchmarks.jar}
PY=/usr/bin/python3   # Debian's python, where apt puts numpy (not a pyenv python earlier on PATH)
THREADS="1,$(nproc)"
BATCHES="20,100,1000,5000"
FORMS="NN,NT,TN"
REPEAT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --batches) BATCHES=$2; shift 2 ;;
    --forms) FORMS=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    *) echo "usage: $0 [--threads 1,2] [--batches 20,100,1000,5000] [--forms NN,NT,TN] [--repeat R]" >&2; exit 2 ;;
  esac
done

case "$REPEAT" in ''|*[!0-9]*|0) echo "--repeat takes a positive whole number, got '$REPEAT'" >&2; exit 2 ;; esac
if [ ! -f "$JAR" ]; then
  echo "$JAR is missing; build it with: mvn -B -q -pl bench -am package -DskipTests" >&2
  exit 2
fi
if [ ! -x "$PY" ]; then
  echo "$PY is missing; install it with: apt-get install python3 python3-numpy libopenblas0-pthread" >&2
  exit 2
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Fail early (status 2, with the package to install) if numpy or OpenBLAS is missing.
source bench/openblas-env.sh
"$PY" bench/sgemm_openblas.py --threads 1 --batches 20 --forms NN --seconds 0.001 > "$out/probe" || exit $?

for ((round = 1; round <= REPEAT; round++)); do
for b in ${BATCHES//,/ }; do
  "$JAVA" --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000 -cp "$JAR" elbow.bench.MatMulBench \
      --threads "$THREADS" --batches "$b" --forms "$FORMS" 2>/dev/null >> "$out/elbow"
  "$PY" bench/sgemm_openblas.py --threads "$THREADS" --batches "$b" --forms "$FORMS" >> "$out/openblas"
done
done

echo "# elbow sgemm vs OpenBLAS sgemm, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m)," \
     "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
grep -m1 '^# elbow' "$out/elbow" | sed 's/^# /# /'
grep -m1 '^# OpenBLAS' "$out/openblas"
echo "# load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" \
     "(other work on the machine makes both columns noisy, the 2-thread one most)"
echo "# form: NN = X·W (forward), NT = dY·Wᵀ (dX), TN = Xᵀ·dY (dW); GFLOP/s = 2mnk / time (median of 7; with --repeat $REPEAT, each side's best of the $REPEAT medians)"
awk '
  FNR == NR && $1 == "ELBOW" { key = $2 " " $3 " " $4 " " $5 " " $6; if (!(key in elbow) || $7 > elbow[key]) elbow[key] = $7; next }
  $1 == "OPENBLAS" {
    key = $2 " " $3 " " $4 " " $5 " " $6
    if (!(key in ob)) order[++count] = key
    if (!(key in ob) || $7 > ob[key]) ob[key] = $7
  }
  END {
    printf "%-4s %5s %5s %5s %7s %9s %9s %6s\n", "form", "m", "n", "k", "threads", "elbow", "openblas", "ratio"
    for (i = 1; i <= count; i++) {
      key = order[i]; split(key, f, " ")
      if (!(key in elbow)) continue
      r = elbow[key] / ob[key]
      printf "%-4s %5d %5d %5d %7d %9.1f %9.1f %6.2f%s\n", f[1], f[2], f[3], f[4], f[5], elbow[key], ob[key], r, (r < 0.8 ? "  <0.8" : "")
      t = f[5]; logsum[t] += log(r); n[t]++; if (r < 0.8) low[t]++
      if (!(t in minr) || r < minr[t]) minr[t] = r
      se[t] += elbow[key]; so[t] += ob[key]
    }
    for (t in n) {
      printf "# threads %d: %d shapes, geometric-mean ratio %.2f, lowest %.2f, %d below 0.80; mean GFLOP/s elbow %.1f, OpenBLAS %.1f\n",
             t, n[t], exp(logsum[t] / n[t]), minr[t], low[t] + 0, se[t] / n[t], so[t] / n[t]
    }
  }' "$out/elbow" "$out/openblas"
