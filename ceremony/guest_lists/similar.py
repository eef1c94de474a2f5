"""Who in the address book a new guest may be, although the list spells the name otherwise.

Matching (planning.py) finds a person by email, or by the very same name. Lists as they arrive spell
one cosmonaut «Аимбетов», «Айымбетов» and «Aimbetov», and each spelling would become a person of
its own, with a badge of its own. So names are also compared by their skeleton: any script written
in Latin letters (anyascii knows the Kazakh letters ә ғ қ ң ө ұ ү һ і), then the spellings that
transliterations and typists choose between folded to one (й, и, ы, y and i; kh and h; zh and j;
double letters; hyphens and spaces).

A guest may be the same as a stored person when their given names have one skeleton, their
patronymics too (or one of them has none), and their family names are a few edits apart, fewer for
shorter names: «Ким» and «Кем» are two families, «Константинопольский» with a letter wrong is one.
Nothing is decided here: the organizer says per guest whether it is the same person.

The address book is read in one query and grouped by given name. A guest's family name is then
compared in memory only with those of the same given name that keep a piece of it whole where it
should be (`_pieces`, `_near`), which finds every name that comparing with all of them would: 20,000
guests against 20,000 people take about a second (benchmarks/similar_people.py).
"""

import re
import unicodedata
from collections import defaultdict
from functools import cache

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ceremony.models import Person

# Which fields hold a name, in the person's record and in a guest's values alike.
NAME_FIELDS = ("family_name", "given_name", "patronymic", "family_name_latin", "given_name_latin")
# How many people a guest is said to be possibly the same as, the likeliest first.
CANDIDATES_SHOWN = 3

# Spellings of one sound, folded to one, in this order, once a name is in Latin letters: the ways
# Russian, Kazakh and passport transliterations write it, and the ways people type it.
FOLDS = (
    ("shch", "sh"),  # щ
    ("sch", "sh"),
    ("dzh", "j"),  # ж, дж: Zhanibek, Janibek, Dzhanibek
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),  # х: Khabibullin, Habibullin
    ("x", "ks"),  # Alexei, Aleksei
    ("gh", "g"),  # ғ
    ("ng", "n"),  # ң: Kenges, Kenes
    ("q", "k"),  # қ
    ("ts", "c"),  # ц: Tsoi, Tcoi, Coi
    ("tc", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("y", "i"),  # й, ы, и: Aimbetov, Aymbetov, Ayymbetov
    ("ie", "e"),  # е after a vowel: Sergeyevich, Sergeevich
)
NOT_LETTERS = re.compile(r"[^a-z]+")
REPEATED = re.compile(r"(.)\1+")


def skeleton(text):
    """The name as compared: in Latin letters, lower case, only letters, each sound spelt one way.

    «Айымбетов», «Аимбетов» and "Aimbetov" have one skeleton, "aimbetov"; «Жұмабек» and
    "Zhumabek" have "jumabek". Blank for no name.
    """
    if not text:
        return ""
    latin = NOT_LETTERS.sub("", anyascii(unicodedata.normalize("NFC", text)).lower())
    for spelling, folded in FOLDS:
        latin = latin.replace(spelling, folded)
    return REPEATED.sub(r"\1", latin)


def edits_allowed(length):
    """How many letters two family names of (the shorter) skeleton `length` may differ in and still
    be one name misspelt: none for short names, where one letter makes another family (Ким, Кем),
    one up to eight letters, two beyond."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    return 2


def _pieces(family_name):
    """The pieces a stored family name is cut into: one more than the edits it allows, so that a
    name that few edits away keeps at least one of them whole, a few letters from where it was."""
    length = len(family_name)
    count = edits_allowed(length) + 1
    for number in range(count):
        yield length, number, family_name[number * length // count : (number + 1) * length // count]


def _pieces_near(family_name):
    """The pieces (as `_pieces` gives them) that a stored family name few enough edits from
    `family_name` has whole."""
    return [
        (other_length, number, family_name[start:end])
        for other_length, number, start, end in _near(len(family_name))
    ]


@cache
def _near(length):
    """Where the pieces of stored family names few enough edits from a name of `length` letters may
    be found whole in it: (their length, piece number, start, end) for each piece of each length near.

    A piece kept whole is moved by the letters added or taken before it, and the letters added or
    taken after it make up the rest of the difference in length: both together are no more than the
    edits allowed.
    """
    most = edits_allowed(length)
    found = []
    for other_length in range(max(1, length - most), length + most + 1):
        edits = edits_allowed(min(length, other_length))
        longer = length - other_length
        shifts = [shift for shift in range(-edits, edits + 1) if abs(shift) + abs(longer - shift) <= edits]
        count = edits_allowed(other_length) + 1
        for number in range(count):
            start = number * other_length // count
            size = (number + 1) * other_length // count - start
            found += [
                (other_length, number, start + shift, start + shift + size)
                for shift in shifts
                if 0 <= start + shift <= length - size
            ]
    return tuple(found)


class SimilarPeople:
    """The address book's names as skeletons, grouped by given name: who a guest may be.

    Reads every person's names in one query when made; `candidates` then asks nothing more of the
    database. A guest's family name is compared only with the stored ones of the same given name that
    have a piece of it where it should be (`_pieces`): a handful, even among thousands of Айдынs.
    """

    def __init__(self):
        self._skeletons = {}  # text → skeleton: given names and patronymics repeat, and the list's names
        # given-name skeleton → {family-name skeleton → [(person pk, patronymic skeleton)]}
        self._people = defaultdict(lambda: defaultdict(list))
        # given-name skeleton → {piece (see _pieces) → family-name skeletons that have it}
        self._pieces = defaultdict(lambda: defaultdict(set))
        rows = Person.objects.values_list("pk", *NAME_FIELDS)
        for pk, *names in rows.iterator(chunk_size=5000):
            values = dict(zip(NAME_FIELDS, names, strict=True))
            patronymic = self._skeleton(values["patronymic"])
            for given_name, family_name in self._forms(values):
                people = self._people[given_name]
                if family_name not in people:
                    pieces = self._pieces[given_name]
                    for piece in _pieces(family_name):
                        pieces[piece].add(family_name)
                people[family_name].append((pk, patronymic))

    def candidates(self, values, *, exclude=frozenset(), limit=CANDIDATES_SHOWN):
        """The pks of up to `limit` people who may be the guest with these `values` (a guest row's
        name fields), the likeliest first, none of those in `exclude`.

        Likeliest is the fewest edits between the family names, then a patronymic on both sides,
        then the person stored first.
        """
        patronymic = self._skeleton(values.get("patronymic"))
        ranks = {}  # pk → (edits, patronymic unknown)
        for given_name, family_name in self._forms(values):
            pieces = self._pieces.get(given_name)
            if pieces is None:
                continue
            people = self._people[given_name]
            near = set().union(*[pieces.get(piece, ()) for piece in _pieces_near(family_name)])
            found = process.extract(
                family_name,
                near,
                scorer=Levenshtein.distance,
                score_cutoff=edits_allowed(len(family_name)),
                limit=None,
            )
            for other, edits, _index in found:
                if edits > edits_allowed(min(len(family_name), len(other))):
                    continue
                for pk, their_patronymic in people[other]:
                    if pk in exclude:
                        continue
                    if patronymic and their_patronymic and patronymic != their_patronymic:
                        continue  # a brother, a father, a namesake: not a spelling
                    rank = (edits, not (patronymic and their_patronymic))
                    ranks[pk] = min(rank, ranks.get(pk, rank))
        return sorted(ranks, key=lambda pk: (ranks[pk], pk))[:limit]

    def _forms(self, values):
        """(given-name skeleton, family-name skeleton) pairs of a name as written in either script.

        A file may give the Latin given name beside the Cyrillic family name, or the other way round:
        each given name goes with each family name.
        """
        given_names = {
            self._skeleton(values.get("given_name")),
            self._skeleton(values.get("given_name_latin")),
        }
        family_names = {
            self._skeleton(values.get("family_name")),
            self._skeleton(values.get("family_name_latin")),
        }
        given_names.discard("")
        family_names.discard("")
        return [(given_name, family_name) for given_name in given_names for family_name in family_names]

    def _skeleton(self, text):
        if not text:
            return ""
        found = self._skeletons.get(text)
        if found is None:
            found = self._skeletons[text] = skeleton(text)
        return found
