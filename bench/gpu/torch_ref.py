"""PyTorch reference for bench.mjs: the same MLP, optimiser, batches and data file, on CUDA and/or CPU.

    python3 torch_ref.py <out.json> <cuda|cpu>[,...] <data-file>[,...] [batch,...]

Dense 20->64 relu ->64 relu ->2 (CrossEntropyLoss = softmax + categorical cross-entropy), Adam lr 1e-3.
The rows live on the device; each epoch draws a fresh permutation (like model.fit's shuffle) and
indexes the batches from it. One warm-up epoch, then up to EPOCHS timed epochs while BUDGET_S allows;
the epoch's loss is the row-weighted mean of its batch losses (what tfjs reports), summed on the
device so the loop never waits for the GPU inside an epoch; the clock stops after a synchronize.
"""
import json
import os
import sys
import time

import numpy as np
import torch

T0 = time.perf_counter()
BUDGET_S = float(os.environ.get("BUDGET_S", "120"))
EPOCHS = int(os.environ.get("EPOCHS", "3"))
FEATURES = 20


def read_data(path):
    raw = np.fromfile(path, dtype=np.uint8)
    rows = int(raw[:4].view(np.int32)[0])
    x = raw[4 : 4 + rows * FEATURES * 4].view(np.float32).reshape(rows, FEATURES)
    y = raw[4 + rows * FEATURES * 4 :].view(np.int32)[:rows]
    return rows, x, y


def left():
    return BUDGET_S - (time.perf_counter() - T0)


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize()


def main():
    out_file, devices, specs = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
    batches = [int(b) for b in (sys.argv[4] if len(sys.argv) > 4 else "256,4096").split(",")]
    result = {
        "torch": torch.__version__,
        "cudaAvailable": torch.cuda.is_available(),
        "cpuThreads": torch.get_num_threads(),
        "configs": [],
    }
    if torch.cuda.is_available():
        result["cudaDevice"] = torch.cuda.get_device_name(0)
        result["cudaRuntime"] = torch.version.cuda

    def save():
        with open(out_file, "w") as f:
            json.dump(result, f, indent=1)

    print(f"[torch] {torch.__version__} cuda={torch.cuda.is_available()} threads={torch.get_num_threads()} import+init {time.perf_counter() - T0:.1f} s", flush=True)
    save()
    datasets = [read_data(p) for p in specs]
    for name in devices:
        if name == "cuda" and not torch.cuda.is_available():
            result["configs"].append({"device": name, "skipped": "torch.cuda.is_available() is False"})
            continue
        dev = torch.device(name)
        for rows, x_np, y_np in datasets:
            x = torch.from_numpy(x_np.copy()).to(dev)
            y = torch.from_numpy(y_np.astype(np.int64)).to(dev)
            for batch in batches:
                cfg = {"device": name, "rows": rows, "batch": batch, "steps": -(-rows // batch), "epochS": [], "loss": []}
                result["configs"].append(cfg)
                cfg["status"] = "running (killed if still here)"
                save()
                if left() < 5:
                    del cfg["status"]
                    cfg["skipped"] = f"budget: {left():.1f} s left of BUDGET_S={BUDGET_S}"
                    save()
                    continue
                torch.manual_seed(1)
                model = torch.nn.Sequential(
                    torch.nn.Linear(FEATURES, 64), torch.nn.ReLU(),
                    torch.nn.Linear(64, 64), torch.nn.ReLU(),
                    torch.nn.Linear(64, 2),
                ).to(dev)
                opt = torch.optim.Adam(model.parameters(), lr=1e-3)
                loss_fn = torch.nn.CrossEntropyLoss()
                with torch.no_grad():
                    n0 = min(10000, rows)
                    cfg["initialLoss"] = float(loss_fn(model(x[:n0]), y[:n0]))

                def epoch():
                    perm = torch.randperm(rows, device=dev)
                    total = torch.zeros((), device=dev)
                    for s in range(0, rows, batch):
                        idx = perm[s : s + batch]
                        opt.zero_grad(set_to_none=True)
                        loss = loss_fn(model(x[idx]), y[idx])
                        loss.backward()
                        opt.step()
                        total += loss.detach() * idx.numel()
                    sync(dev)
                    return float(total) / rows

                t = time.perf_counter()
                cfg["warmupLoss"] = epoch()
                cfg["warmupS"] = time.perf_counter() - t
                for e in range(EPOCHS):
                    est = cfg["epochS"][-1] if cfg["epochS"] else cfg["warmupS"]
                    if est * 1.2 > left():
                        cfg["note"] = f"stopped after {e} timed epoch(s): BUDGET_S={BUDGET_S}"
                        break
                    t = time.perf_counter()
                    cfg["loss"].append(epoch())
                    cfg["epochS"].append(time.perf_counter() - t)
                    print(f"[torch {name}] rows {rows} batch {batch} epoch {e + 1}: {cfg['epochS'][-1]:.3f} s loss {cfg['loss'][-1]:.4f}", flush=True)
                if cfg["epochS"]:
                    cfg["medianEpochS"] = sorted(cfg["epochS"])[len(cfg["epochS"]) // 2]
                    cfg["msPerStep"] = cfg["medianEpochS"] * 1000 / cfg["steps"]
                del cfg["status"]
                last = cfg["loss"][-1] if cfg["loss"] else cfg["warmupLoss"]
                cfg["lossDecreased"] = last < cfg["initialLoss"] and last <= cfg["warmupLoss"]
                save()
    result["totalS"] = time.perf_counter() - T0
    save()


if __name__ == "__main__":
    main()
