"""Writes static/samples/digits.zip: scikit-learn's 8x8 handwritten digits (load_digits,
BSD-3-Clause, 1,797 images) as 8-bit grayscale PNGs in class folders 0/ ... 9/.

Run with /usr/bin/python3 (it has numpy and scikit-learn; PIL is not needed):
    /usr/bin/python3 scripts/make-digits-zip.py

File names keep load_digits' row order: 3/0123.png is row 123, so a test can rebuild the
original order and share a split protocol with scikit-learn. Pixels are white ink on black
as in MNIST: load_digits' 0..16 scaled to 0..255.
"""
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits


def png_gray(pixels: np.ndarray) -> bytes:
    """A minimal 8-bit grayscale PNG: filter type 0 on every row, one IDAT chunk."""
    h, w = pixels.shape
    raw = b''.join(b'\x00' + pixels[r].astype(np.uint8).tobytes() for r in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))

    ihdr = struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')


def main() -> None:
    digits = load_digits()
    out = Path(__file__).resolve().parent.parent / 'static' / 'samples' / 'digits.zip'
    # A fixed timestamp keeps the archive byte-for-byte reproducible.
    stamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(out, 'w') as z:
        for i, (image, label) in enumerate(zip(digits.images, digits.target)):
            pixels = np.rint(image * 255 / 16)
            info = zipfile.ZipInfo(f'{label}/{i:04d}.png', date_time=stamp)
            # PNG data is already deflated; storing it avoids a second, useless pass.
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, png_gray(pixels))
    print(out, out.stat().st_size, 'bytes')


if __name__ == '__main__':
    main()
