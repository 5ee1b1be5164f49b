#!/usr/bin/python3
# torch_mlp.py: the PyTorch peer of `./tessera train mlp` and of the MlpStepBench JMH benchmark.
# Same model (Flatten -> Linear 784x128 -> ReLU -> Linear 128x10), Adam lr 1e-3, batch 32,
# cross entropy, Fashion-MNIST scaled to [0, 1]; eager loop on the CPU with 2 threads.
# Prints one JSON line: seconds per epoch (training loop only), one step's time, test accuracy.
#
# Run with OpenBLAS as the BLAS (Debian's torch links the reference BLAS otherwise):
#   LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/peers/torch_mlp.py --epochs 1
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(root, split):
    prefix = "train" if split == "train" else "t10k"
    x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data", default=os.environ.get("TESSERA_DATA_FASHION", "/usr/share/datasets/fashion-mnist"))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "test")
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = xtr.shape[0]
    epoch_seconds = []
    for _ in range(a.epochs):
        perm = torch.randperm(n)
        start = time.perf_counter()
        for i in range(0, n, 32):
            idx = perm[i:i + 32]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        epoch_seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    # One step on a fixed batch, best of 2000, for the JMH comparison.
    xb, yb = xtr[:32], ytr[:32]
    steps = []
    for _ in range(2000):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()
        steps.append(time.perf_counter() - t0)
    steps.sort()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": os.environ.get("LD_LIBRARY_PATH", "default"), "epochs": a.epochs,
                      "seconds_per_epoch": [round(s, 3) for s in epoch_seconds],
                      "step_us_median": round(steps[len(steps) // 2] * 1e6, 1), "step_us_best": round(steps[0] * 1e6, 1),
                      "test_accuracy": round(acc, 4)}))


if __name__ == "__main__":
    main()
