"""The one rule for an email address festplan accepts, used by every entry (API, forms, imports, sign-in).

An address festplan cannot put in a ``To:`` header is an email that can never be built: festplan writes
plain RFC 5322 headers, not SMTPUTF8, so an address must be ASCII (an international domain in its
``xn--`` form), without spaces, control characters or a second ``@``. It was five slightly different
regular expressions, some of which let ``josé@exemple.fr`` in, whose emails then failed at every try.
"""

from __future__ import annotations

import re

#: For pydantic's ``pattern=`` and for :func:`is_email` alike.
EMAIL_PATTERN = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$"
MAX_EMAIL = 254
_EMAIL = re.compile(EMAIL_PATTERN)


def is_email(value: str) -> bool:
    """Whether ``value`` (already stripped) is an address festplan can write to."""
    return len(value) <= MAX_EMAIL and _EMAIL.match(value) is not None
