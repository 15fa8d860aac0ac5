import pytest

from trust.guard import ADDRESS, BIRTH_DATE, EMAIL, HEALTH_CARD, PHONE, scan


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Call me at 403-555-0199 please", PHONE, "403-555-0199"),
        ("my cell (403) 555 0199", PHONE, "(403) 555 0199"),
        ("UK number +44 20 7946 0958", PHONE, "+44 20 7946 0958"),
        ("text 4035550199", PHONE, "4035550199"),
        ("write to jane.doe+skin@example.co.uk today", EMAIL, "jane.doe+skin@example.co.uk"),
        ("my PHN is 12345-6789", HEALTH_CARD, "12345-6789"),
        ("OHIP 1234-567-890-AB", HEALTH_CARD, "1234-567-890-AB"),
        ("health card 9876543210", HEALTH_CARD, "9876543210"),
        ("I live at 123 Main Street, Calgary", ADDRESS, "123 Main Street"),
        ("clinic at 4512 17th Ave SW", ADDRESS, "4512 17th Ave SW"),
        ("born 14/03/1985 in Calgary", BIRTH_DATE, "14/03/1985"),
        ("DOB 1985-03-14", BIRTH_DATE, "1985-03-14"),
        ("I was born March 14, 1985", BIRTH_DATE, "March 14, 1985"),
        ("my birthday is 14 March 1985", BIRTH_DATE, "14 March 1985"),
    ],
)
def test_guard_finds_each_kind_of_personal_detail(text, kind, found):
    result = scan(text)
    assert [(f.kind, text[f.start : f.end]) for f in result.findings] == [(kind, found)]
    assert found not in result.redacted
    assert "removed]" in result.redacted


@pytest.mark.parametrize(
    "text",
    [
        "I used it for 2 weeks and it burned.",
        "It is 10% glycolic acid.",
        "Twice a day for 3 months, then once a week.",
        "I wear SPF 50 every day.",
        "0.05% tretinoin at night, 1-2 pumps.",
        "250 mg twice a day since 2 Jan 2024, 5 mL at 8:30, 10-15 minutes.",
        "I started on March 3, 2005 and again on 2024-01-15.",
        "A ratio of 1:2:3 and 100,000 IU of vitamin D; 3/4 of a pea.",
        "12 Main ideas about the street I walk on",
    ],
)
def test_guard_never_flags_plain_medical_text(text):
    result = scan(text)
    assert result.findings == []
    assert result.redacted == text


def test_redaction_keeps_the_rest_of_the_text():
    result = scan("Call 403-555-0199 or mail a@example.com about my rash.")
    assert result.redacted == "Call [phone number removed] or mail [email removed] about my rash."
    assert result.kinds == [PHONE, EMAIL]


@pytest.mark.parametrize(
    "adversarial",
    [
        "1" * 100_000,
        "a" * 99_999 + "@",
        "1 " * 50_000,
        "1-" * 50_000,
        "12 Main " * 12_500,
        "a.a" * 33_333 + "@",
        "March 1 " * 12_500,
        "a@" * 50_000,
    ],
    ids=["digits", "email-local", "spaced-digits", "dashed-digits", "street", "dotted", "months", "ats"],
)
def test_guard_work_is_linear_on_adversarial_100_kb_input(adversarial):
    """A backtracking scanner would take quadratic (or worse) steps here; this one stays
    within a constant number of steps per character (about 15 at worst)."""
    result = scan(adversarial)
    assert len(adversarial) >= 99_999
    assert result.steps <= 20 * len(adversarial)


def test_guard_step_count_grows_linearly_with_input():
    small, large = scan("1-" * 5_000), scan("1-" * 50_000)
    assert large.steps <= 11 * small.steps
