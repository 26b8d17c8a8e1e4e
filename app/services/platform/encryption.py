"""Encryption at rest for the local file store: chunked AES-256-GCM with a data key per file.

Every file gets a random 256-bit data key. The data key is wrapped (AES-256-GCM) by the
current master key from ``STORAGE_MASTER_KEYS``; the file names the master key by id, so
older files keep opening after a new master key is put in front (rotation). The plaintext
is sealed in chunks of ``CHUNK_SIZE`` bytes, so a byte range (video seeking) decrypts only
the chunks it touches.

Layout (integers big-endian)::

    header  b"CSE1" | version u8 | chunk size u32 | key id length u8 | key id (ASCII)
            | nonce prefix (8 random bytes) | wrap nonce (12) | wrapped data key (32 + 16 tag)
    body    chunk 0, chunk 1, ... each AES-GCM(data key, nonce = prefix + u32 index,
            plaintext, associated data = u64 index + u8 final) -> ciphertext + 16-byte tag

The header up to the wrap nonce is the associated data of the key wrap, so a changed
header fails to unwrap; the index and the final flag in each chunk's associated data make
reordered, dropped or truncated chunks fail. Files without the magic are plaintext from
before encryption (they still read; ``python -m app.cli storage encrypt`` seals them).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CSE1"
VERSION = 1
CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
KEY_FILE = "storage_master_keys"  # in the data folder when STORAGE_MASTER_KEYS is empty
_KEY_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_FIXED = struct.Struct(">4sBIB")  # magic, version, chunk size, key id length


class EncryptionError(Exception):
    """A sealed file that cannot be opened (unknown key, tampered or truncated)."""


@dataclass(frozen=True)
class MasterKeys:
    """Master keys by id; the first one seals new files."""

    keys: tuple[tuple[str, bytes], ...]

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def get(self, key_id: str) -> bytes:
        for kid, key in self.keys:
            if kid == key_id:
                return key
        raise EncryptionError(f"master key {key_id!r} is not in STORAGE_MASTER_KEYS")


def new_master_key() -> str:
    """A fresh ``id:base64`` entry for ``STORAGE_MASTER_KEYS``."""
    key_id = f"k{secrets.token_hex(4)}"
    return f"{key_id}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"


def parse_master_keys(text: str) -> MasterKeys:
    """``id:base64key[,id:base64key...]`` (commas or newlines) -> MasterKeys; keys are 32 bytes."""
    keys: list[tuple[str, bytes]] = []
    for entry in re.split(r"[,\s]+", text.strip()):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise EncryptionError(f"STORAGE_MASTER_KEYS entry {key_id[:16]!r}... is not id:base64key")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise EncryptionError(f"master key {key_id!r} is not valid base64") from exc
        if len(key) != 32:
            raise EncryptionError(f"master key {key_id!r} must be 32 bytes (AES-256), not {len(key)}")
        if any(kid == key_id for kid, _ in keys):
            raise EncryptionError(f"master key id {key_id!r} appears twice")
        keys.append((key_id, key))
    if not keys:
        raise EncryptionError("STORAGE_MASTER_KEYS holds no key")
    return MasterKeys(tuple(keys))


def load_master_keys(configured: str, data_dir: Path) -> MasterKeys:
    """The configured keys, else the key file in the data folder (created once, like the secret key)."""
    if configured.strip():
        return parse_master_keys(configured)
    path = data_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{KEY_FILE}.{secrets.token_hex(4)}")
        tmp.write_text(new_master_key() + "\n")
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # atomic: two processes starting together agree on one key
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return parse_master_keys(path.read_text())


# --- Headers and chunks ------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    key_id: str
    chunk_size: int
    nonce_prefix: bytes
    wrap_nonce: bytes
    wrapped_key: bytes

    @property
    def fixed(self) -> bytes:
        """The part the key wrap authenticates."""
        kid = self.key_id.encode()
        return _FIXED.pack(MAGIC, VERSION, self.chunk_size, len(kid)) + kid + self.nonce_prefix

    def to_bytes(self) -> bytes:
        return self.fixed + self.wrap_nonce + self.wrapped_key

    @property
    def size(self) -> int:
        return len(self.to_bytes())

    def data_key(self, keys: MasterKeys) -> bytes:
        try:
            return AESGCM(keys.get(self.key_id)).decrypt(self.wrap_nonce, self.wrapped_key, self.fixed)
        except InvalidTag as exc:
            raise EncryptionError("the file's data key does not open with its master key") from exc

    def rewrapped(self, keys: MasterKeys) -> Header:
        """The same data key wrapped by the current master key."""
        data_key = self.data_key(keys)
        return _wrap(keys, data_key, self.chunk_size, self.nonce_prefix)


def _wrap(keys: MasterKeys, data_key: bytes, chunk_size: int, nonce_prefix: bytes) -> Header:
    draft = Header(keys.current_id, chunk_size, nonce_prefix, secrets.token_bytes(12), b"")
    master = keys.get(keys.current_id)
    wrapped = AESGCM(master).encrypt(draft.wrap_nonce, data_key, draft.fixed)
    return Header(draft.key_id, chunk_size, nonce_prefix, draft.wrap_nonce, wrapped)


_WRAPPED_SIZE = 32 + TAG_SIZE


def read_header(fh: BinaryIO) -> Header | None:
    """The header at the file's start, or None for a plaintext file (the position is then 0)."""
    fixed = fh.read(_FIXED.size)
    if len(fixed) < _FIXED.size or fixed[:4] != MAGIC:
        fh.seek(0)
        return None
    _magic, version, chunk_size, kid_len = _FIXED.unpack(fixed)
    if version != VERSION or not 16 <= chunk_size <= 64 * 1024 * 1024:
        raise EncryptionError(f"unsupported sealed file (version {version}, chunk {chunk_size})")
    rest = fh.read(kid_len + 8 + 12 + _WRAPPED_SIZE)
    if len(rest) != kid_len + 8 + 12 + _WRAPPED_SIZE:
        raise EncryptionError("the sealed file's header is truncated")
    try:
        key_id = rest[:kid_len].decode("ascii")
    except UnicodeDecodeError as exc:
        raise EncryptionError("the sealed file's key id is not ASCII") from exc
    at = kid_len
    nonce_prefix, wrap_nonce = rest[at : at + 8], rest[at + 8 : at + 20]
    return Header(key_id, chunk_size, nonce_prefix, wrap_nonce, rest[at + 20 :])


class FileCipher:
    """Seals and opens the chunks of one file."""

    def __init__(self, header: Header, data_key: bytes) -> None:
        self.header = header
        self._aead = AESGCM(data_key)

    def _nonce(self, index: int) -> bytes:
        if index >= 2**32:
            raise EncryptionError("file too large for its chunk size")
        return self.header.nonce_prefix + struct.pack(">I", index)

    def seal(self, index: int, plaintext: bytes, final: bool) -> bytes:
        return self._aead.encrypt(self._nonce(index), plaintext, struct.pack(">QB", index, final))

    def open(self, index: int, sealed: bytes, final: bool) -> bytes:
        try:
            return self._aead.decrypt(self._nonce(index), sealed, struct.pack(">QB", index, final))
        except InvalidTag as exc:
            raise EncryptionError(f"chunk {index} of the sealed file is damaged or out of place") from exc


def new_cipher(keys: MasterKeys, chunk_size: int = CHUNK_SIZE) -> FileCipher:
    data_key = AESGCM.generate_key(bit_length=256)
    return FileCipher(_wrap(keys, data_key, chunk_size, secrets.token_bytes(8)), data_key)


def open_cipher(header: Header, keys: MasterKeys) -> FileCipher:
    return FileCipher(header, header.data_key(keys))


def seal_to(
    out: BinaryIO, data: bytes | Iterable[bytes], keys: MasterKeys, chunk_size: int = CHUNK_SIZE
) -> None:
    """Write the sealed form of ``data`` (bytes, or pieces of any size) to ``out``."""
    cipher = new_cipher(keys, chunk_size)
    out.write(cipher.header.to_bytes())
    if isinstance(data, bytes | bytearray | memoryview):  # slices of the buffer, no copies
        view = memoryview(data)
        count = max(1, -(-len(view) // chunk_size))
        for index in range(count):
            piece = view[index * chunk_size : (index + 1) * chunk_size]
            out.write(cipher.seal(index, piece, final=index == count - 1))
        return
    pieces = data
    buffer = bytearray()
    index = 0
    pending: bytes | None = None  # one full chunk held back until we know whether it is the last
    for piece in pieces:
        buffer += piece
        while len(buffer) >= chunk_size:
            if pending is not None:
                out.write(cipher.seal(index, pending, final=False))
                index += 1
            pending = bytes(buffer[:chunk_size])
            del buffer[:chunk_size]
    if buffer or pending is None:  # a short last chunk (or the one empty chunk of an empty file)
        if pending is not None:
            out.write(cipher.seal(index, pending, final=False))
            index += 1
        out.write(cipher.seal(index, bytes(buffer), final=True))
    else:
        out.write(cipher.seal(index, pending, final=True))


def plaintext_size(header: Header, file_size: int) -> int:
    body = file_size - header.size
    sealed_chunk = header.chunk_size + TAG_SIZE
    chunks = -(-body // sealed_chunk)
    size = body - chunks * TAG_SIZE
    if body < TAG_SIZE or size < 0:
        raise EncryptionError("the sealed file is truncated")
    return size


def open_range(
    fh: BinaryIO, header: Header, cipher: FileCipher, file_size: int, start: int, stop: int
) -> Iterator[bytes]:
    """Plaintext bytes ``[start, stop)`` of a sealed file, one chunk at a time."""
    size = plaintext_size(header, file_size)
    stop = min(stop, size)
    chunk = header.chunk_size
    last = max(0, -(-size // chunk) - 1)  # index of the final chunk
    if start >= stop:
        if size == 0:  # still authenticate the empty file's one chunk
            fh.seek(header.size)
            cipher.open(0, fh.read(TAG_SIZE), final=True)
        return
    first = start // chunk
    fh.seek(header.size + first * (chunk + TAG_SIZE))
    for index in range(first, (stop - 1) // chunk + 1):
        sealed = fh.read(chunk + TAG_SIZE)
        plain = cipher.open(index, sealed, final=index == last)
        base = index * chunk
        yield plain[max(0, start - base) : stop - base]
