#!/usr/bin/python3
# torch_layers.py: the PyTorch peer of the ConvBench, PoolBench and LstmBench JMH benchmarks.
# Same shapes as issue 5's benchmark list: conv2d forward and forward+backward (input, weight and
# bias gradients), max_pool2d 2x2, LSTM (seq 50, batch 64, input 128, hidden 256) forward and
# forward+backward; float32, 2 threads. Each figure is the median of timed runs after warm-up.
# Prints one JSON object (benchmark name -> milliseconds).
#
#   LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/peers/torch_layers.py
import argparse
import json
import os
import time

import torch
import torch.nn.functional as F

CONV_SHAPES = {  # name -> (N, C_in, C_out, H=W, padding)
    "n64_c1_k32_28": (64, 1, 32, 28, 0),
    "n64_c32_k64_13": (64, 32, 64, 13, 0),
    "n32_c64_k64_56_pad1": (32, 64, 64, 56, 1),
}
POOL_SHAPES = {"n64_c32_26": (64, 32, 26), "n32_c64_56": (32, 64, 56)}


def median_ms(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return round(times[len(times) // 2] * 1e3, 3)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "mkldnn": torch.backends.mkldnn.is_available(),
           "unit": "ms, median"}
    for name, (n, ci, co, hw, pad) in CONV_SHAPES.items():
        x = torch.randn(n, ci, hw, hw, requires_grad=True)
        w = torch.randn(co, ci, 3, 3, requires_grad=True)
        b = torch.randn(co, requires_grad=True)
        with torch.no_grad():
            out["conv2d_forward_" + name] = median_ms(lambda: F.conv2d(x, w, b, padding=pad), 3, a.runs)

        def fwd_bwd():
            y = F.conv2d(x, w, b, padding=pad)
            x.grad = w.grad = b.grad = None
            y.backward(torch.ones_like(y))
        out["conv2d_forward_backward_" + name] = median_ms(fwd_bwd, 3, a.runs)
    for name, (n, c, hw) in POOL_SHAPES.items():
        x = torch.randn(n, c, hw, hw)
        with torch.no_grad():
            out["max_pool2d_forward_" + name] = median_ms(lambda: F.max_pool2d(x, 2), 5, a.runs * 5)
    lstm = torch.nn.LSTM(128, 256, batch_first=True)
    x = torch.randn(64, 50, 128, requires_grad=True)
    with torch.no_grad():
        out["lstm_forward_seq50_n64_128_256"] = median_ms(lambda: lstm(x), 3, a.runs)

    def lstm_fwd_bwd():
        y, _ = lstm(x)
        lstm.zero_grad()
        x.grad = None
        y.backward(torch.ones_like(y))
    out["lstm_forward_backward_seq50_n64_128_256"] = median_ms(lstm_fwd_bwd, 3, a.runs)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
