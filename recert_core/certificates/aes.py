"""AES in pure Python, for PDFs encrypted with an empty user password ("no copying" certificates).

Such a certificate opens in any viewer without a password, yet its text is encrypted: AES-128
(PDF 1.6, revision 4) or AES-256 (PDF 2.0, revision 6). pypdf decrypts AES only through the compiled
`cryptography` or `pycryptodome` packages, which the browser's self-hosted Pyodide does not carry and
which recert_core must not depend on. This module gives pypdf the four AES functions it needs
(`pypdf_provider`), so that the command line and the browser decrypt with the same code.

The cipher is FIPS-197's, written with lookup tables (SubBytes, ShiftRows and MixColumns in one
look-up per byte and round); tests/test_certificates_aes.py checks it against FIPS-197's and SP 800-38A's
vectors, against an independent implementation and against pypdf's own AES-256 key hash. Decrypting a
certificate's streams takes a few milliseconds (pypdf decrypts an object only when it is read). What
costs is AES-256's key check (ISO 32000-2 algorithm 2.B): 64 rounds or more of AES-128-CBC over 2-4 KB,
about 13,000 blocks one after another, so `cbc_encrypt` keeps its numbers below 2**30 (see there): about
0.2 s of process time under CPython and 0.43 s under Pyodide in Node.js (0.6 s before), a few times that
in wall time on a busy machine (see `pypdf_provider` for the work saved).
Nothing here is used to protect anything: it only reads what a viewer would show anyway.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _tables() -> tuple[bytes, bytes, list[list[int]], list[list[int]], list[int]]:
    """The S-box, its inverse, the encryption and decryption tables, and the round constants."""

    def times(a: int, b: int) -> int:  # multiplication in GF(2^8)
        product = 0
        while b:
            if b & 1:
                product ^= a
            a = ((a << 1) ^ 0x11B) if a & 0x80 else a << 1
            b >>= 1
        return product

    # Powers of 3, which generates GF(2^8)'s 255 non-zero elements, and their logarithms: an element's
    # inverse is 3 to the minus its logarithm (searching each inverse took a tenth of a second in Pyodide).
    power, logarithm = [0] * 255, [0] * 256
    element = 1
    for exponent in range(255):
        power[exponent], logarithm[element] = element, exponent
        element ^= ((element << 1) ^ 0x11B) if element & 0x80 else element << 1
    sbox = bytearray(256)
    inverse = bytearray(256)
    for value in range(256):
        # The multiplicative inverse (0 for 0), then FIPS-197's affine transformation.
        inv = power[-logarithm[value] % 255] if value else 0
        out = inv
        for shift in range(1, 5):
            out ^= ((inv << shift) | (inv >> (8 - shift))) & 0xFF
        out ^= 0x63
        sbox[value] = out
        inverse[out] = value
    encrypt_tables = [[0] * 256 for _ in range(4)]
    decrypt_tables = [[0] * 256 for _ in range(4)]
    for value in range(256):
        s = sbox[value]
        word = (times(s, 2) << 24) | (s << 16) | (s << 8) | times(s, 3)
        i = inverse[value]
        back = (times(i, 14) << 24) | (times(i, 9) << 16) | (times(i, 13) << 8) | times(i, 11)
        for n in range(4):
            encrypt_tables[n][value] = ((word >> (8 * n)) | (word << (32 - 8 * n))) & 0xFFFFFFFF
            decrypt_tables[n][value] = ((back >> (8 * n)) | (back << (32 - 8 * n))) & 0xFFFFFFFF
    rcon = [1]
    while len(rcon) < 10:
        rcon.append(times(rcon[-1], 2))
    return bytes(sbox), bytes(inverse), encrypt_tables, decrypt_tables, rcon


SBOX, INVERSE, (TE0, TE1, TE2, TE3), (TD0, TD1, TD2, TD3), RCON = _tables()
TEH = [[value >> 16 for value in table] for table in (TE0, TE1, TE2, TE3)]  # the tables' high halves
TEL = [[value & 0xFFFF for value in table] for table in (TE0, TE1, TE2, TE3)]  # and their low halves


class AES:
    """One AES key (16, 24 or 32 bytes), expanded once, for encrypting and decrypting 16-byte blocks."""

    def __init__(self, key: bytes) -> None:
        if len(key) not in (16, 24, 32):
            raise ValueError(f"an AES key is 16, 24 or 32 bytes, not {len(key)}")
        n = len(key) // 4
        self.rounds = n + 6
        words = [int.from_bytes(key[4 * i : 4 * i + 4], "big") for i in range(n)]
        for i in range(n, 4 * (self.rounds + 1)):
            word = words[i - 1]
            if i % n == 0:
                word = ((word << 8) | (word >> 24)) & 0xFFFFFFFF
                word = _sub_word(word) ^ (RCON[i // n - 1] << 24)
            elif n > 6 and i % n == 4:
                word = _sub_word(word)
            words.append(words[i - n] ^ word)
        self.encrypt_keys = [words[4 * r : 4 * r + 4] for r in range(self.rounds + 1)]
        # Each round's key as eight 16-bit halves, for `cbc_encrypt`.
        self.encrypt_halves = [tuple(h for w in k for h in (w >> 16, w & 0xFFFF)) for k in self.encrypt_keys]

    @functools.cached_property
    def decrypt_keys(self) -> list[list[int]]:
        """The equivalent inverse cipher's keys: InvMixColumns applied to the middle rounds' keys (only
        when something is decrypted: the AES-256 key check only encrypts)."""
        decrypt_keys = [self.encrypt_keys[self.rounds]]
        for r in range(self.rounds - 1, 0, -1):
            decrypt_keys.append(
                [
                    TD0[SBOX[w >> 24]] ^ TD1[SBOX[(w >> 16) & 255]] ^ TD2[SBOX[(w >> 8) & 255]] ^ TD3[SBOX[w & 255]]
                    for w in self.encrypt_keys[r]
                ]
            )
        decrypt_keys.append(self.encrypt_keys[0])
        return decrypt_keys

    def encrypt_block(self, block: bytes) -> bytes:
        keys = self.encrypt_keys
        k = keys[0]
        s0 = int.from_bytes(block[0:4], "big") ^ k[0]
        s1 = int.from_bytes(block[4:8], "big") ^ k[1]
        s2 = int.from_bytes(block[8:12], "big") ^ k[2]
        s3 = int.from_bytes(block[12:16], "big") ^ k[3]
        for r in range(1, self.rounds):
            k = keys[r]
            s0, s1, s2, s3 = (
                TE0[s0 >> 24] ^ TE1[(s1 >> 16) & 255] ^ TE2[(s2 >> 8) & 255] ^ TE3[s3 & 255] ^ k[0],
                TE0[s1 >> 24] ^ TE1[(s2 >> 16) & 255] ^ TE2[(s3 >> 8) & 255] ^ TE3[s0 & 255] ^ k[1],
                TE0[s2 >> 24] ^ TE1[(s3 >> 16) & 255] ^ TE2[(s0 >> 8) & 255] ^ TE3[s1 & 255] ^ k[2],
                TE0[s3 >> 24] ^ TE1[(s0 >> 16) & 255] ^ TE2[(s1 >> 8) & 255] ^ TE3[s2 & 255] ^ k[3],
            )
        k = keys[self.rounds]
        s = SBOX
        return bytes(
            (
                s[s0 >> 24] ^ (k[0] >> 24), s[(s1 >> 16) & 255] ^ ((k[0] >> 16) & 255),
                s[(s2 >> 8) & 255] ^ ((k[0] >> 8) & 255), s[s3 & 255] ^ (k[0] & 255),
                s[s1 >> 24] ^ (k[1] >> 24), s[(s2 >> 16) & 255] ^ ((k[1] >> 16) & 255),
                s[(s3 >> 8) & 255] ^ ((k[1] >> 8) & 255), s[s0 & 255] ^ (k[1] & 255),
                s[s2 >> 24] ^ (k[2] >> 24), s[(s3 >> 16) & 255] ^ ((k[2] >> 16) & 255),
                s[(s0 >> 8) & 255] ^ ((k[2] >> 8) & 255), s[s1 & 255] ^ (k[2] & 255),
                s[s3 >> 24] ^ (k[3] >> 24), s[(s0 >> 16) & 255] ^ ((k[3] >> 16) & 255),
                s[(s1 >> 8) & 255] ^ ((k[3] >> 8) & 255), s[s2 & 255] ^ (k[3] & 255),
            )
        )  # fmt: skip

    def decrypt_block(self, block: bytes) -> bytes:
        keys = self.decrypt_keys
        k = keys[0]
        s0 = int.from_bytes(block[0:4], "big") ^ k[0]
        s1 = int.from_bytes(block[4:8], "big") ^ k[1]
        s2 = int.from_bytes(block[8:12], "big") ^ k[2]
        s3 = int.from_bytes(block[12:16], "big") ^ k[3]
        for r in range(1, self.rounds):
            k = keys[r]
            s0, s1, s2, s3 = (
                TD0[s0 >> 24] ^ TD1[(s3 >> 16) & 255] ^ TD2[(s2 >> 8) & 255] ^ TD3[s1 & 255] ^ k[0],
                TD0[s1 >> 24] ^ TD1[(s0 >> 16) & 255] ^ TD2[(s3 >> 8) & 255] ^ TD3[s2 & 255] ^ k[1],
                TD0[s2 >> 24] ^ TD1[(s1 >> 16) & 255] ^ TD2[(s0 >> 8) & 255] ^ TD3[s3 & 255] ^ k[2],
                TD0[s3 >> 24] ^ TD1[(s2 >> 16) & 255] ^ TD2[(s1 >> 8) & 255] ^ TD3[s0 & 255] ^ k[3],
            )
        k = keys[self.rounds]
        s = INVERSE
        return bytes(
            (
                s[s0 >> 24] ^ (k[0] >> 24), s[(s3 >> 16) & 255] ^ ((k[0] >> 16) & 255),
                s[(s2 >> 8) & 255] ^ ((k[0] >> 8) & 255), s[s1 & 255] ^ (k[0] & 255),
                s[s1 >> 24] ^ (k[1] >> 24), s[(s0 >> 16) & 255] ^ ((k[1] >> 16) & 255),
                s[(s3 >> 8) & 255] ^ ((k[1] >> 8) & 255), s[s2 & 255] ^ (k[1] & 255),
                s[s2 >> 24] ^ (k[2] >> 24), s[(s1 >> 16) & 255] ^ ((k[2] >> 16) & 255),
                s[(s0 >> 8) & 255] ^ ((k[2] >> 8) & 255), s[s3 & 255] ^ (k[2] & 255),
                s[s3 >> 24] ^ (k[3] >> 24), s[(s2 >> 16) & 255] ^ ((k[3] >> 16) & 255),
                s[(s1 >> 8) & 255] ^ ((k[3] >> 8) & 255), s[s0 & 255] ^ (k[3] & 255),
            )
        )  # fmt: skip


@functools.lru_cache(maxsize=64)
def _schedule(key: bytes) -> AES:
    """A key expanded once: an AES-256 certificate decrypts every stream and string with the same key."""
    return AES(key)


def _sub_word(word: int) -> int:
    return (
        (SBOX[word >> 24] << 24) | (SBOX[(word >> 16) & 255] << 16) | (SBOX[(word >> 8) & 255] << 8) | SBOX[word & 255]
    )


def ecb_encrypt(key: bytes, data: bytes) -> bytes:
    cipher = _schedule(bytes(key))
    return b"".join(cipher.encrypt_block(data[i : i + 16]) for i in range(0, len(data), 16))


def ecb_decrypt(key: bytes, data: bytes) -> bytes:
    cipher = _schedule(bytes(key))
    return b"".join(cipher.decrypt_block(data[i : i + 16]) for i in range(0, len(data), 16))


def cbc_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """CBC without padding (the caller pads; a last partial block is dropped). What pypdf's AES-256 key
    check asks for, 128 to 256 blocks at a time, 64 times or more in a row: the one place the reader spends
    real time on AES (ISO 32000-2 algorithm 2.B).

    The state is kept as eight 16-bit halves of the four 32-bit words, and each encryption table split into
    a high and a low half (`TEH`, `TEL`): twice the look-ups of the 32-bit form, but every number stays
    below 2**30, which CPython (and Pyodide's, in the browser) keeps as one machine digit and handles on
    its fast path. Measured per block (process time, same machine): 45 us for the 32-bit form and 31 us for
    this under Pyodide 0.314 in Node.js; 14 and 13 us under CPython 3.11."""
    keys = _schedule(bytes(key)).encrypt_halves
    rounds = len(keys) - 1
    a0h, a0l, a1h, a1l, a2h, a2l, a3h, a3l = keys[0]
    middle = keys[1:rounds]
    f0h, f0l, f1h, f1l, f2h, f2l, f3h, f3l = keys[rounds]
    t0h, t1h, t2h, t3h = TEH
    t0l, t1l, t2l, t3l = TEL
    s = SBOX
    count = len(data) // 16
    halves = struct.unpack(f">{8 * count}H", memoryview(data)[: 16 * count])
    p0h, p0l, p1h, p1l, p2h, p2l, p3h, p3l = struct.unpack(">8H", iv)
    out: list[int] = []
    for i in range(0, 8 * count, 8):
        h0 = halves[i] ^ p0h ^ a0h
        l0 = halves[i + 1] ^ p0l ^ a0l
        h1 = halves[i + 2] ^ p1h ^ a1h
        l1 = halves[i + 3] ^ p1l ^ a1l
        h2 = halves[i + 4] ^ p2h ^ a2h
        l2 = halves[i + 5] ^ p2l ^ a2l
        h3 = halves[i + 6] ^ p3h ^ a3h
        l3 = halves[i + 7] ^ p3l ^ a3l
        for k0h, k0l, k1h, k1l, k2h, k2l, k3h, k3l in middle:
            # Word j's bytes are (h_j >> 8, h_j & 255, l_j >> 8, l_j & 255); ShiftRows picks byte n of word j + n.
            a0 = h0 >> 8
            b0 = h0 & 255
            c0 = l0 >> 8
            d0 = l0 & 255
            a1 = h1 >> 8
            b1 = h1 & 255
            c1 = l1 >> 8
            d1 = l1 & 255
            a2 = h2 >> 8
            b2 = h2 & 255
            c2 = l2 >> 8
            d2 = l2 & 255
            a3 = h3 >> 8
            b3 = h3 & 255
            c3 = l3 >> 8
            d3 = l3 & 255
            h0 = t0h[a0] ^ t1h[b1] ^ t2h[c2] ^ t3h[d3] ^ k0h
            l0 = t0l[a0] ^ t1l[b1] ^ t2l[c2] ^ t3l[d3] ^ k0l
            h1 = t0h[a1] ^ t1h[b2] ^ t2h[c3] ^ t3h[d0] ^ k1h
            l1 = t0l[a1] ^ t1l[b2] ^ t2l[c3] ^ t3l[d0] ^ k1l
            h2 = t0h[a2] ^ t1h[b3] ^ t2h[c0] ^ t3h[d1] ^ k2h
            l2 = t0l[a2] ^ t1l[b3] ^ t2l[c0] ^ t3l[d1] ^ k2l
            h3 = t0h[a3] ^ t1h[b0] ^ t2h[c1] ^ t3h[d2] ^ k3h
            l3 = t0l[a3] ^ t1l[b0] ^ t2l[c1] ^ t3l[d2] ^ k3l
        # The last round: SubBytes and ShiftRows only; the block is the next one's chaining value.
        p0h = ((s[h0 >> 8] << 8) | s[h1 & 255]) ^ f0h
        p0l = ((s[l2 >> 8] << 8) | s[l3 & 255]) ^ f0l
        p1h = ((s[h1 >> 8] << 8) | s[h2 & 255]) ^ f1h
        p1l = ((s[l3 >> 8] << 8) | s[l0 & 255]) ^ f1l
        p2h = ((s[h2 >> 8] << 8) | s[h3 & 255]) ^ f2h
        p2l = ((s[l0 >> 8] << 8) | s[l1 & 255]) ^ f2l
        p3h = ((s[h3 >> 8] << 8) | s[h0 & 255]) ^ f3h
        p3l = ((s[l1 >> 8] << 8) | s[l2 & 255]) ^ f3l
        out += (p0h, p0l, p1h, p1l, p2h, p2l, p3h, p3l)
    return struct.pack(f">{len(out)}H", *out)


def cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """CBC without removing padding (the caller does); a last partial block is dropped."""
    keys = _schedule(bytes(key)).decrypt_keys
    last = len(keys) - 1
    words = struct.unpack(f">{len(data) // 16 * 4}I", memoryview(data)[: len(data) - len(data) % 16])
    out: list[int] = []
    p0, p1, p2, p3 = struct.unpack(">4I", iv)
    s, td0, td1, td2, td3 = INVERSE, TD0, TD1, TD2, TD3
    for i in range(0, len(words), 4):
        c0, c1, c2, c3 = words[i], words[i + 1], words[i + 2], words[i + 3]
        k = keys[0]
        s0, s1, s2, s3 = c0 ^ k[0], c1 ^ k[1], c2 ^ k[2], c3 ^ k[3]
        for r in range(1, last):
            k = keys[r]
            s0, s1, s2, s3 = (
                td0[s0 >> 24] ^ td1[(s3 >> 16) & 255] ^ td2[(s2 >> 8) & 255] ^ td3[s1 & 255] ^ k[0],
                td0[s1 >> 24] ^ td1[(s0 >> 16) & 255] ^ td2[(s3 >> 8) & 255] ^ td3[s2 & 255] ^ k[1],
                td0[s2 >> 24] ^ td1[(s1 >> 16) & 255] ^ td2[(s0 >> 8) & 255] ^ td3[s3 & 255] ^ k[2],
                td0[s3 >> 24] ^ td1[(s2 >> 16) & 255] ^ td2[(s1 >> 8) & 255] ^ td3[s0 & 255] ^ k[3],
            )
        k = keys[last]
        out += (
            ((s[s0 >> 24] << 24) | (s[(s3 >> 16) & 255] << 16) | (s[(s2 >> 8) & 255] << 8) | s[s1 & 255]) ^ k[0] ^ p0,
            ((s[s1 >> 24] << 24) | (s[(s0 >> 16) & 255] << 16) | (s[(s3 >> 8) & 255] << 8) | s[s2 & 255]) ^ k[1] ^ p1,
            ((s[s2 >> 24] << 24) | (s[(s1 >> 16) & 255] << 16) | (s[(s0 >> 8) & 255] << 8) | s[s3 & 255]) ^ k[2] ^ p2,
            ((s[s3 >> 24] << 24) | (s[(s2 >> 16) & 255] << 16) | (s[(s1 >> 8) & 255] << 8) | s[s0 & 255]) ^ k[3] ^ p3,
        )
        p0, p1, p2, p3 = c0, c1, c2, c3
    return struct.pack(f">{len(out)}I", *out)


class StreamAES:
    """pypdf's `CryptAES` interface: a PDF stream or string is its 16-byte IV, then AES-CBC with PKCS#7
    padding (ISO 32000-1, 7.6.2). A damaged one (a length not a multiple of 16, bad padding) is given
    back as pypdf's own providers give it: decrypted as far as it goes."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def encrypt(self, data: bytes) -> bytes:
        import secrets

        iv = secrets.token_bytes(16)
        pad = 16 - len(data) % 16
        return iv + cbc_encrypt(self.key, iv, data + bytes([pad]) * pad)

    def decrypt(self, data: bytes, *, strict: bool = True) -> bytes:  # noqa: ARG002 (pypdf's signature)
        if len(data) < 16:
            return data
        plain = cbc_decrypt(self.key, data[:16], data[16:])
        pad = plain[-1] if plain else 0
        if 1 <= pad <= 16 and plain.endswith(bytes([pad]) * pad):
            return plain[:-pad]
        return plain


# The names pypdf's encryption module imports from its crypt providers, and ours for each.
PROVIDER = {
    "CryptAES": StreamAES,
    "aes_cbc_decrypt": cbc_decrypt,
    "aes_cbc_encrypt": cbc_encrypt,
    "aes_ecb_decrypt": ecb_decrypt,
    "aes_ecb_encrypt": ecb_encrypt,
}


def _no_owner_check(*args: Any) -> bytes:  # noqa: ARG001 (pypdf's signature)
    return b""


def _user_key_first(original: Any) -> Any:
    """pypdf's AES-256 (revision 6) check, cheaper: the file key from the user's key salt (one hash), taken
    when the file's /Perms, decrypted with it, say what they must (96 bits: no wrong key passes), instead of
    a hash to validate the password and then a second for the key. Each hash is about 70 rounds of AES over
    2 KB, about 1.5 s in the browser. Anything else goes to pypdf's own check."""

    def verify_v5(self: Any, password: bytes) -> Any:
        from pypdf._encryption import AlgV5, PasswordType

        try:
            values = self.values
            salt_hash = AlgV5.calculate_hash(self.R, password[:127], values.U[40:48], b"")
            key = cbc_decrypt(salt_hash, bytes(16), values.UE)
            if len(key) == 32 and AlgV5.verify_perms(key, values.Perms, self.P, self.EncryptMetadata):
                self._are_permissions_valid = True
                return key, PasswordType.USER_PASSWORD
        except (AttributeError, TypeError, ValueError, struct.error):
            pass
        return original(self, password)

    return verify_v5


@contextmanager
def pypdf_provider() -> Iterator[None]:
    """pypdf decrypts AES with this module while the block runs, whatever crypto packages are installed,
    so that the command line and the browser read an encrypted certificate with the same code. (RC4, the
    older cipher, pypdf does in pure Python itself.) The names are put back afterwards.

    The reader only ever tries the empty password, as a viewer does on opening a file. pypdf tries it
    as the owner's password first: for AES-256 that check alone costs more than the user's (its hash
    runs over 2.5 times the bytes) and never opens a certificate the user check would not (an empty
    owner password with a non-empty user password: a viewer asks for the password there too), so it
    is skipped while the block runs; and the user's check takes one hash instead of two (`_user_key_first`)."""
    from pypdf import _encryption

    module: Any = _encryption
    saved = {name: getattr(module, name) for name in PROVIDER}
    owner_check = module.AlgV5.__dict__["verify_owner_password"]
    verify_v5 = module.Encryption.__dict__["verify_v5"]
    for name, value in PROVIDER.items():
        setattr(module, name, value)
    module.AlgV5.verify_owner_password = staticmethod(_no_owner_check)
    module.Encryption.verify_v5 = _user_key_first(verify_v5)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)
        module.AlgV5.verify_owner_password = owner_check
        module.Encryption.verify_v5 = verify_v5
