#!/usr/bin/env bash
# elbow's MNIST VAE/IWAE training throughput beside PyTorch's (bench/vae_pytorch.py: same architecture,
# Glorot-uniform init, Adam (lr 1e-3, betas 0.9/0.999, eps 1e-4), batch, k, dynamic binarization and
# thread count), in one run, config by config (elbow then PyTorch, interleaved so that both see the same
# machine). Prints samples (images) per second of both and the ratio elbow / PyTorch; the target is 3x.
#
# Roofline: it also prints each training step's useful FLOP/s, for elbow and for PyTorch, beside OpenBLAS
# sgemm measured in the same run with the same thread count (bench/sgemm_openblas.py), and elbow's
# fraction of that sgemm rate; the target is >= 50 % at k = 50, batch 100.
# Useful FLOPs are the matrix products implied by the layer shapes, nothing else: a Linear layer of
# K inputs and N outputs on m rows costs 2·m·K·N forward, and its backward 2·m·K·N for the weight
# gradient plus 2·m·K·N for the input gradient, except the first encoder layer, whose input is the
# data and needs no gradient. Per step, with B = batch, F_enc = 2·B·(784·200 + 200·200 + 200·50 + 200·50)
# (encoder and both latent heads), F_dec = 2·k·B·(50·200 + 200·200 + 200·784) and F_1 = 2·B·784·200:
# step FLOPs = 3·(F_enc + F_dec) - F_1. Biases, activations, the sampling, the bound and Adam are not
# counted (they are memory-bound and comparatively small), so this is a lower bound on the work done.
# The sgemm reference is the machine's best float32 matrix-multiply rate: the highest OpenBLAS rate
# (median of 7 repeats) over a large square product (1024³) and the model's products at the largest
# k·batch of the run (every weight, forward and both backward forms), measured once, before the configs.
#
# elbow is timed through its real training loop: `examples.jar iwae ... --max-steps N`, reading from the
# run's summary.json samples_per_s (all N training steps, the JIT's warm-up included: the first seconds
# run interpreted) and samples_per_s_steady (the second half of the N steps, once the kernels are
# compiled). PyTorch is timed over N steps after a short untimed warm-up, i.e. in its steady state, with
# subnormal floats flushed to zero (torch.set_flush_denormal; at k = 50 the IWAE bound's tiny weights
# otherwise cost it a quarter to half of its speed on Intel cores; elbow's step zeroes weights below 2^-64).
# The 3x target is checked on the whole-run rate; the FLOP/s and the fraction of sgemm, which describe
# the training step itself, on the steady rates of both.
#
# Usage: bench/vae-vs-pytorch.sh [--threads T] [--scale F] [--repeat R] [--configs k,batch,estimator,steps;...]
#   --threads  threads for both (default: all cores, $(nproc))
#   --repeat   run each config R times, alternating elbow and PyTorch, and keep each side's fastest run
#              (default 1): on a shared machine other work only ever slows a run down
#   --scale    multiply every step count by F (e.g. 0.2 for a quick look; default 1: ~10-30 s per side)
#   --configs  semicolon-separated list (default: the five of the issue, see CONFIGS below)
# Environment: JAVA (default: java on PATH), JAR (default: examples/target/examples.jar, built by
#              mvn -B -q -pl examples -am package -DskipTests), ELBOW_DATA (MNIST IDX folder).
# Needs Debian's python3-torch, python3-numpy and libopenblas0-pthread for /usr/bin/python3 (it installs
# nothing; exit status 2, naming what is missing). OPENBLAS_NUM_THREADS and OMP_NUM_THREADS are set to
# the thread count for both the PyTorch and the sgemm measurement.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
JAR=${JAR:-examples/target/examples.jar}
PY=/usr/bin/python3   # Debian's python, where apt puts torch (not a pyenv python earlier on PATH)
THREADS=$(nproc)
SCALE=1
REPEAT=1
# k,batch,estimator,steps
CONFIGS="1,20,standard,1200;1,100,standard,600;5,100,standard,1000;50,100,standard,600;1,100,stl,600"
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --configs) CONFIGS=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    *) echo "usage: $0 [--threads T] [--scale F] [--repeat R] [--configs 'k,batch,estimator,steps;...']" >&2; exit 2 ;;
  esac
done

if [ ! -f "$JAR" ]; then
  echo "$JAR is missing; build it with: mvn -B -q -pl examples -am package -DskipTests (or set JAR)" >&2
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
# Fail early (status 2, naming the package) if torch, numpy or OpenBLAS is missing.
py_env=(env OPENBLAS_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS")
torch_probe=$("${py_env[@]}" "$PY" bench/vae_pytorch.py --threads "$THREADS" --probe) || exit 2
"${py_env[@]}" "$PY" bench/sgemm_openblas.py --threads 1 --shapes NN:20:20:20 --seconds 0.001 > /dev/null || exit 2
source bench/openblas-env.sh

# The shapes of the sgemm reference: a large square product and the model's own at the run's largest k·batch.
rows=0
for c in ${CONFIGS//;/ }; do
  IFS=, read -r k b _ _ <<< "$c"
  if [ $(( k * b )) -gt "$rows" ]; then rows=$(( k * b )); fi
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "# elbow MNIST VAE/IWAE training vs PyTorch, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m)," \
     "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "# $("$JAVA" -jar "$JAR" info 2>/dev/null | head -1)"
echo "# JDK: $("$JAVA" -version 2>&1 | head -1)"
echo "# PyTorch: $torch_probe (OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=$THREADS, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset: OpenBLAS picks})"
echo "# threads: $THREADS (both); load average before: $load_before"

"${py_env[@]}" "$PY" bench/sgemm_openblas.py --threads "$THREADS" --shapes NN:1024:1024:1024 --seconds 0.03 > "$out/sgemm"
"${py_env[@]}" "$PY" bench/sgemm_openblas.py --threads "$THREADS" --batches "$rows" --seconds 0.03 >> "$out/sgemm"
read -r sgemm sgemm_shape < <(awk '$1 == "OPENBLAS" && $7 > best { best = $7; shape = $2 " " $3 "x" $4 "x" $5 }
                                   END { print best, shape }' "$out/sgemm")
echo "# $(grep -m1 '^# OpenBLAS' "$out/sgemm" | sed 's/^# //')"
echo "# OpenBLAS sgemm reference: $sgemm GFLOP/s on $THREADS threads (best of 1024³ and the model's products at" \
     "$rows rows: $sgemm_shape, m x n x k)"

printf "%-4s %5s %-9s %6s %10s %10s %6s %10s %6s %10s %9s %9s %11s\n" "k" "batch" "estimator" "steps" "elbow/s" "pytorch/s" \
       "ratio" "steady/s" "ratio" "MFLOP/step" "elbowGF/s" "torchGF/s" "elbow/sgemm"
for c in ${CONFIGS//;/ }; do
  IFS=, read -r k b est steps <<< "$c"
  steps=$(awk -v s="$steps" -v f="$SCALE" 'BEGIN { n = int(s * f + 0.5); print (n < 5 ? 5 : n) }')
  if [ "$k" = 1 ]; then obj=vae; else obj=iwae; fi
  warm=$(( steps / 10 < 20 ? steps / 10 : 20 )); [ "$warm" -ge 1 ] || warm=1
  # enough epochs of 60,000 images that --max-steps ends the run (one epoch is only 600 steps at batch 100)
  epochs=$(( (steps * b + 59999) / 60000 ))
  e=0; es=0; p=0
  for ((round = 1; round <= REPEAT; round++)); do
    run="$out/elbow-k$k-b$b-$est-$round"
    "$JAVA" -jar "$JAR" iwae --k "$k" --batch "$b" --objective "$obj" --estimator "$est" \
        --max-steps "$steps" --epochs "$epochs" --eval-limit 100 --eval-k 10 --threads "$THREADS" \
        --out "$run" > "$run.log" 2>&1 || { echo "elbow failed for $c; see its log:" >&2; tail -20 "$run.log" >&2; exit 1; }
    summary=$(find "$run" -mindepth 2 -name summary.json | head -1)
    read -r e1 s1 < <("$PY" -c 'import json,sys; j = json.load(open(sys.argv[1])); print(j["samples_per_s"], j["samples_per_s_steady"])' "$summary")
    line=$("${py_env[@]}" "$PY" bench/vae_pytorch.py --threads "$THREADS" --warmup "$warm" --config "$k,$b,$est,$steps")
    echo "$line" >> "$out/pytorch"
    p1=$(echo "$line" | grep '^config' | sed 's/.*samples_per_s=\([0-9.]*\).*/\1/')
    e=$(awk -v a="$e" -v b="$e1" 'BEGIN { print (b > a ? b : a) }')
    es=$(awk -v a="$es" -v b="$s1" 'BEGIN { print (b > a ? b : a) }')
    p=$(awk -v a="$p" -v b="$p1" 'BEGIN { print (b > a ? b : a) }')
  done
  awk -v k="$k" -v b="$b" -v est="$est" -v n="$steps" -v e="$e" -v es="$es" -v p="$p" -v sgemm="$sgemm" 'BEGIN {
    # useful FLOPs per step, the convention of the header comment
    f_enc = 2 * b * (784 * 200 + 200 * 200 + 200 * 50 + 200 * 50)
    f_dec = 2 * k * b * (50 * 200 + 200 * 200 + 200 * 784)
    f_1 = 2 * b * 784 * 200
    flops = 3 * (f_enc + f_dec) - f_1
    ge = es / b * flops / 1e9; gp = p / b * flops / 1e9; frac = ge / sgemm
    r = e / p; rs = es / p
    flags = (r < 3 ? "  <3x" : "") ((k == 50 && b == 100 && frac < 0.5) ? "  <50%" : "")
    printf "%-4d %5d %-9s %6d %10.1f %10.1f %6.2f %10.1f %6.2f %10.1f %9.1f %9.1f %10.1f%%%s\n",
           k, b, est, n, e, p, r, es, rs, flops / 1e6, ge, gp, 100 * frac, flags }'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" \
     "(other work on the machine makes both columns noisy)"
echo "# elbow/s = images per second over all timed training steps, the JIT's warm-up included; ratio = elbow / PyTorch;" \
     "target >= 3"
echo "# steady/s = elbow's images per second over the second half of its steps (PyTorch is timed after its warm-up);" \
     "ratio = steady / PyTorch"
echo "# GF/s = useful GFLOP/s of the step at the steady rates (its matrix products only; see the top of this script);" \
     "elbow/sgemm = elbow's GF/s / the sgemm reference; target >= 50 % at k = 50, batch 100"
