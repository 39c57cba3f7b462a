# Sourced by the bench scripts after their numpy/OpenBLAS probe. Sets OPENBLAS_CORETYPE, for OpenBLAS
# and for PyTorch (which multiplies through it), to the kernel set that is fastest on this CPU
# (sgemm_openblas.py --best-core), so that both references are compared at their best: these machines'
# environment sets OPENBLAS_CORETYPE=Haswell, OpenBLAS's AVX2 kernels, about half as fast as its AVX-512
# ones on their AMD Zen 5. BENCH_OPENBLAS_CORETYPE overrides the probe ("" = OpenBLAS's own detection).
# Needs PY.
if [ -n "${BENCH_OPENBLAS_CORETYPE+set}" ]; then
  OPENBLAS_CORETYPE=$BENCH_OPENBLAS_CORETYPE
else
  OPENBLAS_CORETYPE=$("$PY" bench/sgemm_openblas.py --best-core)
fi
if [ -n "$OPENBLAS_CORETYPE" ]; then export OPENBLAS_CORETYPE; else unset OPENBLAS_CORETYPE; fi
