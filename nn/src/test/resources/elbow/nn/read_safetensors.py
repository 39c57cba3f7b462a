"""An independent safetensors reader, written from the format's specification only, with Python's
standard library (struct, json), so that it runs with any python3.

    8 bytes  N: the header's length, unsigned little-endian
    N bytes  a UTF-8 JSON object: name -> {"dtype", "shape", "data_offsets": [begin, end]},
             and optionally "__metadata__": {str: str}
    rest     the tensors' bytes, little-endian; offsets count from the end of the header

Usage: read_safetensors.py FILE [REWRITE]
Prints the file's content as JSON: {"metadata": {...}, "tensors": {name: {"dtype", "shape",
"values": [repr of each value]}}} (repr keeps -0.0, inf and nan). With REWRITE, also writes the same
tensors to that path as an independent writer would: no padding, tensors in reverse order, spaces in
the JSON. Exits with status 1 and a message on anything that breaks the specification.
"""
import json
import struct
import sys

FORMATS = {"F32": ("<f", 4), "F64": ("<d", 8)}


def fail(message):
    sys.stderr.write("spec violation: " + message + "\n")
    sys.exit(1)


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        fail("file shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        fail("header length %d exceeds the file" % n)
    raw = blob[8:8 + n]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("header is not UTF-8: %s" % e)
    if not text.startswith("{"):
        fail("header does not start with '{'")
    if text.rstrip(" ") != text.rstrip():
        fail("header padded with something other than spaces")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            fail("duplicate keys in the header")
        return dict(pairs)

    header = json.loads(text, object_pairs_hook=no_duplicates)
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        fail("__metadata__ must map strings to strings")
    spans = []
    tensors = {}
    for name, info in header.items():
        if set(info) != {"dtype", "shape", "data_offsets"}:
            fail("tensor %r has fields %s" % (name, sorted(info)))
        dtype, shape, (begin, end) = info["dtype"], info["shape"], info["data_offsets"]
        if dtype not in FORMATS:
            fail("tensor %r has dtype %s, which this reader does not decode" % (name, dtype))
        fmt, size = FORMATS[dtype]
        count = 1
        for d in shape:
            if not isinstance(d, int) or d < 0:
                fail("tensor %r has a bad shape %r" % (name, shape))
            count *= d
        if end - begin != count * size:
            fail("tensor %r: offsets [%d, %d] do not fit %s%r" % (name, begin, end, dtype, shape))
        if begin % size != 0:
            fail("tensor %r is not aligned to its element size (offset %d)" % (name, begin))
        spans.append((begin, end, name))
        values = [struct.unpack_from(fmt, data, begin + i * size)[0] for i in range(count)]
        tensors[name] = {"dtype": dtype, "shape": shape, "values": [repr(v) for v in values]}
    at = 0
    for begin, end, name in sorted(spans):
        if begin != at:
            fail("tensor %r starts at %d, expected %d (gap or overlap)" % (name, begin, at))
        at = end
    if at != len(data):
        fail("tensors cover %d bytes of data but %d follow the header" % (at, len(data)))
    if (8 + n) % 8 != 0:
        fail("data does not start at a multiple of 8 bytes (header length %d)" % n)
    return metadata, tensors


def rewrite(path, metadata, tensors):
    header, chunks, offset = {}, [], 0
    for name in reversed(list(tensors)):
        t = tensors[name]
        fmt, size = FORMATS[t["dtype"]]
        chunk = b"".join(struct.pack(fmt, float(v)) for v in t["values"])
        header[name] = {"shape": t["shape"], "data_offsets": [offset, offset + len(chunk)], "dtype": t["dtype"]}
        chunks.append(chunk)
        offset += len(chunk)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, indent=1, ensure_ascii=True).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


if __name__ == "__main__":
    meta, content = read(sys.argv[1])
    if len(sys.argv) > 2:
        rewrite(sys.argv[2], meta, content)
    json.dump({"metadata": meta, "tensors": content}, sys.stdout)
