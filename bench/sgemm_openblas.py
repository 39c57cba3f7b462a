#!/usr/bin/python3
"""OpenBLAS sgemm at the MNIST VAE's matrix shapes: the reference for elbow's matmul kernel.

Calls cblas_sgemm of Debian's OpenBLAS directly (through ctypes, on numpy float32 arrays), so the
thread count is OpenBLAS's own (openblas_set_num_threads) and not whatever torch or numpy's BLAS
alternative happens to be. Prints one line per case:

    OPENBLAS <form> <m> <n> <k> <threads> <GFLOP/s>

with form NN (forward, C = X·W), NT (dX = dY·Wᵀ) or TN (dW = Xᵀ·dY), the same cases and order as
elbow.bench.MatMulBench's runner. Timing: a warm-up of about 2 repeats' length, then the median
(--stat median, the default) or the fastest (--stat best) of 7 timed repeats of about --seconds
(default 0.05 s) each.

Usage: /usr/bin/python3 bench/sgemm_openblas.py [--threads 1,2] [--batches 20,100,1000,5000] [--forms NN,NT,TN]
           [--weights 784x200,...] [--shapes NN:1024:1024:1024,...] [--seconds 0.05] [--stat median|best]
--weights limits the weight shapes K x N (default: all five of the model); --shapes replaces the
batch x weight cases by explicit form:m:n:k products (bench/vae-vs-pytorch.sh uses it for a large
square product; bench/guard.sh uses --batches/--weights with --stat best).
Exit status 2 when numpy or OpenBLAS is missing (it installs nothing: it says what to install).

--best-core prints the OpenBLAS core type (kernel set) that runs sgemm fastest on this CPU, or nothing
when OpenBLAS's own detection wins. Candidates: OpenBLAS's detection, an inherited OPENBLAS_CORETYPE
and the AVX-512 kernel sets the CPU can run. These machines' environment sets OPENBLAS_CORETYPE=Haswell
(AVX2 kernels), about half as fast as the AVX-512 ones on this AMD Zen 5. The bench scripts export
the winner as OPENBLAS_CORETYPE (bench/openblas-env.sh), for OpenBLAS and for PyTorch, which
multiplies matrices through the same library, so that both references are at their best.
"""
import argparse
import ctypes
import ctypes.util
import os
import sys
import time

BATCHES = [20, 100, 1000, 5000]
# Weight shapes K x N of the MNIST VAE: encoder 784-200-200, heads 200-50, decoder 50-200-200-784.
WEIGHTS = [(784, 200), (200, 200), (200, 100), (50, 200), (200, 784)]

CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, CBLAS_TRANS = 101, 111, 112

LIBRARY_CANDIDATES = [
    "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
    "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
    "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
    "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
]


def cases(batches, forms, weights=WEIGHTS):
    """(form, m, n, k) in the runner's order: per batch, per weight, NN then NT then TN."""
    out = []
    for batch in batches:
        for k_w, n_w in weights:
            for form in ("NN", "NT", "TN"):
                if form not in forms:
                    continue
                if form == "NN":
                    out.append((form, batch, n_w, k_w))
                elif form == "NT":
                    out.append((form, batch, k_w, n_w))
                else:
                    out.append((form, k_w, n_w, batch))
    return out


def load_openblas():
    for path in LIBRARY_CANDIDATES + [ctypes.util.find_library("openblas") or ""]:
        if path and os.path.exists(path) or (path and not path.startswith("/")):
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_set_num_threads  # noqa: B018 (raises AttributeError if this is not OpenBLAS)
                return lib, path
            except (OSError, AttributeError):
                continue
    return None, None


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def best_core():
    """Times a few model-sized products on one thread under each core type the CPU supports."""
    import subprocess
    flags = cpu_flags()
    # "" is OpenBLAS's own detection; an inherited OPENBLAS_CORETYPE is only one candidate among others.
    candidates = ["", os.environ.get("OPENBLAS_CORETYPE", "")]
    if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags:
        candidates.append("SkylakeX")
        if "avx512_bf16" in flags:
            candidates.append("Cooperlake")
    best, best_rate = "", 0.0
    for core in dict.fromkeys(candidates):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        env.pop("OPENBLAS_CORETYPE", None)
        if core:
            env["OPENBLAS_CORETYPE"] = core
        run = subprocess.run([sys.executable, os.path.abspath(__file__), "--threads", "1", "--stat", "best",
                              "--seconds", "0.02", "--shapes", "NN:512:512:512,NN:100:200:784,NT:100:784:200"],
                             env=env, capture_output=True, text=True)
        rates = [float(line.split()[-1]) for line in run.stdout.splitlines() if line.startswith("OPENBLAS ")]
        if run.returncode != 0 or len(rates) != 3:
            continue
        rate = (rates[0] * rates[1] * rates[2]) ** (1 / 3)
        if rate > best_rate:
            best, best_rate = core, rate
    print(best)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", default="1,%d" % os.cpu_count(), help="comma-separated thread counts")
    parser.add_argument("--batches", default=",".join(map(str, BATCHES)))
    parser.add_argument("--forms", default="NN,NT,TN")
    parser.add_argument("--weights", default=",".join("%dx%d" % w for w in WEIGHTS), help="weight shapes KxN")
    parser.add_argument("--shapes", default="", help="explicit products form:m:n:k,... (replaces batches x weights)")
    parser.add_argument("--seconds", type=float, default=0.05, help="length of one timed repeat")
    parser.add_argument("--stat", choices=("median", "best"), default="median",
                        help="which of the 7 timed repeats to report")
    parser.add_argument("--best-core", action="store_true",
                        help="print the fastest OPENBLAS_CORETYPE for this CPU (empty: OpenBLAS's own choice)")
    args = parser.parse_args()
    if args.best_core:
        return best_core()

    try:
        import numpy as np
    except ImportError:
        print("sgemm_openblas.py: numpy is missing; install it with: apt-get install python3-numpy", file=sys.stderr)
        return 2
    lib, path = load_openblas()
    if lib is None:
        print("sgemm_openblas.py: OpenBLAS is missing; install it with: apt-get install libopenblas0-pthread",
              file=sys.stderr)
        return 2

    ptr = ctypes.c_void_p
    lib.cblas_sgemm.argtypes = [ctypes.c_int] * 6 + [ctypes.c_float, ptr, ctypes.c_int, ptr, ctypes.c_int,
                                                     ctypes.c_float, ptr, ctypes.c_int]
    lib.cblas_sgemm.restype = None
    lib.openblas_set_num_threads.argtypes = [ctypes.c_int]
    try:
        lib.openblas_get_config.restype = ctypes.c_char_p
        config = lib.openblas_get_config().decode()
        lib.openblas_get_corename.restype = ctypes.c_char_p
        config += ", core " + lib.openblas_get_corename().decode()
    except AttributeError:
        config = "?"
    print("# OpenBLAS %s (%s), numpy %s, python %s" % (config, path, np.__version__, sys.version.split()[0]))

    threads = [int(t) for t in args.threads.split(",")]
    batches = [int(b) for b in args.batches.split(",")]
    forms = args.forms.split(",")
    weights = [tuple(int(d) for d in w.split("x")) for w in args.weights.split(",")]
    if args.shapes:
        todo = []
        for shape in args.shapes.split(","):
            form, m, n, k = shape.split(":")
            todo.append((form, int(m), int(n), int(k)))
    else:
        todo = cases(batches, forms, weights)
    rng = np.random.default_rng(1)
    for t in threads:
        lib.openblas_set_num_threads(t)
        for form, m, n, k in todo:
            trans_a, trans_b = form[0] == "T", form[1] == "T"
            a = rng.random((k, m) if trans_a else (m, k), dtype=np.float32)
            b = rng.random((n, k) if trans_b else (k, n), dtype=np.float32)
            c = np.empty((m, n), dtype=np.float32)
            lda, ldb = a.shape[1], b.shape[1]
            call_args = (CBLAS_ROW_MAJOR, CBLAS_TRANS if trans_a else CBLAS_NO_TRANS,
                         CBLAS_TRANS if trans_b else CBLAS_NO_TRANS, m, n, k, 1.0,
                         a.ctypes.data, lda, b.ctypes.data, ldb, 0.0, c.ctypes.data, n)
            flops = 2.0 * m * n * k
            # Warm-up, then size one repeat to about args.seconds.
            start = time.perf_counter()
            calls = 0
            while calls < 3 or time.perf_counter() - start < 2 * args.seconds:
                lib.cblas_sgemm(*call_args)
                calls += 1
            reps = max(1, int(calls * args.seconds / (time.perf_counter() - start)))
            times = []
            for _ in range(7):
                start = time.perf_counter()
                for _ in range(reps):
                    lib.cblas_sgemm(*call_args)
                times.append((time.perf_counter() - start) / reps)
            times.sort()
            seconds = times[0] if args.stat == "best" else times[3]
            print("OPENBLAS %s %d %d %d %d %.1f" % (form, m, n, k, t, flops / seconds / 1e9), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
