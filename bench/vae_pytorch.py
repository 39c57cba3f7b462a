#!/usr/bin/python3
"""PyTorch reference of elbow's MNIST VAE/IWAE training step (Burda et al. 2015, one stochastic layer).

Same model as `examples.jar vae|iwae`: encoder 784-200-200 tanh -> linear heads mean (50) and
log-variance (50); decoder 50-200-200 tanh -> 784 Bernoulli logits; prior N(0, I); Glorot-uniform
weights, zero biases; float32; Adam lr 1e-3, betas (0.9, 0.999), eps 1e-4. Objective: k = 1 the
ELBO, k > 1 the IWAE bound (logsumexp over k of log w - log k), reparameterized; STL evaluates log q
with the mean and log-variance detached. Dynamic binarization per batch. Loss = -mean over batch.

Times --steps training steps after --warmup steps and prints one line per config:
    config k=K batch=B estimator=standard|stl threads=T steps=N seconds=S samples_per_s=X
           warmup_steps=W warmup_seconds=WS final_loss=L
warmup_seconds is the time of the W untimed steps of the fresh model, PyTorch's own start-up cost.

Usage: /usr/bin/python3 bench/vae_pytorch.py --threads 2 --config 1,20,standard --config 50,100,standard
       (each --config is k,batch,estimator[,steps]; default steps from --steps)
Reads train-images-idx3-ubyte (raw IDX) from ${ELBOW_DATA:-$HOME/.cache/elbow/mnist}.
Exit status 2 if torch or numpy is missing (it installs nothing).
"""
import argparse
import math
import os
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--config", action="append", default=[],
                   help="k,batch,estimator[,steps] (estimator: standard or stl); repeatable")
    p.add_argument("--steps", type=int, default=1000, help="timed steps per config (default 1000)")
    p.add_argument("--warmup", type=int, default=50, help="untimed steps before timing (default 50)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep-denormals", action="store_true",
                   help="leave subnormal floats on (PyTorch's default); by default they are flushed to zero")
    p.add_argument("--probe", action="store_true", help="only check that torch imports; print its version")
    return p.parse_args()


args = parse_args()
# Thread count must be fixed before torch (and its OpenBLAS) is loaded.
os.environ["OMP_NUM_THREADS"] = str(args.threads)
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["MKL_NUM_THREADS"] = str(args.threads)
try:
    import numpy as np
    import torch
except ImportError as e:
    print(f"missing: {e.name}; install it with: apt-get install python3-torch python3-numpy "
          f"libopenblas0-pthread (and run this with Debian's /usr/bin/python3)", file=sys.stderr)
    sys.exit(2)

torch.set_num_threads(args.threads)
# Subnormal floats (the IWAE bound's tiny importance weights, and their products downstream) cost Intel
# cores a microcode assist per operation, and PyTorch keeps them by default: at k = 50 they cost it a
# quarter to half of its speed on this project's Intel test machine (569-415 against 769 images/s). Flushing them gives PyTorch its best speed, as elbow's fused step avoids them by setting weights
# below 2^-64 to 0 (BernoulliVaeStep); neither changes a float32 gradient that matters.
FLUSH = (not args.keep_denormals) and torch.set_flush_denormal(True)
if args.probe:
    print(f"torch {torch.__version__} threads={torch.get_num_threads()} flush_denormal={FLUSH}")
    sys.exit(0)

LATENT, HIDDEN, PIXELS = 50, 200, 784
LOG2PI = math.log(2 * math.pi)


def load_mnist():
    root = os.environ.get("ELBOW_DATA") or os.path.join(os.path.expanduser("~"), ".cache", "elbow", "mnist")
    path = os.path.join(root, "train-images-idx3-ubyte")
    if not os.path.exists(path):
        print(f"missing: {path} (run the elbow examples once to download MNIST, or set ELBOW_DATA)",
              file=sys.stderr)
        sys.exit(2)
    raw = np.fromfile(path, dtype=np.uint8)
    n = (raw.size - 16) // PIXELS
    return torch.from_numpy(raw[16:16 + n * PIXELS].reshape(n, PIXELS).astype(np.float32) / 255.0)


def linear(n_in, n_out):
    layer = torch.nn.Linear(n_in, n_out)
    torch.nn.init.xavier_uniform_(layer.weight)  # Glorot uniform
    torch.nn.init.zeros_(layer.bias)
    return layer


class VAE(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = torch.nn.Sequential(linear(PIXELS, HIDDEN), torch.nn.Tanh(), linear(HIDDEN, HIDDEN), torch.nn.Tanh())
        self.mean = linear(HIDDEN, LATENT)
        self.logvar = linear(HIDDEN, LATENT)
        self.dec = torch.nn.Sequential(linear(LATENT, HIDDEN), torch.nn.Tanh(), linear(HIDDEN, HIDDEN), torch.nn.Tanh(),
                                       linear(HIDDEN, PIXELS))

    def loss(self, x, k, stl):
        """-mean over the batch of the k-sample bound (ELBO for k = 1, IWELBO otherwise)."""
        h = self.enc(x)
        mu, logvar = self.mean(h), self.logvar(h)                   # [B, L]
        std = torch.exp(0.5 * logvar)
        eps = torch.randn(k, *mu.shape)                              # [k, B, L]
        z = mu + std * eps
        if stl:  # Roeder et al. 2017: log q with detached variational parameters
            mu_q, logvar_q = mu.detach(), logvar.detach()
            log_q = -0.5 * (((z - mu_q) ** 2) * torch.exp(-logvar_q) + logvar_q + LOG2PI).sum(-1)
        else:
            log_q = -0.5 * (eps ** 2 + logvar + LOG2PI).sum(-1)
        log_p_z = -0.5 * (z ** 2 + LOG2PI).sum(-1)
        logits = self.dec(z)                                         # [k, B, 784]
        log_p_x = -torch.nn.functional.binary_cross_entropy_with_logits(
            logits, x.expand(k, *x.shape), reduction="none").sum(-1)
        log_w = log_p_x + log_p_z - log_q                            # [k, B]
        if k == 1:
            bound = log_w[0]
        else:
            bound = torch.logsumexp(log_w, 0) - math.log(k)
        return -bound.mean()


def run(data, k, batch, estimator, steps, warmup, seed):
    torch.manual_seed(seed)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-4)
    n = data.shape[0]
    perm = torch.randperm(n)
    pos = 0
    stl = estimator == "stl"

    def step():
        nonlocal pos, perm
        if pos + batch > n:
            perm, pos = torch.randperm(n), 0
        x = torch.bernoulli(data[perm[pos:pos + batch]])              # dynamic binarization
        pos += batch
        opt.zero_grad(set_to_none=True)
        loss = model.loss(x, k, stl)
        loss.backward()
        opt.step()
        return loss

    w0 = time.perf_counter()
    for _ in range(warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        loss = step()
    seconds = time.perf_counter() - t0
    if not torch.isfinite(loss):
        print(f"warning: non-finite loss for k={k} batch={batch}", file=sys.stderr)
    return seconds, t0 - w0, float(loss)


def main():
    configs = args.config or ["1,20,standard", "1,100,standard", "5,100,standard", "50,100,standard", "1,100,stl"]
    data = load_mnist()
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}", flush=True)
    for c in configs:
        parts = c.split(",")
        k, batch, estimator = int(parts[0]), int(parts[1]), parts[2]
        steps = int(parts[3]) if len(parts) > 3 else args.steps
        if estimator not in ("standard", "stl"):
            print(f"unknown estimator {estimator}", file=sys.stderr)
            sys.exit(2)
        seconds, warmup_seconds, loss = run(data, k, batch, estimator, steps, args.warmup, args.seed)
        print(f"config k={k} batch={batch} estimator={estimator} threads={args.threads} steps={steps} "
              f"seconds={seconds:.3f} samples_per_s={steps * batch / seconds:.1f} "
              f"warmup_steps={args.warmup} warmup_seconds={warmup_seconds:.3f} final_loss={loss:.2f}",
              flush=True)


main()
