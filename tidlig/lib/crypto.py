"""Symmetric encryption and keyed lookup digests for values that must not sit in the database in clear."""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings


def _fernet() -> Fernet:
    key = hashlib.sha256(("tidlig-encrypt:" + settings.CPR_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def lookup_digest(value: str) -> str:
    """A keyed digest so an exact value can be found without storing it in clear."""
    key = ("tidlig-lookup:" + settings.CPR_KEY).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
