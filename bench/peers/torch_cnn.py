#!/usr/bin/python3
# torch_cnn.py: the PyTorch peer of `./tessera train cnn` and of the CnnEpochBench JMH benchmark.
# Same model (Conv 32 3x3 relu -> MaxPool 2 -> Conv 64 3x3 relu -> MaxPool 2 -> Flatten ->
# Dense 128 relu -> Dense 10), Adam lr 1e-3, batch 64, cross entropy, Fashion-MNIST scaled to
# [0, 1]; eager loop on the CPU with 2 threads (oneDNN convolutions).
# Prints one JSON line: seconds per epoch (training loop only), one step's time, test accuracy.
#
#   LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/peers/torch_cnn.py --epochs 3
import argparse
import json
import os
import time

import torch

from torch_mlp import load


def network():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64 * 5 * 5, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--data", default=os.environ.get("TESSERA_DATA_FASHION", "/usr/share/datasets/fashion-mnist"))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "test")
    xtr, xte = xtr.unsqueeze(1), xte.unsqueeze(1)
    model = network()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n, bs = xtr.shape[0], a.batch_size
    epoch_seconds, accuracies = [], []
    for _ in range(a.epochs):
        model.train()
        perm = torch.randperm(n)
        start = time.perf_counter()
        for i in range(0, n, bs):
            idx = perm[i:i + bs]
            opt.zero_grad()
            loss_fn(model(xtr[idx]), ytr[idx]).backward()
            opt.step()
        epoch_seconds.append(time.perf_counter() - start)
        model.eval()
        with torch.no_grad():
            correct = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, len(yte), 1000))
        accuracies.append(correct / len(yte))
    xb, yb = xtr[:bs], ytr[:bs]
    model.train()
    steps = []
    for _ in range(200):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss_fn(model(xb), yb).backward()
        opt.step()
        steps.append(time.perf_counter() - t0)
    steps.sort()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "batch_size": bs,
                      "epochs": a.epochs, "seconds_per_epoch": [round(s, 3) for s in epoch_seconds],
                      "step_ms_median": round(steps[len(steps) // 2] * 1e3, 3),
                      "test_accuracy_per_epoch": [round(x, 4) for x in accuracies]}))


if __name__ == "__main__":
    main()
