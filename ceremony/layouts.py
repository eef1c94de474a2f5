"""How a hall's seats are laid out: sections of rows, their labels as the hall's own plan prints them,
and the seats blocked or reserved in them.

A seat has a *position* in its row, 1 at the left to `seats_per_row` at the right as seen from the
hall facing the stage (so positions grow to the host's right), and a *number* as printed on it:
the same as its position (numbered left to right), the other way round (from the right), or odd
numbers on the left and even ones on the right, both from the centre outwards (1 and 2 in the middle),
as many theatres print them. Row 1 is the front row; its label is 1, A or А. Everything here is
computed from a row and a position: no list of a hall's seats is ever built.
"""

import dataclasses
import re

from django.utils.translation import gettext as _

from .enums import RowLabels, SeatNumbering

LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Rows lettered as Russian and Kazakh halls letter them: without Ё, Й, Ъ, Ы and Ь, which begin no
# row (Я is followed by АА).
CYRILLIC = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
ALPHABETS = {RowLabels.LETTERS: LATIN, RowLabels.CYRILLIC_LETTERS: CYRILLIC}
# A Latin letter typed for the Cyrillic one it looks like (a keyboard left in English): the same row.
LOOKALIKES = {RowLabels.LETTERS: str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")}
LOOKALIKES[RowLabels.CYRILLIC_LETTERS] = str.maketrans("ABEKMHOPCTX", "АВЕКМНОРСТХ")


def letters_of(index, alphabet=LATIN):
    """A, B, ... Z, AA, AB, ...: the label of row `index` (from 1) lettered as spreadsheets do."""
    label = ""
    while index:
        index, rest = divmod(index - 1, len(alphabet))
        label = alphabet[rest] + label
    return label


def index_of_letters(label, alphabet=LATIN):
    """The row `label` names in `alphabet`, or 0 when a letter is not of it."""
    index = 0
    for char in label.upper():
        place = alphabet.find(char)
        if place < 0:
            return 0
        index = index * len(alphabet) + place + 1
    return index


@dataclasses.dataclass(frozen=True)
class Section:
    """A section's geometry and labels; `record` is the VenueSection (None: the venue's own single
    rows × seats, from before halls had sections)."""

    rows: int
    seats_per_row: int
    row_labels: str = RowLabels.NUMBERS
    seat_numbering: str = SeatNumbering.LEFT_TO_RIGHT
    blocked: frozenset = frozenset()  # (row, position)
    reserved: frozenset = frozenset()
    record: object = None

    @property
    def key(self):
        return self.record.pk if self.record is not None else None

    @property
    def left_side(self):
        """Odd-even numbering: how many seats are on the odd (left) side; one more when odd."""
        return (self.seats_per_row + 1) // 2

    def row_label(self, row):
        alphabet = ALPHABETS.get(self.row_labels)
        return letters_of(row, alphabet) if alphabet else str(row)

    def row_of_label(self, label):
        """The row a printed label names, or None when this section has no such row."""
        label = label.strip()
        alphabet = ALPHABETS.get(self.row_labels)
        if alphabet:
            label = label.upper().translate(LOOKALIKES[self.row_labels])
            row = index_of_letters(label, alphabet) if label.isalpha() else 0
        else:
            row = int(label) if label.isascii() and label.isdigit() else 0
        return row if 1 <= row <= self.rows else None

    def number_at(self, position):
        """The number printed on the seat at `position`."""
        if self.seat_numbering == SeatNumbering.ODD_EVEN:
            left = self.left_side
            return 2 * (left - position) + 1 if position <= left else 2 * (position - left)
        if self.seat_numbering == SeatNumbering.RIGHT_TO_LEFT:
            return self.seats_per_row + 1 - position
        return position

    def position_of(self, number):
        """Where the seat numbered `number` stands in its row, or None when no seat has that number."""
        if self.seat_numbering == SeatNumbering.ODD_EVEN:
            position = self.left_side - (number - 1) // 2 if number % 2 else self.left_side + number // 2
        elif self.seat_numbering == SeatNumbering.RIGHT_TO_LEFT:
            position = self.seats_per_row + 1 - number
        else:
            position = number
        return position if number >= 1 and 1 <= position <= self.seats_per_row else None

    def describe(self):
        """«20 rows of 30 seats», for messages."""
        return _("%(rows)d rows of %(seats)d seats") % {"rows": self.rows, "seats": self.seats_per_row}


SEAT_LIST_PART = re.compile(
    r"""^(?P<row>[^\W\d_]{1,6}|\d{1,6})\s*[/:.]?\s*(?P<first>\d{1,6})
    (?:\s*[-–]\s*(?:(?P<row_again>[^\W\d_]{1,6}|\d{1,6})\s*[/:.]\s*|(?P<letters_again>[^\W\d_]{1,6})\s*)?
    (?P<last>\d{1,6}))?$""",
    re.VERBOSE,
)
EXAMPLES = {RowLabels.NUMBERS: "3/1-4", RowLabels.LETTERS: "A1-A4", RowLabels.CYRILLIC_LETTERS: "А1-А4"}


def seat_list_parse(text, section):
    """The seats a list such as «A1-A4, B7» (lettered rows) or «3/1-4, 5/7» (numbered rows) names, as
    (row, position); a range is the seats standing between its two ends in the row, so «A1-A7» with
    odd-even numbering is A1, A3, A5 and A7. Returns (seats, errors), each error naming the part."""
    seats, errors = set(), []
    for part in (part.strip() for part in re.split(r"[,;\n]", text or "")):
        if not part:
            continue
        found = SEAT_LIST_PART.match(part)
        problem = None
        if found is None or (section.row_labels == RowLabels.NUMBERS and not re.match(r"^\d+\s*[/:.]", part)):
            problem = _("«%(part)s» is not a seat or a range of seats like %(example)s.") % {
                "part": part,
                "example": EXAMPLES[section.row_labels],
            }
        else:
            again = found["row_again"] or found["letters_again"]
            row = section.row_of_label(found["row"])
            first = section.position_of(int(found["first"]))
            last = section.position_of(int(found["last"])) if found["last"] else first
            if row is None or (again and section.row_of_label(again) != row):
                problem = _("«%(part)s»: the section has no row %(row)s, or the range spans two rows.") % {
                    "part": part,
                    "row": again if row is not None else found["row"],
                }
            elif first is None or last is None:
                problem = _("«%(part)s»: the section has no such seat in a row (%(layout)s).") % {
                    "part": part,
                    "layout": section.describe(),
                }
            else:
                low, high = sorted((first, last))
                seats.update((row, position) for position in range(low, high + 1))
        if problem:
            errors.append(problem)
    return frozenset(seats), errors
