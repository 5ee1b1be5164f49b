#!/usr/bin/python3
# torch_op_overhead.py: the PyTorch peer of dev.tessera.bench.OpOverheadBench. Times eager
# `a + b` on two 1-element float32 tensors (and a 1000-element add for context) with timeit,
# best of several repeats, so the two can be compared as a ratio on the same machine.
# Run with Debian's python3-torch: /usr/bin/python3 bench/peers/torch_op_overhead.py
import json
import sys
import timeit

import torch


def per_op_ns(stmt, setup_globals, number=200_000, repeat=7):
    times = timeit.repeat(stmt, globals=setup_globals, number=number, repeat=repeat)
    return min(times) / number * 1e9, sorted(times)[len(times) // 2] / number * 1e9


def main():
    torch.set_num_threads(1)
    a1, b1 = torch.ones(1), torch.ones(1)
    a1k, b1k = torch.ones(1000), torch.ones(1000)
    results = {}
    for name, stmt, g in [("add1", "a + b", {"a": a1, "b": b1}), ("add1000", "a + b", {"a": a1k, "b": b1k})]:
        best, median = per_op_ns(stmt, g)
        results[name] = {"best_ns": round(best, 1), "median_ns": round(median, 1)}
    out = {"torch": torch.__version__, "python": sys.version.split()[0], "threads": torch.get_num_threads(), "results": results}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
