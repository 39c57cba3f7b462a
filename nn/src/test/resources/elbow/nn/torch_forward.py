"""Loads an elbow checkpoint into the equivalent torch.nn.Sequential with load_state_dict(strict=True)
and runs it on elbow's input: prints the largest difference from elbow's output.

Usage: torch_forward.py WEIGHTS IO SIZES...   (SIZES: the MLP's layer sizes, tanh between layers)
Reads the files with read_safetensors.py (beside this script), not with the safetensors package.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from read_safetensors import read  # noqa: E402


def tensors(path):
    _, content = read(path)
    out = {}
    for name, t in content.items():
        dtype = torch.float32 if t["dtype"] == "F32" else torch.float64
        out[name] = torch.tensor([float(v) for v in t["values"]], dtype=dtype).reshape(t["shape"])
    return out


weights, io = tensors(sys.argv[1]), tensors(sys.argv[2])
sizes = [int(s) for s in sys.argv[3:]]
layers = []
for i in range(len(sizes) - 1):
    layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
    if i + 2 < len(sizes):
        layers.append(torch.nn.Tanh())
model = torch.nn.Sequential(*layers)
model.load_state_dict(weights, strict=True)
with torch.no_grad():
    y = model(io["input"])
print(float((y - io["output"]).abs().max()))
