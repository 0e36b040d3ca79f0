"""Personal data in customer comments, replaced by placeholders.

Feedback exports carry what customers wrote, and customers write their e-mail
address, their phone number ("soittakaa 040 123 4567") and sometimes their
personal identity code into a complaint. None of that helps a workshop, and a
workshop file travels (archives, reports, a shared laptop), so imports mask
it by default. Pure: text in, text and counts out.

What is masked, and how false hits are kept out:

- e-mail addresses: ``name@domain.tld``;
- phone numbers: ``+358``/``00358`` followed by 6-11 digits (spaces, hyphens
  and a ``(0)`` allowed between), other ``+<country>`` numbers of 8-14 digits,
  and Finnish national forms starting with a single 0 (``040 123 4567``,
  ``09-1234567``, ``(09) 123 4567``) of 7-11 digits in all. Dates (``1.2.2026``),
  sums (``1 234 567``), postal codes (``00100``) and order numbers without a
  leading 0 are left alone;
- Finnish personal identity codes (henkilötunnus) ``DDMMYYCZZZQ`` with every
  century sign (``+``, ``-``, ``U``-``Y`` for the 1900s, ``A``-``F``), counted
  only when the date exists and the check character matches, so a product
  code of the same shape stays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

EMAIL = "email"
PHONE = "phone"
IDENTITY_CODE = "identity_code"
KINDS = (EMAIL, PHONE, IDENTITY_CODE)

DEFAULT_PLACEHOLDERS: Mapping[str, str] = {
    EMAIL: "[e-mail]", PHONE: "[phone]", IDENTITY_CODE: "[identity code]"}


@dataclass(frozen=True)
class Masked:
    """The text with personal data replaced, and how many of each kind were."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])")

# A digit, then more digits with at most one space or hyphen between any two.
_DIGITS = r"\d(?:[ \-]?\d)"
_PHONE = re.compile(
    r"(?<![\w+@])(?:"
    # Finland from abroad: +358 40 123 4567, +358 (0)9 123 4567, 00358401234567.
    r"(?:\+|00)358[ \-]?(?:\(0\)[ \-]?)?" + _DIGITS + r"{5,10}"
    # Another country: +46 70 123 45 67.
    r"|\+[1-9]\d{0,2}[ \-]?" + _DIGITS + r"{6,12}"
    # Finland at home: 040 123 4567, 09-1234567, (09) 123 4567, 0401234567.
    r"|(?:\(0[1-9]\d{0,2}\)|0[1-9]\d{0,2})[ \-]?" + _DIGITS + r"{4,8}"
    r")(?![\w])")

_CENTURIES = {"+": 1800, "-": 1900, "U": 1900, "V": 1900, "W": 1900, "X": 1900, "Y": 1900,
              "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_IDENTITY = re.compile(r"(?<![\w+-])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![\w])",
                       re.IGNORECASE)


def is_identity_code(code: str) -> bool:
    """Whether ``code`` is a valid Finnish personal identity code: a real date,
    a known century sign and the right check character."""
    match = _IDENTITY.fullmatch(code.strip())
    return match is not None and _valid(match)


def _valid(match: re.Match[str]) -> bool:
    day, month, year, sign, serial, check = match.groups()
    try:
        date(_CENTURIES[sign.upper()] + int(year), int(month), int(day))
    except ValueError:
        return False
    if int(serial) < 2:  # 000 and 001 are never given out
        return False
    return _CHECK[int(day + month + year + serial) % 31] == check.upper()


def _phone_digits_ok(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    if number.startswith("+358") or number.startswith("00358"):
        return 9 <= len(digits.removeprefix("00")) <= 15
    if number.startswith("+"):
        return 8 <= len(digits) <= 15
    return 7 <= len(digits) <= 11


def mask(text: str, placeholders: Mapping[str, str] = DEFAULT_PLACEHOLDERS) -> Masked:
    """``text`` with e-mail addresses, phone numbers and identity codes replaced
    by ``placeholders[kind]``; identity codes go first, so their digits are
    never read as part of a phone number."""
    counts = dict.fromkeys(KINDS, 0)

    def identity(match: re.Match[str]) -> str:
        if not _valid(match):
            return match.group()
        counts[IDENTITY_CODE] += 1
        return placeholders[IDENTITY_CODE]

    def email(match: re.Match[str]) -> str:
        counts[EMAIL] += 1
        return placeholders[EMAIL]

    def phone(match: re.Match[str]) -> str:
        number = match.group()
        if not _phone_digits_ok(number):
            return number
        counts[PHONE] += 1
        return placeholders[PHONE]

    text = _IDENTITY.sub(identity, text)
    text = _EMAIL.sub(email, text)
    text = _PHONE.sub(phone, text)
    return Masked(text, {k: n for k, n in counts.items() if n})
