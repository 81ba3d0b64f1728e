"""The hand-written C of ``_sha1ni`` under AddressSanitizer and UBSan: random lengths, sizes and offsets.

The extension is rebuilt here with ``-fsanitize=address,undefined`` and driven by a subprocess (the sanitizer
runtime must be preloaded into the interpreter). Python's allocator is bypassed (``PYTHONMALLOC=malloc``) and
every buffer is a ctypes array of exactly its size, so a read past a piece or a write past a digest aborts
(checked once by hand: a one-byte read past the last piece is reported as a heap-buffer-overflow).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[3] / "src" / "seedarr" / "media" / "torrent" / "_sha1ni.c"

FUZZ = """
import ctypes, hashlib, os, random, sys
sys.path.insert(0, sys.argv[1])
import _sha1ni
if not _sha1ni.supported():
    print("no SHA extensions"); raise SystemExit(0)

def exact(data):  # a heap block of exactly len(data) bytes (bytes and bytearray keep a spare NUL byte)
    return (ctypes.c_char * len(data)).from_buffer_copy(data)

rng = random.Random(int(sys.argv[2]))
for _ in range(int(sys.argv[3])):
    length = 64 * rng.randint(1, 40)
    sizes = [rng.randint(0, 6) * length + rng.choice([0, rng.randint(1, length - 1)]) for _ in range(2)]
    data = [os.urandom(n) for n in sizes]
    counts = [n // length for n in sizes]
    offsets = [rng.randint(0, 30) for _ in range(2)]
    outs = [exact(bytes(o + 20 * c)) for o, c in zip(offsets, counts)]  # exactly the room needed
    ins = [exact(d) for d in data]
    two = rng.random() < 0.5
    if two:
        got = _sha1ni.hash_pieces(length, ins[0], outs[0], offsets[0], ins[1], outs[1], offsets[1])
        assert got == tuple(counts), got
    else:
        assert _sha1ni.hash_pieces(length, ins[0], outs[0], offsets[0]) == counts[0]
    for d, out, off, c in list(zip(data, outs, offsets, counts))[: 2 if two else 1]:
        out = bytes(out)
        assert out[:off] == bytes(off)
        want = b"".join(hashlib.sha1(d[i * length : (i + 1) * length]).digest() for i in range(c))
        assert out[off:] == want
print("fuzz ok")
"""


def _runtime(name: str) -> str:
    path = subprocess.run(["gcc", f"-print-file-name={name}"], capture_output=True, text=True, check=True)
    return path.stdout.strip()


def test_random_arguments_never_touch_memory_outside_the_buffers(tmp_path: Path) -> None:
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    build = subprocess.run(
        [
            "gcc", "-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=undefined",
            "-fno-omit-frame-pointer", "-shared", "-fPIC", f"-I{sysconfig.get_paths()['include']}",
            str(SOURCE), "-o", str(tmp_path / f"_sha1ni{suffix}"),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    preload = ":".join(_runtime(n) for n in ("libasan.so", "libubsan.so"))
    env = {**os.environ, "LD_PRELOAD": preload, "PYTHONMALLOC": "malloc", "ASAN_OPTIONS": "detect_leaks=0"}
    done = subprocess.run(
        [sys.executable, "-c", FUZZ, str(tmp_path), "7", "1500"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "fuzz ok", done.stdout


@pytest.mark.parametrize("flag", ["-Wall", "-Wextra"])
def test_the_extension_compiles_without_warnings(tmp_path: Path, flag: str) -> None:
    build = subprocess.run(
        ["gcc", "-O2", flag, "-Werror", "-shared", "-fPIC", f"-I{sysconfig.get_paths()['include']}",
         str(SOURCE), "-o", str(tmp_path / "x.so")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
