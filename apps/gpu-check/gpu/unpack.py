"""Unpacks the check's carried archives without the xz tool (Python's lzma):
  python3 unpack.py FILE.tar.xz DIR   extracts a tarball into DIR (symlinks kept)
  python3 unpack.py FILE.xz DEST      decompresses one file to DEST"""
import lzma
import shutil
import sys
import tarfile


def unpack(source, destination):
    if source.endswith(".tar.xz"):
        with tarfile.open(source, "r:xz") as archive:
            try:
                archive.extractall(destination, filter="tar")
            except TypeError:  # Python < 3.12 without extraction filters
                archive.extractall(destination)
    else:
        with lzma.open(source) as packed, open(destination, "wb") as out:
            shutil.copyfileobj(packed, out, 1 << 22)


if __name__ == "__main__":
    unpack(sys.argv[1], sys.argv[2])
