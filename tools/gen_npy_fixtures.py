#!/usr/bin/python3
"""Writes the small NumPy files tests/unit/test_npy.cpp reads (tests/fixtures/npy/).

Run with Debian's numpy: /usr/bin/python3 tools/gen_npy_fixtures.py. Never a build dependency.
"""
import os
import numpy as np

out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "npy")
os.makedirs(out, exist_ok=True)

np.save(f"{out}/f32_2x3.npy", np.arange(6, dtype=np.float32).reshape(2, 3) / 4)
np.save(f"{out}/f64_vec.npy", np.array([1.5, -2.25, 1e300], dtype=np.float64))
np.save(f"{out}/i32_2x2.npy", np.array([[1, -2], [3, 2147483647]], dtype=np.int32))
np.save(f"{out}/i64_scalar.npy", np.array(-7, dtype=np.int64))
np.save(f"{out}/fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save(f"{out}/bigendian.npy", np.arange(3, dtype=">f4"))
np.save(f"{out}/bool.npy", np.array([True, False]))
np.savez(f"{out}/pair.npz", x=np.arange(4, dtype=np.int64), w=np.ones((2, 2), dtype=np.float32))
np.savez_compressed(f"{out}/compressed.npz", x=np.arange(4, dtype=np.int64))
with open(f"{out}/truncated.npy", "wb") as f:
    f.write(open(f"{out}/f32_2x3.npy", "rb").read()[:-5])
