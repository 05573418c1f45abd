#!/usr/bin/env python3
"""Reads resemblyzer's `pretrained.pt` without PyTorch and writes the d-vector engine's weights.

The file is PyTorch's legacy serialization: four pickles (magic number, protocol, system info,
the checkpoint whose tensors point at storages by key), a pickle of the storage keys, then each
storage as a little-endian int64 element count followed by its float32 data.

Writes into OUT_DIR, each file first to a temporary name and renamed when whole:
  weights.f32    the tensors below, in this order, little-endian float32, back to back
  manifest.json  names, shapes, offsets, SHA-256 of weights.f32, source wheel and licence
  LICENSE        resemblyzer's Apache-2.0 licence

Usage: convert_resemblyzer.py WHEEL OUT_DIR
"""
import hashlib
import io
import json
import os
import pickle
import struct
import sys
import tempfile
import zipfile
from collections import OrderedDict

WHEEL_NAME = "Resemblyzer-0.1.4-py3-none-any.whl"
WHEEL_SHA256 = "8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f"
CHECKPOINT_SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
MAGIC = 0x1950A86A20F9469CFC6C
FORMAT = "spid-dvector-weights-1"
# (name in the checkpoint, expected shape); LSTM biases are stored separately and summed by the engine.
TENSORS = [
    ("lstm.weight_ih_l0", (1024, 40)), ("lstm.weight_hh_l0", (1024, 256)), ("lstm.bias_ih_l0", (1024,)), ("lstm.bias_hh_l0", (1024,)),
    ("lstm.weight_ih_l1", (1024, 256)), ("lstm.weight_hh_l1", (1024, 256)), ("lstm.bias_ih_l1", (1024,)), ("lstm.bias_hh_l1", (1024,)),
    ("lstm.weight_ih_l2", (1024, 256)), ("lstm.weight_hh_l2", (1024, 256)), ("lstm.bias_ih_l2", (1024,)), ("lstm.bias_hh_l2", (1024,)),
    ("linear.weight", (256, 256)), ("linear.bias", (256,)),
]


class Fail(Exception):
    pass


class StorageType:
    def __init__(self, name):
        self.name = name


class TensorRef:
    """What `_rebuild_tensor_v2` would have made: a view into a storage."""

    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)


class CheckpointUnpickler(pickle.Unpickler):
    """Builds tensors as TensorRefs; refuses any other global, so the file cannot run code."""

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return OrderedDict
        if module == "torch._utils" and name in ("_rebuild_tensor", "_rebuild_tensor_v2"):
            return lambda storage, offset, size, stride, *rest: TensorRef(storage, offset, size, stride)
        if module == "torch" and name.endswith("Storage"):
            return StorageType(name)
        raise Fail(f"the checkpoint names {module}.{name}, which a weights file never needs")

    def persistent_load(self, pid):
        # ('storage', storage_type, key, location, numel[, view_metadata])
        if not (isinstance(pid, tuple) and pid and pid[0] == "storage"):
            raise Fail(f"unexpected persistent id {pid!r}")
        if pid[1].name != "FloatStorage":
            raise Fail(f"storage {pid[2]} is {pid[1].name}, not FloatStorage")
        return pid[2]


def read_checkpoint(data):
    stream = io.BytesIO(data)
    try:
        if pickle.load(stream) != MAGIC:
            raise Fail("not a PyTorch legacy checkpoint (wrong magic number)")
        pickle.load(stream)  # protocol version
        info = pickle.load(stream)
        if not info.get("little_endian", False):
            raise Fail("the checkpoint is big-endian")
        checkpoint = CheckpointUnpickler(stream).load()
        keys = pickle.load(stream)
        storages = {}
        for key in keys:
            (count,) = struct.unpack("<q", stream.read(8))
            raw = stream.read(4 * count)
            if len(raw) != 4 * count:
                raise Fail(f"storage {key} is cut short ({len(raw)} of {4 * count} bytes): the file is truncated")
            storages[key] = raw
    except (pickle.UnpicklingError, EOFError, struct.error, AttributeError, ValueError) as error:
        raise Fail(f"cannot read the checkpoint: {error}")
    return checkpoint, storages


def tensor_bytes(ref, storages, shape):
    if ref.size != shape:
        raise Fail(f"shape {ref.size}, expected {shape}")
    expected_stride, step = [], 1
    for dimension in reversed(shape):
        expected_stride.insert(0, step)
        step *= dimension
    if ref.stride != tuple(expected_stride):
        raise Fail(f"stride {ref.stride} is not contiguous")
    count = 1
    for dimension in shape:
        count *= dimension
    raw = storages[ref.storage][4 * ref.offset: 4 * (ref.offset + count)]
    if len(raw) != 4 * count:
        raise Fail("its storage is shorter than the tensor")
    return raw


def write_atomically(directory, name, data):
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
    os.fchmod(handle, 0o644)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, os.path.join(directory, name))


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: convert_resemblyzer.py WHEEL OUT_DIR")
    wheel, out = sys.argv[1], sys.argv[2]
    try:
        data = open(wheel, "rb").read()
        if hashlib.sha256(data).hexdigest() != WHEEL_SHA256:
            raise Fail(f"{wheel} is not the {WHEEL_NAME} this engine was built for (its SHA-256 differs); "
                       "fetch it again with scripts/fetch-model")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            checkpoint_bytes = archive.read("resemblyzer/pretrained.pt")
            licence = archive.read("Resemblyzer-0.1.4.dist-info/LICENSE")
        if hashlib.sha256(checkpoint_bytes).hexdigest() != CHECKPOINT_SHA256:
            raise Fail("resemblyzer/pretrained.pt in the wheel is not the expected file")
        checkpoint, storages = read_checkpoint(checkpoint_bytes)
        state = checkpoint.get("model_state") if isinstance(checkpoint, dict) else None
        if not isinstance(state, dict):
            raise Fail("the checkpoint has no model_state")
        blob, entries, offset = bytearray(), [], 0
        for name, shape in TENSORS:
            if name not in state:
                raise Fail(f"the checkpoint has no {name}")
            try:
                raw = tensor_bytes(state[name], storages, shape)
            except Fail as error:
                raise Fail(f"{name}: {error}")
            blob += raw
            entries.append({"name": name, "shape": list(shape), "offset": offset, "count": len(raw) // 4})
            offset += len(raw) // 4
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        raise SystemExit(f"error: cannot read {wheel}: {error}")
    except Fail as error:
        raise SystemExit(f"error: {error}")
    os.makedirs(out, exist_ok=True)
    manifest = {
        "format": FORMAT, "model": "resemblyzer GE2E speaker encoder (3-layer LSTM 40->256, linear 256->256)",
        "source": {"wheel": WHEEL_NAME, "sha256": WHEEL_SHA256, "file": "resemblyzer/pretrained.pt", "fileSha256": CHECKPOINT_SHA256},
        "licence": "Apache-2.0 (resemblyzer, Corentin Jemine); see LICENSE beside this file",
        "dtype": "float32-le", "parameters": offset, "weightsSha256": hashlib.sha256(blob).hexdigest(), "tensors": entries,
    }
    write_atomically(out, "LICENSE", licence)
    write_atomically(out, "weights.f32", bytes(blob))
    write_atomically(out, "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())
    print(f"wrote {out}/weights.f32 ({offset:,} parameters, {len(blob):,} bytes) and manifest.json")


if __name__ == "__main__":
    main()
