import pytest

from challenges.accounts.enterprise import format_enterprise_number, normalise_enterprise_number


@pytest.mark.parametrize("spelling", [
    "0123.456.749", "0123456749", "BE0123456749", "be 0123.456.749", "BE 0123 456 749",
    "0123-456-749", "123456749",
])
def test_usual_spellings_are_accepted_and_normalised(spelling):
    assert normalise_enterprise_number(spelling) == "0123456749"


@pytest.mark.parametrize("value", [
    "0123.456.748",   # wrong check digits
    "0123.456.7499",  # too long
    "0123.456",       # too short
    "2123.456.749",   # enterprise numbers start with 0 or 1
    "ABCD.EFG.HIJ",
    "",
])
def test_invalid_numbers_are_refused(value):
    assert normalise_enterprise_number(value) is None


def test_format():
    assert format_enterprise_number("0123456749") == "0123.456.749"
