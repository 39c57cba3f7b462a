#!/usr/bin/env bash
# Kills a short MNIST VAE training with kill -9 in the middle of an epoch, after its first checkpoint,
# resumes it with --resume, and checks that metrics.csv then holds every step exactly once, in order,
# with the rows up to the checkpoint unchanged (a killed run may have written rows past its checkpoint;
# the resumed run drops them and writes those steps again).
#
#   scripts/resume-demo.sh                 # uses examples/target/examples.jar and the MNIST of scripts/fetch-mnist.sh
#   JAR=path/to/examples.jar OUT=/tmp/demo scripts/resume-demo.sh
#
# Exit status 0 when the check passes. (The bit-for-bit version of this check, on synthetic data in
# child JVMs, is the test VaeResumeTest.aRunKilledWithSigkillMidEpochResumesWithoutAGapOrARepeat.)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-examples/target/examples.jar}
JAVA=${JAVA:-java}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/elbow-resume-demo.XXXXXX")}
EPOCHS=2
STEPS_PER_EPOCH=1500                      # 30000 training images, batch 20: several seconds an epoch
ARGS=(vae --estimator standard --k 5 --train-limit 30000 --batch 20 --epochs "$EPOCHS" --eval-limit 100 --eval-k 100 --seed 7 --out "$OUT")
RUN="$OUT/standard"
CHECKPOINT="$RUN/checkpoint.safetensors"

[ -f "$JAR" ] || { echo "no $JAR: build it with  mvn -B -q package -DskipTests" >&2; exit 1; }
mkdir -p "$OUT"
rm -rf "$RUN"

# --add-modules makes the workbench run in this JVM: without it, it re-launches itself in a child JVM
# (to enable the Vector API), and kill -9 would hit the parent and leave the child training.
"$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" "${ARGS[@]}" >"$OUT/first.log" 2>&1 &
pid=$!
for _ in $(seq 3000); do
    [ -f "$CHECKPOINT" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "the training ended before its first checkpoint; see $OUT/first.log" >&2; exit 1; }
    sleep 0.1
done
[ -f "$CHECKPOINT" ] || { kill -9 "$pid"; echo "no checkpoint after 300 s" >&2; exit 1; }
checkpoint_step() { head -c 65536 "$CHECKPOINT" | grep -ao '"step":"[0-9]*"' | head -1 | tr -dc 0-9; }
# Into epoch 2: wait until metrics.csv (flushed every 2 s) holds rows past the checkpoint, then kill.
first=$(checkpoint_step)
for _ in $(seq 600); do
    [ $(($(wc -l <"$RUN/metrics.csv") - 1)) -gt "$first" ] && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null || { echo "the training ended before the kill; nothing to show" >&2; exit 1; }
wait "$pid" 2>/dev/null || true

at_kill=$(checkpoint_step)
rows_at_kill=$(($(wc -l <"$RUN/metrics.csv") - 1))
cp "$RUN/metrics.csv" "$OUT/metrics-at-kill.csv"
echo "killed (SIGKILL) pid $pid: checkpoint at step $at_kill, metrics.csv had $rows_at_kill rows"
[ "$at_kill" -lt $((EPOCHS * STEPS_PER_EPOCH)) ] || { echo "the run finished before the kill; nothing to show" >&2; exit 1; }

"$JAVA" -jar "$JAR" "${ARGS[@]}" --resume >"$OUT/resume.log" 2>&1 || { echo "the resumed run failed; see $OUT/resume.log" >&2; exit 1; }
grep -a "resuming from" "$OUT/resume.log"

status=0
rows=$(($(wc -l <"$RUN/metrics.csv") - 1))
if ! awk -F, 'NR > 1 && $1 != NR - 1 { printf "metrics.csv row %d holds step %s: a gap or a repeat\n", NR - 1, $1; bad = 1 } END { exit bad }' "$RUN/metrics.csv"; then
    status=1
fi
[ "$rows" -eq $((EPOCHS * STEPS_PER_EPOCH)) ] || { echo "metrics.csv has $rows rows, expected $((EPOCHS * STEPS_PER_EPOCH))"; status=1; }
if ! cmp -s <(head -n $((at_kill + 1)) "$OUT/metrics-at-kill.csv") <(head -n $((at_kill + 1)) "$RUN/metrics.csv"); then
    echo "the rows up to the checkpoint changed"; status=1
fi
if [ "$status" -eq 0 ]; then
    echo "OK: metrics.csv holds steps 1..$rows once each, in order; rows 1..$at_kill are those written before the kill"
    echo "outputs in $OUT"
fi
exit "$status"
