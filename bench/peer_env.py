"""peer_env.py — what the PyTorch peers (pytorch_peers.py, pytorch_attention.py) report about
the BLAS they actually ran with. No torch import here: the peers set thread variables first."""
import os


def loaded_blas():
    """The BLAS libraries loaded (from /proc/self/maps) and OpenBLAS's chosen kernel set."""
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({os.path.realpath(line.split()[-1]) for line in f
                           if "blas" in line.lower() and "/" in line})
    except OSError:
        return None, None
    core = None
    for p in libs:
        if "openblas" in os.path.basename(p):
            try:
                import ctypes
                fn = ctypes.CDLL(p).openblas_get_corename
                fn.restype = ctypes.c_char_p
                core = fn().decode()
            except (OSError, AttributeError):
                pass
    return ",".join("/".join(p.split("/")[-2:]) for p in libs) or None, core
