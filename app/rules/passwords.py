"""Password hashes: scrypt from the standard library, with its parameters and a random salt stored
beside the hash, so the cost can be raised later without invalidating the passwords already set:
a hash made at a lower cost is made again at the next sign-in (``needs_rehash``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

MIN_LENGTH = 8
# scrypt's cost N, as OWASP's password storage advice asks (2^17 with r=8, p=1): about 128 MB and
# 0.3-0.5 s per hash, slow enough to make guessing a stolen hash expensive and fine for a sign-in.
# tests/conftest.py lowers it for the suite, which makes many users.
COST = 2**17
_R, _P = 8, 1
# The most memory a stored hash may ask of verify_password: its own cost's, and no more than twice
# COST's at r=8, so a tampered hash cannot make a sign-in take gigabytes.
_MAX_MEMORY = 2 * 128 * _R * (2**17 + 2) + 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _memory(n: int, r: int, p: int) -> int:
    """What scrypt needs with these parameters (its V and B arrays), plus room for its bookkeeping."""
    return 128 * r * (n + p + 2) + 1024 * 1024


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=COST, r=_R, p=_P, dklen=32,
                            maxmem=_memory(COST, _R, _P))
    return f"scrypt${COST}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected),
                                maxmem=min(_memory(int(n), int(r), int(p)), _MAX_MEMORY))
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with other parameters than today's (an older, cheaper cost)."""
    return not stored.startswith(f"scrypt${COST}${_R}${_P}$")


def dummy_hash() -> str:
    """A hash of no one's password at today's cost (its digest matches nothing): a sign-in with an
    unknown name verifies against it, so it takes as long as one with a known name and the timing does
    not tell which names exist."""
    return f"scrypt${COST}${_R}${_P}${_b64(bytes(16))}${_b64(bytes(32))}"
