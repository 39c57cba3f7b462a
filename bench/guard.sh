#!/usr/bin/env bash
# Performance guard for elbow's kernels. Run it before any change to a kernel lands.
#
# Runs short JMH benchmarks and turns them into ratios of two things measured in the same run on the
# same machine, then compares every ratio with the one recorded in bench/RESULTS.md (the fenced
# ```guard-baseline block, one `name ratio` per line). It exits 1 when a ratio has fallen more than
# 25 % below its recorded value, 0 otherwise. Absolute times are never compared: they depend on the
# machine and on whatever else runs on it, a ratio of two measurements taken side by side much less.
#
#   matmul.<form>.<m>x<n>x<k>.<T>t elbow Gemm.sgemm (MatMulBench, JMH) / OpenBLAS cblas_sgemm
#                                  (bench/sgemm_openblas.py), GFLOP/s over GFLOP/s, on T threads (both
#                                  sides), at model shapes; forms NN = X·W (forward), NT = dY·Wᵀ (dX),
#                                  TN = Xᵀ·dY (dW)
#   simd.<kernel>.<size>           elementwise kernel (ElementwiseBench, JMH): scalar time / vector
#                                  time, i.e. the Vector API kernels' speed-up over -Delbow.simd=0
#   mem.<kernel>.<size>            memory-bound kernel (add, sum): System.arraycopy time of the same
#                                  floats / vector time, both in one fork. Not scalar / vector: C2
#                                  auto-vectorizes the scalar loops in some runs and not in others
#                                  (scalar add measured at 0.14, 0.33 and 0.69 ns per element on the
#                                  same machine), so that ratio moved by 4x with no change to the kernel.
#
# Both sides of a ratio are measured back to back (OpenBLAS, elbow, OpenBLAS again per weight shape;
# vector then scalar per kernel), and each side reports its fastest timed iteration (JMH) or repeat
# (OpenBLAS): on a shared machine other work only ever adds time, so the fastest is the least
# disturbed estimate.
# A ratio that fails is measured once more and the better of the two attempts counts, so that one
# neighbour's burst does not fail the guard; a real regression fails both times. For the same reason
# --record measures everything twice and records the worse of the two attempts: a baseline inflated by
# one lucky (or one disturbed reference) measurement would make every later check flaky.
#
# Usage: bench/guard.sh            check against the baseline in bench/RESULTS.md (exit 1 on a regression)
#        bench/guard.sh --record   measure and print a fresh guard-baseline block to paste into RESULTS.md
# Environment: JAVA (default: java on PATH), BENCH_JAR (default: bench/target/benchmarks.jar, built by
#              mvn -B -q -pl bench -am package -DskipTests), RESULTS (default: bench/RESULTS.md);
#              GUARD_MATMUL ("batch:KxN[:threads] ..."), GUARD_KERNELS ("tanh exp ...") and GUARD_MEM_KERNELS
#              ("add sum") narrow a run to a few cases while working on one kernel (the rest of the
#              baseline is then reported as not measured).
# A check takes about 2 minutes on a 2-core machine, --record about 4. Needs Debian's python3-numpy
# and libopenblas0-pthread for /usr/bin/python3; it installs nothing (exit status 2, naming what is
# missing).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
# The options of the @Fork annotations (which -jvmArgsAppend replaces) and of the workbench's re-launch.
VECTOR_JVM="--add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000"
BENCH_JAR=${BENCH_JAR:-bench/target/benchmarks.jar}
RESULTS=${RESULTS:-bench/RESULTS.md}
PY=/usr/bin/python3   # Debian's python, where apt puts numpy (not a pyenv python earlier on PATH)
TOLERANCE=0.25
# batch:weight (K x N)[:threads, default 1] of MatMulBench: encoder input and hidden layers at batch
# 100, the decoder's thin first layer and its output layer at k·batch = 5000 rows (the products that
# dominate k = 50), and the encoder's input layer at batch 20 (its dY·Wᵀ is computed swapped, in the
# eight-row tiles), all on one thread; and the output layer at 1000 rows (the full IWAE run's decoder,
# batch 20 x k 50) on two, where how a product is split over the threads shows: a product left on one
# thread would halve its ratio.
MATMUL=${GUARD_MATMUL:-"100:784x200 100:200x200 5000:50x200 5000:200x784 20:784x200 1000:200x784:2"}
# The transcendentals of the VAE step, a binary op plain and broadcast, and a reduction; at 156800
# floats (the 784x200 weight), in cache but past call overheads. Not axpy: its scalar reference is
# bimodal (C2 runs the plain loop auto-vectorized at ~15 µs per call for the first 1.5-2.5 s of a
# fork, then at ~55 µs after a recompilation), so its ratio moved between 0.8 and 3 from run to run.
KERNELS=${GUARD_KERNELS:-"exp tanh softplus addBroadcast biasTanh bernoulliLogLikelihood"}
MEM_KERNELS=${GUARD_MEM_KERNELS:-"add sum"}
SIZE=156800
# Short JMH runs: a guard, not a measurement for RESULTS.md tables. A 2 s warm-up, so that C2 has
# settled (scalar loops are recompiled late, see axpy above).
JMH_OPTS=(-f 1 -wi 4 -w 500ms -i 5 -r 200ms -foe true)

record=0
case "${1:-}" in
  --record) record=1 ;;
  "") ;;
  *) echo "usage: $0 [--record]" >&2; exit 2 ;;
esac

if [ ! -f "$BENCH_JAR" ]; then
  echo "$BENCH_JAR is missing; build it with: mvn -B -q -pl bench -am package -DskipTests" >&2
  echo "(or point BENCH_JAR at another build, e.g. BENCH_JAR=bench/target-bench/benchmarks.jar)" >&2
  exit 2
fi
if ! command -v "$JAVA" > /dev/null 2>&1; then
  echo "$JAVA is missing; install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless)" >&2
  exit 2
fi
if [ ! -x "$PY" ]; then
  echo "$PY is missing; install it with: apt-get install python3 python3-numpy libopenblas0-pthread" >&2
  exit 2
fi

baseline_of() {  # prints the guard-baseline block's `name ratio` lines, nothing if there is none
  awk '/^```guard-baseline/ { inside = 1; next } inside && /^```/ { exit } inside && NF >= 2 && $1 !~ /^#/ { print $1, $2 }' "$RESULTS"
}
if [ "$record" = 0 ]; then
  if [ ! -f "$RESULTS" ] || [ -z "$(baseline_of)" ]; then
    echo "no guard-baseline block in $RESULTS; run $0 --record and paste its output there" >&2
    exit 2
  fi
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Fail early (status 2, with the package to install) if numpy or OpenBLAS is missing.
source bench/openblas-env.sh
"$PY" bench/sgemm_openblas.py --threads 1 --batches 20 --weights 50x200 --forms NN --seconds 0.001 > "$out/probe" || exit $?

jmh() {  # jmh <log> <json> <regex> <jvm args> [jmh args...]: one JMH run, results as JSON
  local log=$1 json=$2 regex=$3 jvmargs=$4; shift 4
  # -jvmArgsAppend replaces the @Fork annotation's own arguments, so the module goes in again here.
  if ! "$JAVA" -jar "$BENCH_JAR" "$regex" "${JMH_OPTS[@]}" -jvmArgsAppend "$jvmargs" "$@" \
      -rf json -rff "$json" > "$log" 2>&1; then
    echo "JMH failed ($regex); its log:" >&2; tail -30 "$log" >&2; exit 1
  fi
}

# Fastest iteration per benchmark of a JMH JSON result, as `<benchmark method> <param=value,...> <score>`.
# JMH's unit is per op (avgt mode), so the fastest iteration is the smallest score.
best_scores() {
  "$PY" - "$1" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1])):
    raw = [s for fork in r["primaryMetric"]["rawData"] for s in fork]
    params = ",".join("%s=%s" % kv for kv in sorted(r.get("params", {}).items()))
    print(r["benchmark"].rsplit(".", 1)[1], params or "-", min(raw))
EOF
}

measure_matmul() {  # measure_matmul <batch> <KxN> <threads>: appends the three matmul.* ratios to $out/ratios
  local b=$1 w=$2 t=$3 tag="$1-$2-$3"
  # OpenBLAS before and after elbow, the faster counting: a reference slowed by a neighbour would
  # flatter elbow, and it costs only a second.
  OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$PY" bench/sgemm_openblas.py --threads "$t" --batches "$b" \
      --weights "$w" --stat best --seconds 0.02 > "$out/ob-$tag.txt"
  jmh "$out/mm-$tag.log" "$out/mm-$tag.json" 'MatMulBench' "$VECTOR_JVM" \
      -p batch="$b" -p weight="$w" -p threads="$t"
  OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$PY" bench/sgemm_openblas.py --threads "$t" --batches "$b" \
      --weights "$w" --stat best --seconds 0.02 >> "$out/ob-$tag.txt"
  best_scores "$out/mm-$tag.json" | awk -v b="$b" -v w="$w" -v t="$t" -v obfile="$out/ob-$tag.txt" '
    BEGIN { while ((getline line < obfile) > 0) { split(line, f, " "); if (f[1] == "OPENBLAS" && f[7] + 0 > ob[f[2]] + 0) ob[f[2]] = f[7] }
            split(w, kn, "x"); K = kn[1]; N = kn[2] }
    {  # same m, n, k per form as MatMulBench and sgemm_openblas.py
      if ($1 == "forward") { form = "NN"; m = b; n = N; k = K }
      else if ($1 == "backwardInput") { form = "NT"; m = b; n = K; k = N }
      else if ($1 == "backwardWeight") { form = "TN"; m = K; n = N; k = b }
      else next
      gflops = 2 * m * n * k / ($3 * 1000)   # score is microseconds per call
      res[form] = sprintf("matmul.%s.%dx%dx%d.%dt %.3f %.1f %.1f", form, m, n, k, t, gflops / ob[form], gflops, ob[form])
    }
    END { for (i = 1; i <= 3; i++) { form = substr("NN NT TN", 3 * i - 2, 2); if (form in res) print res[form] } }' >> "$out/ratios"
}

measure_simd() {  # measure_simd <kernel>: appends simd.<kernel>.<size> to $out/ratios
  local kernel=$1
  jmh "$out/v-$kernel.log" "$out/v-$kernel.json" "ElementwiseBench\\.$kernel\$" \
      "$VECTOR_JVM" -p size="$SIZE"
  jmh "$out/s-$kernel.log" "$out/s-$kernel.json" "ElementwiseBench\\.$kernel\$" \
      "$VECTOR_JVM -Delbow.simd=0" -p size="$SIZE"
  local v s
  v=$(best_scores "$out/v-$kernel.json" | awk '{ print $3 }')
  s=$(best_scores "$out/s-$kernel.json" | awk '{ print $3 }')
  awk -v k="$kernel" -v n="$SIZE" -v v="$v" -v s="$s" \
      'BEGIN { printf "simd.%s.%d %.3f %.3g %.3g\n", k, n, s / v, v / n, s / n }' >> "$out/ratios"
}

measure_mem() {  # measure_mem <kernel>: appends mem.<kernel>.<size> to $out/ratios
  local kernel=$1
  jmh "$out/m-$kernel.log" "$out/m-$kernel.json" "ElementwiseBench\\.(copy|$kernel)\$" \
      "$VECTOR_JVM" -p size="$SIZE"
  best_scores "$out/m-$kernel.json" | awk -v k="$kernel" -v n="$SIZE" '
    { t[$1] = $3 }
    END { printf "mem.%s.%d %.3f %.3g %.3g\n", k, n, t["copy"] / t[k], t[k] / n, t["copy"] / n }' >> "$out/ratios"
}

measure_group() {  # a group is what one measure_* call produces: "mm:<batch>:<KxN>:<threads>", "simd:<kernel>" or "mem:<kernel>"
  case "$1" in
    mm:*) IFS=: read -r _ b w t <<< "$1"; measure_matmul "$b" "$w" "$t" ;;
    simd:*) measure_simd "${1#simd:}" ;;
    mem:*) measure_mem "${1#mem:}" ;;
  esac
}
group_of() {  # the group that measures ratio <name>
  case "$1" in
    matmul.*)
      IFS=. read -r _ form mnk threads <<< "$1"; IFS=x read -r m n k <<< "$mnk"; t=${threads%t}
      case "$form" in NN) echo "mm:$m:${k}x$n:$t" ;; NT) echo "mm:$m:${n}x$k:$t" ;; TN) echo "mm:$k:${m}x$n:$t" ;; esac ;;
    simd.*) IFS=. read -r _ kernel _ <<< "$1"; echo "simd:$kernel" ;;
    mem.*) IFS=. read -r _ kernel _ <<< "$1"; echo "mem:$kernel" ;;
  esac
}

groups=()
for bwt in $MATMUL; do
  IFS=: read -r b w t <<< "$bwt"
  if ! [[ $b =~ ^[1-9][0-9]*$ && $w =~ ^[1-9][0-9]*x[1-9][0-9]*$ && ${t:-1} =~ ^[1-9][0-9]*$ ]]; then
    echo "GUARD_MATMUL: '$bwt' is not batch:KxN or batch:KxN:threads (e.g. 100:784x200 or 1000:200x784:2)" >&2; exit 2
  fi
  groups+=("mm:$b:$w:${t:-1}")
done
for kernel in $KERNELS; do groups+=("simd:$kernel"); done
for kernel in $MEM_KERNELS; do groups+=("mem:$kernel"); done

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
start=$(date +%s)
header() {
  echo "# elbow perf guard, $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
  echo "# JDK: $("$JAVA" -version 2>&1 | head -1); $(grep -m1 '^# OpenBLAS' "$out/probe" | sed 's/^# //')"
  echo "# load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); $(( $(date +%s) - start )) s"
  if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l + 0 > n / 2) }'; then
    echo "# warning: the machine was busy (1-minute load average ${load_before%% *} on $(nproc) cores): ratios are noisy;" \
         "do not record a baseline from this run, and re-run a failure on a quiet machine before believing it"
  fi
}

: > "$out/ratios"
for pass in $(seq $(( record + 1 ))); do
  for g in "${groups[@]}"; do
    if [ "$record" = 1 ]; then echo "guard: measuring $g (pass $pass of 2)" >&2; else echo "guard: measuring $g" >&2; fi
    measure_group "$g"
  done
done

if [ "$record" = 1 ]; then
  header
  echo "# paste the block below into $RESULTS, replacing the old one; the lower of two attempts per ratio."
  echo "# After the ratio, for orientation (only the ratio is read): the two sides, GFLOP/s of elbow and"
  echo "# OpenBLAS, or ns per element of the vector kernel and of the scalar kernel (simd.*) or the copy (mem.*)."
  echo '```guard-baseline'
  echo "# recorded $(date -u '+%Y-%m-%d %H:%M UTC'), load average $load_before before, $("$JAVA" -version 2>&1 | head -1)"
  awk '!($1 in low) { order[++count] = $1; low[$1] = $0; next }
       { split(low[$1], f, " "); if ($2 < f[2]) low[$1] = $0 }
       END { for (i = 1; i <= count; i++) { split(low[order[i]], f, " ")
                                           printf "%-28s %7.3f   # %s %s\n", f[1], f[2], f[3], f[4] } }' "$out/ratios"
  echo '```'
  exit 0
fi

baseline_of > "$out/baseline"
compare() {  # prints the table; the names that fail, one a line, go to $out/failed
  awk -v tol="$TOLERANCE" -v failed="$out/failed" '
    FNR == NR { base[$1] = $2; next }
    !($1 in best) { best[$1] = $2; sides[$1] = $3 " " $4; order[++count] = $1; next }
    $2 > best[$1] { best[$1] = $2; sides[$1] = $3 " " $4 }
    END {
      printf "" > failed
      printf "%-28s %8s %8s %9s  %-6s %s\n", "name", "baseline", "now", "now/base", "", "(measured sides: elbow GFLOP/s, OpenBLAS GFLOP/s | ns/element vector, scalar or copy)"
      for (i = 1; i <= count; i++) {
        n = order[i]
        if (!(n in base)) { printf "%-28s %8s %8.3f %9s  %-6s %s\n", n, "-", best[n], "-", "new", sides[n]; continue }
        r = best[n] / base[n]
        bad = r < 1 - tol
        printf "%-28s %8.3f %8.3f %9.2f  %-6s %s\n", n, base[n], best[n], r, bad ? "FAIL" : "ok", sides[n]
        if (bad) print n >> failed
      }
      for (n in base) if (!(n in best)) missing++
      if (missing) printf "# %d ratios of the baseline not measured in this run (GUARD_MATMUL / GUARD_KERNELS / GUARD_MEM_KERNELS)\n", missing
    }' "$out/baseline" "$out/ratios"
}
compare > "$out/table"

if [ -s "$out/failed" ]; then
  retry=$(while read -r name; do group_of "$name"; done < "$out/failed" | sort -u)
  for g in $retry; do
    echo "guard: $g below the baseline, measuring it again" >&2
    measure_group "$g"
  done
  compare > "$out/table"
fi

header
cat "$out/table"
failures=$(wc -l < "$out/failed")
total=$(awk '{ print $1 }' "$out/ratios" | sort -u | wc -l)
if [ "$failures" -gt 0 ]; then
  echo "# guard FAILED: $failures of $total ratios more than $(awk -v t="$TOLERANCE" 'BEGIN { print t * 100 }') % below the baseline in $RESULTS (after one re-measurement)"
  echo "# (if the machine was busy, check the load average above and run it again before believing it)"
  exit 1
fi
echo "# guard passed: $total ratios, none more than $(awk -v t="$TOLERANCE" 'BEGIN { print t * 100 }') % below the baseline in $RESULTS"
