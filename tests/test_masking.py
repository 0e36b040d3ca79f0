"""Masking personal data in customer comments: what is masked, what is not."""

from __future__ import annotations

import pytest

from sprintkit.masking import EMAIL, IDENTITY_CODE, PHONE, is_identity_code, mask

CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def code(ddmmyy: str, sign: str, serial: str) -> str:
    """A valid identity code, computed the way the Digital and Population Data
    Services Agency describes it (the 9 digits modulo 31)."""
    return f"{ddmmyy}{sign}{serial}{CHECK[int(ddmmyy + serial) % 31]}"


def test_the_published_example_code_is_valid():
    # The example the population register itself uses.
    assert is_identity_code("131052-308T")
    assert code("131052", "-", "308") == "131052-308T"
    assert not is_identity_code("131052-308U")


@pytest.mark.parametrize("sign, ddmmyy", [
    ("+", "010185"), ("-", "131052"), ("U", "050590"), ("V", "050590"), ("W", "290296"),
    ("X", "311299"), ("Y", "010100"), ("A", "150305"), ("B", "150305"), ("C", "290200"),
    ("D", "010124"), ("E", "311223"), ("F", "070707")])
def test_identity_codes_with_every_century_sign_are_masked(sign, ddmmyy):
    hetu = code(ddmmyy, sign, "123")
    result = mask(f"Hetuni on {hetu}, korjatkaa tiedot.")
    assert result.text == "Hetuni on [identity code], korjatkaa tiedot."
    assert result.counts == {IDENTITY_CODE: 1}


def test_a_lower_case_identity_code_is_masked_too():
    assert mask("tunnus 131052-308t").text == "tunnus [identity code]"


@pytest.mark.parametrize("text", [
    "131052-308U",  # wrong check character
    "310252-308T",  # 31 February
    "131052G308T",  # G is no century sign
    "131052-001L",  # serial 001 is never given
    "Tilausnumero 131052-3081X",  # longer than a code
    "SKU-131052-308T",  # part of a product code
])
def test_near_miss_identity_codes_stay(text):
    assert mask(text).text == text


@pytest.mark.parametrize("text, masked", [
    ("Laittakaa viesti matti.meikalainen@example.fi kiitos",
     "Laittakaa viesti [e-mail] kiitos"),
    ("<anna+kela@posti.example.com>", "<[e-mail]>"),
    ("Skriv till kund.tjanst@foretag.ax.", "Skriv till [e-mail]."),
])
def test_email_addresses_are_masked(text, masked):
    result = mask(text)
    assert result.text == masked and result.counts == {EMAIL: 1}


@pytest.mark.parametrize("text", ["@kela ei vastaa", "a@b", "hinta 5 €@kpl",
                                  "twitter @VR_Asiakaspalvelu"])
def test_not_email_addresses(text):
    assert mask(text).text == text


@pytest.mark.parametrize("number", [
    "+358 40 123 4567", "+358401234567", "+358 (0)9 123 4567", "00358 50 765 4321",
    "040 123 4567", "0401234567", "040-1234567", "050 765 43 21", "09-1234567",
    "09 123 4567", "(09) 123 4567", "013 123456", "+46 70 123 45 67"])
def test_phone_numbers_are_masked(number):
    result = mask(f"Soittakaa {number} iltaisin")
    assert result.text == "Soittakaa [phone] iltaisin"
    assert result.counts == {PHONE: 1}


@pytest.mark.parametrize("text", [
    "Juna oli myöhässä 1.2.2026 klo 14.05",
    "Lasku 1 234 567 euroa",
    "Postinumero 00100 Helsinki",
    "Tilaus 123456789 ei saapunut",
    "Odotin 040 minuuttia",  # too few digits to be a number
    "Linja 550 ja 560",
    "Vuonna 2026-03-04 kävin",
    "+5 pistettä",
    "Kello 09-17",
    "Viite 0000 1234 5678",
])
def test_near_miss_phone_numbers_stay(text):
    assert mask(text).text == text


def test_several_kinds_in_one_comment_are_counted():
    hetu = code("020304", "A", "456")
    result = mask(f"Olen {hetu}, numero 040 123 4567 tai 09-1234567, s-posti x@y.fi")
    assert result.text == ("Olen [identity code], numero [phone] tai [phone], "
                           "s-posti [e-mail]")
    assert result.counts == {IDENTITY_CODE: 1, PHONE: 2, EMAIL: 1}
    assert result.total == 4


def test_placeholders_in_the_workshop_language():
    words = {EMAIL: "[sähköposti]", PHONE: "[puhelin]", IDENTITY_CODE: "[henkilötunnus]"}
    assert mask("040 123 4567 / a@b.fi", words).text == "[puhelin] / [sähköposti]"


def test_text_without_personal_data_is_unchanged():
    text = "Jonotus kesti liian kauan, 45 min!"
    result = mask(text)
    assert result.text == text and result.counts == {} and result.total == 0
