"""The personal-detail guard: finds phone numbers, email addresses, health-card-like numbers,
street addresses and full dates of birth in a patient's text, and redacts them.

No regular expression here: the text is cut once into tokens (runs of digits, runs of
letters, runs of spaces, single other characters) and each detector looks at a bounded
window of tokens from each position. The work is therefore linear in the length of the
text whatever it contains; `scan()` counts its steps so a test can hold it to that.

The detectors prefer missing an odd format over flagging plain medical text: numbers
like "2 weeks", "10%", "SPF 50" or "0.05% tretinoin" never match any shape below.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

PHONE = "phone"
EMAIL = "email"
HEALTH_CARD = "health_card"
ADDRESS = "address"
BIRTH_DATE = "birth_date"

KIND_LABELS = {
    PHONE: _("a phone number"),
    EMAIL: _("an email address"),
    HEALTH_CARD: _("a health card or ID number"),
    ADDRESS: _("a street address"),
    BIRTH_DATE: _("a date of birth"),
}
REPLACEMENTS = {
    PHONE: "[phone number removed]",
    EMAIL: "[email removed]",
    HEALTH_CARD: "[ID number removed]",
    ADDRESS: "[address removed]",
    BIRTH_DATE: "[date removed]",
}

DIGITS, LETTERS, SPACE, OTHER = "d", "a", "s", "o"

STREET_SUFFIXES = frozenset(
    [
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "boulevard",
        "blvd",
        "drive",
        "dr",
        "lane",
        "ln",
        "way",
        "court",
        "ct",
        "crescent",
        "cres",
        "place",
        "pl",
        "trail",
        "trl",
        "close",
        "terrace",
        "parkway",
        "pkwy",
        "highway",
        "hwy",
        "circle",
        "cir",
        "square",
        "sq",
        "gate",
    ]
)
DIRECTIONS = frozenset(["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"])
ORDINALS = frozenset(("st", "nd", "rd", "th"))
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
BIRTH_WORDS = frozenset(("born", "dob", "birth", "birthday", "birthdate", "bday"))
HEALTH_CARD_WORDS = frozenset(("phn", "ohip", "ahcip", "msp", "ramq", "card", "health", "hcn"))
EMAIL_LOCAL_OTHER = frozenset("._%+-")
# How far back a context word ("born", "PHN") may be, in tokens.
CONTEXT_WINDOW = 8
# Bounds that keep every detector's window small.
MAX_CHAIN_GROUPS = 5
MAX_EMAIL_TOKENS = 40
MAX_STREET_NAME_WORDS = 4


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self):
        return KIND_LABELS[self.kind]


@dataclass
class GuardResult:
    text: str
    findings: list = field(default_factory=list)
    steps: int = 0

    @property
    def has_findings(self):
        return bool(self.findings)

    @property
    def kinds(self):
        """The kinds found, each once, in the order first found."""
        return list(dict.fromkeys(finding.kind for finding in self.findings))

    @property
    def labels(self):
        return [KIND_LABELS[kind] for kind in self.kinds]

    @property
    def redacted(self):
        parts, position = [], 0
        for finding in self.findings:
            parts.append(self.text[position : finding.start])
            parts.append(REPLACEMENTS[finding.kind])
            position = finding.end
        parts.append(self.text[position:])
        return "".join(parts)


def _char_kind(char):
    if char.isdigit() and char.isascii():
        return DIGITS
    if char.isalpha():
        return LETTERS
    if char.isspace():
        return SPACE
    return OTHER


def tokenize(text, counter):
    """Cut `text` into runs of digits, letters and spaces, and single other characters."""
    tokens = []
    start, length = 0, len(text)
    while start < length:
        kind = _char_kind(text[start])
        end = start + 1
        if kind != OTHER:
            while end < length and _char_kind(text[end]) == kind:
                end += 1
        counter[0] += end - start
        tokens.append(Token(kind, text[start:end], start, end))
        start = end
    return tokens


class _Scanner:
    def __init__(self, text):
        self.text = text
        self.counter = [0]
        self.tokens = tokenize(text, self.counter)

    def step(self, n=1):
        self.counter[0] += n

    def tok(self, index):
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def is_kind(self, index, kind, text=None):
        token = self.tok(index)
        return token is not None and token.kind == kind and (text is None or token.text == text)

    def word_before(self, index, words):
        """Whether one of `words` (lowercase) appears among the CONTEXT_WINDOW tokens before `index`."""
        for back in range(1, CONTEXT_WINDOW + 1):
            self.step()
            token = self.tok(index - back)
            if token is None:
                return False
            if token.kind == LETTERS and token.text.lower() in words:
                return True
        return False

    # --- digit chains: 403-555-0199, (403) 555 0199, 1985/03/14 --------------------

    def chain(self, index, separators):
        """Digit groups from `index` joined by one separator character (optionally with a
        space after a closing bracket). Returns (groups, separators used, end index)."""
        groups, used, position = [], [], index
        while len(groups) < MAX_CHAIN_GROUPS:
            self.step()
            token = self.tok(position)
            if token is None or token.kind != DIGITS:
                break
            groups.append(token.text)
            following = self.tok(position + 1)
            if following is None or following.text not in separators or len(following.text) != 1:
                position += 1
                break
            skip = 2
            if following.text == ")" and self.is_kind(position + 2, SPACE, " "):
                skip = 3
            if not self.is_kind(position + skip, DIGITS):
                position += 1
                break
            used.append(following.text)
            position += skip
        return groups, used, position

    def bounded(self, first, after):
        """True when the tokens around [first, after) are not letters or digits (a whole number)."""
        before, following = self.tok(first - 1), self.tok(after)
        if before is not None and before.kind in (DIGITS, LETTERS):
            return False
        if before is not None and before.text in ".,/" and self.is_kind(first - 2, DIGITS):
            return False
        if following is not None and following.kind in (DIGITS, LETTERS):
            return False
        return not (following is not None and following.text in ".,/-" and self.is_kind(after + 1, DIGITS))

    def _number_kind(self, groups, used, *, plus, start_index):
        lengths = [len(group) for group in groups]
        digits = "".join(groups)
        if plus and 8 <= len(digits) <= 15:
            return PHONE
        if lengths in ([3, 3, 4], [1, 3, 3, 4]) or (
            len(lengths) == 1 and (len(digits) == 10 or (len(digits) == 11 and digits[0] == "1"))
        ):
            if len(lengths) == 1 and self.word_before(start_index, HEALTH_CARD_WORDS):
                return HEALTH_CARD
            return PHONE
        if lengths in ([9], [5, 4], [4, 3, 3]) or (lengths == [3, 3, 3] and set(used) == {"-"}):
            return HEALTH_CARD
        return None

    def phone_or_card(self, index):
        """A phone or health-card-like number starting at `index`. The chain of digit groups
        may run into the next number ("403-555-0199 403-555-0188"), so its longest prefix
        with a known shape wins."""
        plus = self.is_kind(index - 1, OTHER, "+")
        bracket = self.is_kind(index - 1, OTHER, "(")
        first = index - 1 if (plus or bracket) else index
        groups, used, _after = self.chain(index, {" ", "-", ".", ")"})
        ends = self._group_ends(index, len(groups))
        for count in range(len(groups), 0, -1):
            self.step()
            after = ends[count - 1] + 1
            kind = self._number_kind(groups[:count], used[: count - 1], plus=plus, start_index=index)
            if kind is None or not self.bounded(first, after):
                continue
            end = self.tok(after - 1).end
            # An Ontario card's two-letter version code: 1234-567-890-AB
            if kind == HEALTH_CARD and self.is_kind(after, OTHER) and self.tok(after).text in " -":
                code = self.tok(after + 1)
                if code is not None and code.kind == LETTERS and len(code.text) == 2 and code.text.isupper():
                    end, after = code.end, after + 2
            return Finding(kind, self.tok(first).start, end), after
        return None

    def _group_ends(self, index, count):
        """Token indexes of the first `count` digit groups from `index` (as `chain` walked them)."""
        ends, position = [], index
        while len(ends) < count:
            self.step()
            if self.is_kind(position, DIGITS):
                ends.append(position)
            position += 1
        return ends

    # --- dates: 1985-03-14, 14/03/1985, March 14, 1985, 14 March 1985 ----------------

    def _is_birth(self, index, year):
        """A full date is a date of birth when "born", "DOB", "birthday"... comes just before it:
        a date alone is more often a treatment date than a birth date."""
        return self.word_before(index, BIRTH_WORDS)

    @staticmethod
    def _valid_date(year, month, day):
        if not 1900 <= year <= datetime.date.today().year:
            return False
        try:
            datetime.date(year, month, day)
        except ValueError:
            return False
        return True

    def numeric_date(self, index):
        groups, used, after = self.chain(index, {"/", "-", "."})
        if len(groups) != 3 or len(set(used)) != 1 or not self.bounded(index, after):
            return None
        lengths = [len(group) for group in groups]
        numbers = [int(group) for group in groups]
        if lengths[0] == 4 and lengths[1] <= 2 and lengths[2] <= 2:
            candidates = [(numbers[0], numbers[1], numbers[2])]
        elif lengths[2] == 4 and lengths[0] <= 2 and lengths[1] <= 2:
            candidates = [(numbers[2], numbers[1], numbers[0]), (numbers[2], numbers[0], numbers[1])]
        else:
            return None
        for year, month, day in candidates:
            if self._valid_date(year, month, day) and self._is_birth(index, year):
                return Finding(BIRTH_DATE, self.tok(index).start, self.tok(after - 1).end), after
        return None

    def _spaced(self, index):
        """The index after optional ',' and one space, or None."""
        if self.is_kind(index, OTHER, ","):
            index += 1
        if self.is_kind(index, OTHER, "."):
            index += 1
        return index + 1 if self.is_kind(index, SPACE) and len(self.tok(index).text) <= 2 else None

    def worded_date(self, index):
        """`index` is a letters token (month first) or a digits token (day first)."""
        token = self.tok(index)
        if token.kind == LETTERS:
            month = MONTHS.get(token.text.lower())
            day_index = self._spaced(index + 1)
            if month is None or day_index is None or not self.is_kind(day_index, DIGITS):
                return None
            day = int(self.tok(day_index).text[:3])
            year_index = self._spaced(day_index + 1)
            ordinal = self.tok(day_index + 1)
            if year_index is None and ordinal is not None and ordinal.text.lower() in ORDINALS:
                year_index = self._spaced(day_index + 2)
        else:
            day = int(token.text[:3]) if len(token.text) <= 2 else 0
            month_index = index + 1
            if self.is_kind(month_index, LETTERS) and self.tok(month_index).text.lower() in ORDINALS:
                month_index += 1
            month_index = self._spaced(month_index)
            if not day or month_index is None or not self.is_kind(month_index, LETTERS):
                return None
            month = MONTHS.get(self.tok(month_index).text.lower())
            year_index = self._spaced(month_index + 1) if month else None
        self.step(6)
        if year_index is None or not self.is_kind(year_index, DIGITS) or len(self.tok(year_index).text) != 4:
            return None
        year = int(self.tok(year_index).text)
        if self.is_kind(year_index + 1, DIGITS) or not self._valid_date(year, month, day):
            return None
        if not self._is_birth(index, year):
            return None
        return Finding(BIRTH_DATE, token.start, self.tok(year_index).end), year_index + 1

    # --- street addresses: 123 Main Street, 4512 17th Ave SW ------------------------

    def address(self, index):
        number = self.tok(index)
        if len(number.text) > 6 or not self.bounded(index, index + 1):
            return None
        position, words = index + 1, 0
        while words <= MAX_STREET_NAME_WORDS:
            self.step()
            if not (self.is_kind(position, SPACE) and self.tok(position).text == " "):
                return None
            word = self.tok(position + 1)
            if word is None:
                return None
            if word.kind == LETTERS and words and word.text.lower().rstrip(".") in STREET_SUFFIXES:
                if not word.text[0].isupper():
                    return None
                after = position + 2
                if self.is_kind(after, OTHER, "."):
                    after += 1
                end = self.tok(after - 1).end
                if self.is_kind(after, SPACE, " ") and self.is_kind(after + 1, LETTERS):
                    direction = self.tok(after + 1)
                    if direction.text.lower() in DIRECTIONS and direction.text[0].isupper():
                        end, after = direction.end, after + 2
                return Finding(ADDRESS, number.start, end), after
            if word.kind == LETTERS and word.text[0].isupper():
                position += 2
            elif word.kind == DIGITS and len(word.text) <= 3:
                position += 2
                if self.is_kind(position, LETTERS) and self.tok(position).text.lower() in ORDINALS:
                    position += 1
            else:
                return None
            words += 1
        return None

    # --- email addresses -------------------------------------------------------------

    def email(self, at_index):
        """`at_index` is an '@': walk back over the local part and forward over the domain."""
        first = at_index
        for _count in range(MAX_EMAIL_TOKENS):
            self.step()
            token = self.tok(first - 1)
            if token is None or not (token.kind in (DIGITS, LETTERS) or token.text in EMAIL_LOCAL_OTHER):
                break
            first -= 1
        if first == at_index:
            return None
        position, labels, last_label = at_index + 1, 0, None
        for _count in range(MAX_EMAIL_TOKENS):
            self.step()
            token = self.tok(position)
            if token is None or not (token.kind in (DIGITS, LETTERS) or token.text == "-"):
                break
            # One label: letters, digits and hyphens up to the next dot.
            while self.tok(position) is not None and (
                self.tok(position).kind in (DIGITS, LETTERS) or self.tok(position).text == "-"
            ):
                self.step()
                last_label = self.tok(position)
                position += 1
            labels += 1
            if not (self.is_kind(position, OTHER, ".") and self.tok(position + 1) is not None):
                break
            nxt = self.tok(position + 1)
            if nxt.kind not in (DIGITS, LETTERS):
                break
            position += 1
        if labels < 2 or last_label is None or last_label.kind != LETTERS or len(last_label.text) < 2:
            return None
        return Finding(EMAIL, self.tok(first).start, last_label.end), position

    def scan(self):
        findings, index, count = [], 0, len(self.tokens)
        # Emails first: their digits must not be read as phone numbers.
        email_spans = []
        for at_index, token in enumerate(self.tokens):
            self.step()
            if token.text == "@":
                found = self.email(at_index)
                if found is not None:
                    email_spans.append(found[0])
        email_starts = {finding.start: finding for finding in email_spans}
        while index < count:
            self.step()
            token = self.tokens[index]
            if token.start in email_starts:
                finding = email_starts[token.start]
                findings.append(finding)
                while index < count and self.tokens[index].start < finding.end:
                    self.step()
                    index += 1
                continue
            found = None
            if token.kind == DIGITS:
                found = self.numeric_date(index) or self.worded_date(index) or self.phone_or_card(index)
                found = found or self.address(index)
            elif token.kind == LETTERS and token.text.lower() in MONTHS:
                found = self.worded_date(index)
            if found is None:
                index += 1
                continue
            finding, after = found
            findings.append(finding)
            index = max(after, index + 1)
        return findings


def scan(text):
    """Find personal details in `text`. Returns a GuardResult with the findings (in order,
    never overlapping), the redacted text and the number of steps the scan took."""
    text = text or ""
    scanner = _Scanner(text)
    findings = scanner.scan()
    return GuardResult(text=text, findings=findings, steps=scanner.counter[0])
