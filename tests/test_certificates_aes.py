"""The reader's pure-Python AES (recert_core/certificates/aes.py): the published vectors, an independent
implementation (the `cryptography` package) on random keys and data, and pypdf's names put back."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

from recert_core.certificates import aes


@pytest.mark.parametrize(
    ("key", "cipher"),
    [  # FIPS-197, appendix C: the same plaintext under 128, 192 and 256-bit keys
        ("000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"),
        ("000102030405060708090a0b0c0d0e0f1011121314151617", "dda97ca4864cdfe06eaf70a0ec0d7191"),
        ("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089"),
    ],
)
def test_fips_197_vectors(key, cipher):
    plain = bytes.fromhex("00112233445566778899aabbccddeeff")
    block = aes.AES(bytes.fromhex(key))
    assert block.encrypt_block(plain).hex() == cipher
    assert block.decrypt_block(bytes.fromhex(cipher)) == plain
    assert aes.ecb_encrypt(bytes.fromhex(key), plain * 3).hex() == cipher * 3


def test_sp800_38a_cbc_vectors():
    """NIST SP 800-38A, F.2.1 and F.2.5 (CBC-AES128 and CBC-AES256, four blocks)."""
    plain = bytes.fromhex(
        "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"
    )
    iv = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    for key, cipher in (
        (
            "2b7e151628aed2a6abf7158809cf4f3c",
            "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
            "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
        ),
        (
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
            "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
        ),
    ):
        assert aes.cbc_encrypt(bytes.fromhex(key), iv, plain).hex() == cipher
        assert aes.cbc_decrypt(bytes.fromhex(key), iv, bytes.fromhex(cipher)) == plain


@settings(max_examples=60, deadline=None)
@given(key_size=st.sampled_from([16, 24, 32]), blocks=st.integers(1, 40), seed=st.binary(min_size=8, max_size=8))
def test_agrees_with_an_independent_aes(key_size, blocks, seed):
    key, iv, data = os.urandom(key_size), os.urandom(16), os.urandom(16 * blocks) + seed[:0]
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    expected = encryptor.update(data) + encryptor.finalize()
    assert aes.cbc_encrypt(key, iv, data) == expected
    assert aes.cbc_decrypt(key, iv, expected) == data


def test_stream_padding_round_trip_and_damaged_streams():
    stream = aes.StreamAES(os.urandom(32))
    for size in (0, 1, 15, 16, 17, 100):
        data = os.urandom(size)
        assert stream.decrypt(stream.encrypt(data)) == data
    assert stream.decrypt(b"short") == b"short"  # under one block: given back as pypdf's providers do
    assert len(stream.decrypt(os.urandom(16 + 20))) == 16  # a partial last block is dropped, not an error


def test_pypdf_names_are_put_back():
    from pypdf import _encryption

    before = {name: getattr(_encryption, name) for name in aes.PROVIDER}
    owner = _encryption.AlgV5.verify_owner_password
    with aes.pypdf_provider():
        assert _encryption.aes_cbc_decrypt is aes.cbc_decrypt and _encryption.CryptAES is aes.StreamAES
    assert {name: getattr(_encryption, name) for name in aes.PROVIDER} == before
    assert _encryption.AlgV5.verify_owner_password == owner


def test_sp800_38a_ecb_vectors():
    """NIST SP 800-38A, F.1.1 and F.1.5 (ECB-AES128 and ECB-AES256, first two blocks): the block cipher
    both ways, as pypdf's AES-256 file key and /Perms checks use it."""
    plain = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")
    for key, cipher in (
        ("2b7e151628aed2a6abf7158809cf4f3c", "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"),
        (
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870",
        ),
    ):
        assert aes.ecb_encrypt(bytes.fromhex(key), plain).hex() == cipher
        assert aes.ecb_decrypt(bytes.fromhex(key), bytes.fromhex(cipher)) == plain


@settings(max_examples=40, deadline=None)
@given(key_size=st.sampled_from([16, 24, 32]), data=st.binary(max_size=200), iv=st.binary(min_size=16, max_size=16))
def test_cbc_encrypt_then_decrypt_round_trips(key_size, data, iv):
    """Whole blocks come back as they were, for every key size; a last partial block is dropped both ways."""
    key = os.urandom(key_size)
    whole = data[: len(data) - len(data) % 16]
    assert aes.cbc_decrypt(key, iv, aes.cbc_encrypt(key, iv, data)) == whole
    assert len(aes.cbc_encrypt(key, iv, data)) == len(whole)


@settings(max_examples=5, deadline=None)
@given(password=st.binary(max_size=20), salt=st.binary(min_size=8, max_size=8), udata=st.sampled_from([b"", bytes(48)]))
def test_the_aes256_key_hash_agrees_with_pypdfs_own(password, salt, udata):
    """ISO 32000-2 algorithm 2.B (64 rounds or more of AES-128-CBC over 2-4 KB), with our AES while the
    provider is on and with the `cryptography` package's outside it: the same 32 bytes."""
    from pypdf._encryption import AlgV5

    theirs = AlgV5.calculate_hash(6, password, salt, udata)
    with aes.pypdf_provider():
        ours = AlgV5.calculate_hash(6, password, salt, udata)
    assert ours == theirs


WORDS = st.text(st.characters(min_codepoint=0x41, max_codepoint=0x7A, categories=["Lu", "Ll"]), min_size=1, max_size=12)


@settings(max_examples=6, deadline=None)
@given(
    lines=st.lists(st.lists(WORDS, min_size=1, max_size=5).map(" ".join), min_size=1, max_size=6),
    algorithm=st.sampled_from(["AES-256", "AES-128"]),
)
def test_a_pdf_encrypted_by_pypdf_reads_as_the_plain_one(lines, algorithm):
    """pypdf with the `cryptography` package writes the PDF encrypted (empty user password); the reader,
    with its own AES, reads the same lines as from the PDF before encryption."""
    from certificate_pdfs import Page, Text, encrypted, pdf

    from recert_core.certificates.pdf import read_pdf

    plain = pdf([Page([Text(72, 700 - 30 * i, line) for i, line in enumerate(lines)])])
    locked = encrypted(plain, user="", owner="owner-secret", algorithm=algorithm)
    assert locked != plain
    read = read_pdf(locked)
    assert read.encrypted == algorithm
    assert [line.text for line in read.pages[0].lines] == [line.text for line in read_pdf(plain).pages[0].lines]
    assert [line.text for line in read.pages[0].lines] == [" ".join(line.split()) for line in lines]


def test_a_key_is_expanded_once_and_decryption_keys_only_when_asked():
    key = os.urandom(32)
    aes._schedule.cache_clear()
    aes.cbc_encrypt(key, bytes(16), bytes(64))
    schedule = aes._schedule(key)
    assert "decrypt_keys" not in schedule.__dict__  # encrypting never inverts the key schedule
    aes.cbc_decrypt(key, bytes(16), bytes(64))
    assert aes._schedule(key) is schedule and "decrypt_keys" in schedule.__dict__


def test_the_s_box_is_fips_197s():
    """FIPS-197's worked example (S-box of 0x53 is 0xED), its first row, and the inverse undoing it."""
    assert aes.SBOX[0x53] == 0xED
    assert aes.SBOX[:16].hex() == "637c777bf26b6fc53001672bfed7ab76"
    assert all(aes.INVERSE[aes.SBOX[value]] == value for value in range(256))
