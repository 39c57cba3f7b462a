#!/usr/bin/env bash
# elbow's MNIST VAE/IWAE training throughput beside PyTorch's (bench/vae_pytorch.py: same architecture,
# Glorot-uniform init, Adam (lr 1e-3, betas 0.9/0.999, eps 1e-4), batch, k, dynamic binarization and
# thread count), in one run, config by config (elbow then PyTorch, interleaved so that both see the same
# machine). Prints samples (images) per second of both and the ratio elbow / PyTorch; the target is 3x.
#
# elbow is timed through its real training loop: `examples.jar iwae ... --max-steps N`, reading
# samples_per_s (training steps only, JIT warm-up included) from the run's summary.json. PyTorch is
# timed over N steps after a short untimed warm-up.
#
# Usage: bench/vae-vs-pytorch.sh [--threads T] [--scale F] [--configs k,batch,estimator,steps;...]
#   --threads  threads for both (default: all cores, $(nproc))
#   --scale    multiply every step count by F (e.g. 0.2 for a quick look; default 1: ~10-30 s per side)
#   --configs  semicolon-separated list (default: the five of the issue, see CONFIGS below)
# Environment: JAVA (default: java on PATH), JAR (default: examples/target/examples.jar, built by
#              mvn -B -q -pl examples -am package -DskipTests), ELBOW_DATA (MNIST IDX folder).
# Needs Debian's python3-torch and python3-numpy for /usr/bin/python3 (it installs nothing; exit
# status 2, naming what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
JAR=${JAR:-examples/target/examples.jar}
PY=/usr/bin/python3   # Debian's python, where apt puts torch (not a pyenv python earlier on PATH)
THREADS=$(nproc)
SCALE=1
# k,batch,estimator,steps
CONFIGS="1,20,standard,1200;1,100,standard,600;5,100,standard,250;50,100,standard,100;1,100,stl,600"
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --configs) CONFIGS=$2; shift 2 ;;
    *) echo "usage: $0 [--threads T] [--scale F] [--configs 'k,batch,estimator,steps;...']" >&2; exit 2 ;;
  esac
done

if [ ! -f "$JAR" ]; then
  echo "$JAR is missing; build it with: mvn -B -q -pl examples -am package -DskipTests" >&2
  exit 2
fi
if [ ! -x "$PY" ]; then
  echo "$PY is missing; install it with: apt-get install python3 python3-torch python3-numpy" >&2
  exit 2
fi
if ! command -v "$JAVA" > /dev/null 2>&1; then
  echo "$JAVA is missing; install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless)" >&2
  exit 2
fi
# Fail early (status 2, naming the package) if torch or numpy is missing.
torch_probe=$("$PY" bench/vae_pytorch.py --threads "$THREADS" --probe) || exit 2

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "# elbow MNIST VAE/IWAE training vs PyTorch, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m)," \
     "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "# $("$JAVA" -jar "$JAR" info 2>/dev/null | head -1)"
echo "# JDK: $("$JAVA" -version 2>&1 | head -1)"
echo "# PyTorch: $torch_probe (OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=$THREADS)"
echo "# threads: $THREADS (both); load average before: $load_before"

printf "%-4s %5s %-9s %6s %12s %12s %7s\n" "k" "batch" "estimator" "steps" "elbow/s" "pytorch/s" "ratio"
for c in ${CONFIGS//;/ }; do
  IFS=, read -r k b est steps <<< "$c"
  steps=$(awk -v s="$steps" -v f="$SCALE" 'BEGIN { n = int(s * f + 0.5); print (n < 5 ? 5 : n) }')
  if [ "$k" = 1 ]; then obj=vae; else obj=iwae; fi
  run="$out/elbow-k$k-b$b-$est"
  "$JAVA" -jar "$JAR" iwae --k "$k" --batch "$b" --objective "$obj" --estimator "$est" \
      --max-steps "$steps" --epochs 1 --eval-limit 100 --eval-k 10 --threads "$THREADS" \
      --out "$run" > "$run.log" 2>&1 || { echo "elbow failed for $c; see its log:" >&2; tail -20 "$run.log" >&2; exit 1; }
  summary=$(find "$run" -mindepth 2 -name summary.json | head -1)
  e=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["samples_per_s"])' "$summary")
  warm=$(( steps / 10 < 20 ? steps / 10 : 20 )); [ "$warm" -ge 1 ] || warm=1
  line=$("$PY" bench/vae_pytorch.py --threads "$THREADS" --warmup "$warm" --config "$k,$b,$est,$steps")
  echo "$line" >> "$out/pytorch"
  p=$(echo "$line" | grep '^config' | sed 's/.*samples_per_s=\([0-9.]*\).*/\1/')
  awk -v k="$k" -v b="$b" -v est="$est" -v n="$steps" -v e="$e" -v p="$p" 'BEGIN {
    r = e / p; printf "%-4d %5d %-9s %6d %12.1f %12.1f %7.2f%s\n", k, b, est, n, e, p, r, (r < 3 ? "  <3" : "") }'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" \
     "(other work on the machine makes both columns noisy)"
echo "# samples/s = images per second over the timed training steps; ratio = elbow / PyTorch; target >= 3"
