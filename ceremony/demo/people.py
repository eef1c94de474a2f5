"""The named people: organizations, delegations, staff, the dignitaries, the cosmonauts.

Source: the article (see `ceremony.demo`) names the dignitaries, Deputy Prime Minister Roman Sklyar
and Minister Zhaslan Madiyev, and Kazakhstan's cosmonauts who launched from Baikonur, Toktar Aubakirov,
Talgat Musabayev and Aidyn Aimbetov; the cosmonauts' attendance here is illustrative. It speaks of
representatives of the space sector but names none: the organizations are plausible illustrations, and
the staff and the Roscosmos delegation are fictional people, as are all email addresses and arrival
times. The sample guests are made in `guests.py`; `all_people` puts the two lists together.
"""

from ceremony.enums import AttendeeCategory, OrganizationKind, RsvpStatus

from .event import on_the_day
from .titles import in_three_languages

FICTIONAL = "Demo sample: a fictional person."

# Each organization by its names and short names in English, Russian and Kazakh and the other names
# guest lists use (guest_lists.organizations matches a list's names on all of them).
ORGANIZATIONS = [
    {
        "key": "government",
        "name": {
            "en": "Government of the Republic of Kazakhstan",
            "ru": "Правительство Республики Казахстан",
            "kk": "Қазақстан Республикасының Үкіметі",
        },
        "short_name": {"en": "Government of Kazakhstan", "ru": "Правительство РК", "kk": "ҚР Үкіметі"},
        "aliases": [],
        "kind": OrganizationKind.GOVERNMENT,
        "country": "KZ",
    },
    {
        "key": "ministry",
        "name": {
            "en": "Ministry of Digital Development, Innovation and Aerospace Industry of the Republic of "
            "Kazakhstan",
            "ru": "Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики "
            "Казахстан",
            "kk": "Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
        },
        "short_name": {"en": "MDDIAI", "ru": "МЦРИАП РК", "kk": "ҚР ЦДИАӨМ"},
        "aliases": ["МЦРИАП"],
        "kind": OrganizationKind.GOVERNMENT,
        "country": "KZ",
    },
    {
        "key": "aerospace-committee",
        "name": {
            "en": "Aerospace Committee of the Ministry of Digital Development, Innovation and Aerospace "
            "Industry",
            "ru": "Аэрокосмический комитет Министерства цифрового развития, инноваций и аэрокосмической "
            "промышленности Республики Казахстан",
            "kk": "Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі "
            "министрлігінің Аэроғарыш комитеті",
        },
        "short_name": {
            "en": "Aerospace Committee",
            "ru": "Аэрокосмический комитет",
            "kk": "Аэроғарыш комитеті",
        },
        "aliases": [],
        "kind": OrganizationKind.SPACE_AGENCY,
        "country": "KZ",
    },
    {
        "key": "baiterek",
        "name": {
            "en": "Kazakh-Russian joint venture “Baiterek”",
            "ru": "Казахстанско-российское совместное предприятие «Байтерек»",
            "kk": "«Бәйтерек» қазақстан-ресей бірлескен кәсіпорны",
        },
        "short_name": {"en": "Baiterek", "ru": "Байтерек", "kk": "Бәйтерек"},
        "aliases": ["СП «Байтерек»", "Baiterek JV"],
        "kind": OrganizationKind.INDUSTRY,
        "country": "KZ",
    },
    {
        "key": "kgs",
        "name": {
            "en": "National company “Kazakhstan Gharysh Sapary”",
            "ru": "Национальная компания «Қазақстан Ғарыш Сапары»",
            "kk": "«Қазақстан Ғарыш Сапары» ұлттық компаниясы",
        },
        "short_name": {"en": "KGS", "ru": "KGS", "kk": "KGS"},
        "aliases": [
            "АО «НК «Қазақстан Ғарыш Сапары»»",
            "Казахстан Гарыш Сапары",
            "Kazakhstan Gharysh Sapary",
        ],
        "kind": OrganizationKind.INDUSTRY,
        "country": "KZ",
    },
    {
        "key": "roscosmos",
        "name": {
            "en": "Roscosmos State Corporation",
            "ru": "Государственная корпорация по космической деятельности «Роскосмос»",
            "kk": "«Роскосмос» ғарыш қызметі жөніндегі мемлекеттік корпорациясы",
        },
        "short_name": {"en": "Roscosmos", "ru": "Роскосмос", "kk": "Роскосмос"},
        "aliases": ["Госкорпорация «Роскосмос»"],
        "kind": OrganizationKind.SPACE_AGENCY,
        "country": "RU",
    },
    {
        "key": "tsenki",
        "name": {
            "en": "Centre for Operation of Space Ground-Based Infrastructure (TsENKI)",
            "ru": "Центр эксплуатации объектов наземной космической инфраструктуры (ЦЭНКИ)",
            "kk": "Ғарыштық жерүсті инфрақұрылымы объектілерін пайдалану орталығы (ЦЭНКИ)",
        },
        "short_name": {"en": "TsENKI", "ru": "ЦЭНКИ", "kk": "ЦЭНКИ"},
        "aliases": ["АО «ЦЭНКИ»"],
        "kind": OrganizationKind.INDUSTRY,
        "country": "RU",
    },
    {
        "key": "city",
        "name": {
            "en": "Baikonur City Administration",
            "ru": "Администрация города Байконур",
            "kk": "Байқоңыр қаласының әкімшілігі",
        },
        "short_name": {
            "en": "Baikonur City Hall",
            "ru": "Администрация г. Байконур",
            "kk": "Байқоңыр әкімдігі",
        },
        "aliases": ["Администрация Байконура"],
        "kind": OrganizationKind.GOVERNMENT,
        "country": "KZ",
    },
    {
        "key": "veterans",
        "name": {
            "en": "Council of Veterans of Baikonur",
            "ru": "Совет ветеранов города Байконур",
            "kk": "Байқоңыр қаласының ардагерлер кеңесі",
        },
        "short_name": {
            "en": "Baikonur Veterans' Council",
            "ru": "Совет ветеранов",
            "kk": "Ардагерлер кеңесі",
        },
        "aliases": ["Совет ветеранов Байконура"],
        "kind": OrganizationKind.VETERANS_COUNCIL,
        "country": "KZ",
    },
    {
        "key": "mai",
        "name": {
            "en": "Voskhod Branch of the Moscow Aviation Institute",
            "ru": "Филиал «Восход» Московского авиационного института",
            "kk": "Мәскеу авиация институтының «Восход» филиалы",
        },
        "short_name": {
            "en": "Voskhod Branch of MAI",
            "ru": "Филиал «Восход» МАИ",
            "kk": "МАИ «Восход» филиалы",
        },
        "aliases": ["МАИ «Восход»"],
        "kind": OrganizationKind.EDUCATION,
        "country": "RU",
    },
    {
        "key": "school",
        "name": {
            "en": "Secondary School No. 7 of Baikonur",
            "ru": "Средняя общеобразовательная школа № 7 города Байконур",
            "kk": "Байқоңыр қаласының № 7 жалпы білім беретін орта мектебі",
        },
        "short_name": {"en": "School No. 7", "ru": "Школа № 7", "kk": "№ 7 мектеп"},
        "aliases": ["СОШ № 7 г. Байконур"],
        "kind": OrganizationKind.EDUCATION,
        "country": "KZ",
    },
    {
        "key": "museum",
        "name": {
            "en": "Museum of the History of the Baikonur Cosmodrome",
            "ru": "Музей истории космодрома «Байконур»",
            "kk": "«Байқоңыр» ғарыш айлағының тарихы мұражайы",
        },
        "short_name": {
            "en": "Baikonur Cosmodrome Museum",
            "ru": "Музей космодрома",
            "kk": "Ғарыш айлағы мұражайы",
        },
        "aliases": [],
        "kind": OrganizationKind.OTHER,
        "country": "KZ",
    },
    {
        "key": "kazinform",
        "name": {
            "en": "Kazinform International News Agency",
            "ru": "Международное информационное агентство «Казинформ»",
            "kk": "«Қазақпарат» халықаралық ақпарат агенттігі",
        },
        "short_name": {"en": "Kazinform", "ru": "Казинформ", "kk": "Қазақпарат"},
        "aliases": ["МИА «Казинформ»"],
        "kind": OrganizationKind.MEDIA,
        "country": "KZ",
    },
    {
        "key": "khabar",
        "name": {"en": "Khabar Agency", "ru": "Агентство «Хабар»", "kk": "«Хабар» агенттігі"},
        "short_name": {"en": "Khabar", "ru": "Хабар", "kk": "Хабар"},
        "aliases": ["АО «Агентство «Хабар»»"],
        "kind": OrganizationKind.MEDIA,
        "country": "KZ",
    },
    {
        "key": "city-newspaper",
        "name": {
            "en": "“Baikonur” city newspaper",
            "ru": "Городская газета «Байконур»",
            "kk": "«Байқоңыр» қалалық газеті",
        },
        "short_name": {"en": "Baikonur newspaper", "ru": "Газета «Байконур»", "kk": "«Байқоңыр» газеті"},
        "aliases": [],
        "kind": OrganizationKind.MEDIA,
        "country": "KZ",
    },
    {
        "key": "tass",
        "name": {
            "en": "TASS Russian News Agency",
            "ru": "Информационное агентство России «ТАСС»",
            "kk": "«ТАСС» Ресей ақпарат агенттігі",
        },
        "short_name": {"en": "TASS", "ru": "ТАСС", "kk": "ТАСС"},
        "aliases": ["ИТАР-ТАСС"],
        "kind": OrganizationKind.MEDIA,
        "country": "RU",
    },
]

DELEGATIONS = [
    {
        "key": "government",
        "name": {
            "en": "Government of the Republic of Kazakhstan",
            "ru": "Правительство Республики Казахстан",
            "kk": "Қазақстан Республикасының Үкіметі",
        },
        "short_name": {"en": "Government of Kazakhstan", "ru": "Правительство РК", "kk": "ҚР Үкіметі"},
        "country": "KZ",
        "organization": "government",
        "head": "sklyar",
        "escort_officer": "escort-sklyar",
        "precedence_rank": 1,
        "notes": "Head: Deputy Prime Minister Roman Sklyar. The staff members are fictional samples.",
    },
    {
        "key": "roscosmos",
        "name": {
            "en": "Roscosmos State Corporation",
            "ru": "Госкорпорация «Роскосмос»",
            "kk": "«Роскосмос» мемлекеттік корпорациясы",
        },
        "short_name": {"en": "Roscosmos", "ru": "Роскосмос", "kk": "Роскосмос"},
        "country": "RU",
        "organization": "roscosmos",
        "head": "roscosmos-head",
        "escort_officer": "escort-roscosmos",
        "precedence_rank": 2,
        "notes": "Fictional sample delegation: the article names no Roscosmos officials.",
    },
]

# Staff come first: the dignitaries' rows name their escort officers, who must already exist.

STAFF = [
    {
        "key": "protocol-chief",
        "family_name": "Нұрмағамбетова",
        "given_name": "Салтанат",
        "patronymic": "Болатқызы",
        "family_name_latin": "Nurmagambetova",
        "given_name_latin": "Saltanat",
        "position": "Head of protocol",
        "organization": "city",
        "email": "s.nurmagambetova@example.kz",
        "preferred_language": "ru",
    },
    {
        "key": "escort-sklyar",
        "family_name": "Сапаров",
        "given_name": "Ерлан",
        "patronymic": "Қайратұлы",
        "family_name_latin": "Saparov",
        "given_name_latin": "Yerlan",
        "position": "Protocol officer of the Office of the Prime Minister",
        "organization": "government",
        "email": "y.saparov@example.kz",
        "preferred_language": "kk",
        "delegation": "government",
    },
    {
        "key": "escort-madiyev",
        "family_name": "Құлмағамбетов",
        "given_name": "Арман",
        "patronymic": "Мұратұлы",
        "family_name_latin": "Kulmagambetov",
        "given_name_latin": "Arman",
        "position": "Assistant to the Minister",
        "organization": "ministry",
        "email": "a.kulmagambetov@example.kz",
        "preferred_language": "kk",
        "delegation": "government",
    },
    {
        "key": "escort-roscosmos",
        "family_name": "Оразбаев",
        "given_name": "Дәулет",
        "patronymic": "Ерланұлы",
        "family_name_latin": "Orazbayev",
        "given_name_latin": "Daulet",
        "position": "Protocol officer",
        "organization": "city",
        "email": "d.orazbayev@example.kz",
        "preferred_language": "ru",
    },
    {
        "key": "security",
        "family_name": "Гришин",
        "given_name": "Денис",
        "patronymic": "Викторович",
        "family_name_latin": "Grishin",
        "given_name_latin": "Denis",
        "position": "Head of site security",
        "organization": "baiterek",
        "email": "d.grishin@example.kz",
        "preferred_language": "ru",
    },
    {
        "key": "master-of-ceremonies",
        "family_name": "Жанұзақова",
        "given_name": "Әсел",
        "patronymic": "Нұрланқызы",
        "family_name_latin": "Zhanuzakova",
        "given_name_latin": "Assel",
        "position": "Master of ceremonies",
        "organization": "city",
        "email": "a.zhanuzakova@example.kz",
        "preferred_language": "kk",
    },
    {
        "key": "youth-coordinator",
        "family_name": "Лаврова",
        "given_name": "Ксения",
        "patronymic": "Андреевна",
        "family_name_latin": "Lavrova",
        "given_name_latin": "Kseniia",
        "position": "Youth programs coordinator",
        "organization": "mai",
        "email": "k.lavrova@example.org",
        "preferred_language": "ru",
    },
    {
        "key": "transport",
        "family_name": "Тұрсынбаев",
        "given_name": "Бекзат",
        "patronymic": "Ғалымұлы",
        "family_name_latin": "Tursynbayev",
        "given_name_latin": "Bekzat",
        "position": "Transport coordinator",
        "organization": "city",
        "email": "b.tursynbayev@example.kz",
        "preferred_language": "kk",
    },
    {
        "key": "press-secretary",
        "family_name": "Ким",
        "given_name": "Екатерина",
        "patronymic": "Сергеевна",
        "family_name_latin": "Kim",
        "given_name_latin": "Ekaterina",
        "position": "Press secretary",
        "organization": "city",
        "email": "e.kim@example.kz",
        "preferred_language": "ru",
    },
    {
        "key": "interpreter",
        "family_name": "Мақашева",
        "given_name": "Дана",
        "patronymic": "Ерланқызы",
        "family_name_latin": "Makasheva",
        "given_name_latin": "Dana",
        "position": "Interpreter (Kazakh, Russian, English)",
        "organization": "ministry",
        "email": "d.makasheva@example.kz",
        "preferred_language": "en",
    },
    {
        "key": "museum-curator",
        "family_name": "Шевченко",
        "given_name": "Ольга",
        "patronymic": "Павловна",
        "family_name_latin": "Shevchenko",
        "given_name_latin": "Olga",
        "position": "Senior researcher",
        "organization": "museum",
        "email": "o.shevchenko@example.kz",
        "preferred_language": "ru",
    },
    {
        "key": "culture",
        "family_name": "Төлегенов",
        "given_name": "Ғани",
        "patronymic": "Асқарұлы",
        "family_name_latin": "Tolegenov",
        "given_name_latin": "Gani",
        "position": "Head of the culture department",
        "organization": "city",
        "email": "g.tolegenov@example.kz",
        "preferred_language": "kk",
    },
]
for _person in STAFF:
    _person.update(country="KZ", category=AttendeeCategory.STAFF, rsvp_status=RsvpStatus.CONFIRMED)
    _person["notes"] = FICTIONAL

# Arrival and departure of the government delegation are illustrative, like every time in the demo.
_DELEGATION_STAY = {"arrival": on_the_day(8, 0), "departure": on_the_day(23, 30)}

OFFICIALS = [
    {
        "key": "sklyar",
        "family_name": "Скляр",
        "given_name": "Роман",
        "patronymic": "Васильевич",
        "family_name_latin": "Sklyar",
        "given_name_latin": "Roman",
        "honorific": "His Excellency",
        "position": "Deputy Prime Minister of the Republic of Kazakhstan",
        "organization": "government",
        "country": "KZ",
        "category": AttendeeCategory.GOVERNMENT_OFFICIAL,
        "rsvp_status": RsvpStatus.CONFIRMED,
        "precedence_rank": 1,
        "delegation": "government",
        "escort_officer": "escort-sklyar",
        "notes": "Head of the government delegation.",
        **_DELEGATION_STAY,
    },
    {
        "key": "madiyev",
        "family_name": "Мадиев",
        "given_name": "Жаслан",
        "patronymic": "Хасенович",
        "family_name_latin": "Madiyev",
        "given_name_latin": "Zhaslan",
        "honorific": "His Excellency",
        "position": (
            "Minister of Digital Development, Innovation and Aerospace Industry of the Republic of Kazakhstan"
        ),
        "organization": "ministry",
        "country": "KZ",
        "category": AttendeeCategory.GOVERNMENT_OFFICIAL,
        "rsvp_status": RsvpStatus.CONFIRMED,
        "precedence_rank": 2,
        "delegation": "government",
        "escort_officer": "escort-madiyev",
        **_DELEGATION_STAY,
    },
]

_COSMONAUT_NOTE = (
    "Named in the article among Kazakhstan's cosmonauts who launched from Baikonur; "
    "their attendance in this demo is illustrative."
)

COSMONAUTS = [
    {
        "key": "aubakirov",
        "family_name": "Аубакиров",
        "given_name": "Тохтар",
        "patronymic": "Онгарбаевич",
        "family_name_latin": "Aubakirov",
        "given_name_latin": "Toktar",
        "position": "Pilot-cosmonaut of the USSR",
        "precedence_rank": 3,
    },
    {
        "key": "musabayev",
        "family_name": "Мусабаев",
        "given_name": "Талгат",
        "patronymic": "Амангельдиевич",
        "family_name_latin": "Musabayev",
        "given_name_latin": "Talgat",
        "position": "Pilot-cosmonaut of the Russian Federation",
        "precedence_rank": 4,
    },
    {
        "key": "aimbetov",
        "family_name": "Аимбетов",
        "given_name": "Айдын",
        "patronymic": "Аканович",
        "family_name_latin": "Aimbetov",
        "given_name_latin": "Aidyn",
        "position": "Cosmonaut of the Republic of Kazakhstan",
        "precedence_rank": 5,
    },
]
for _person in COSMONAUTS:
    _person.update(
        country="KZ",
        category=AttendeeCategory.COSMONAUT,
        rsvp_status=RsvpStatus.CONFIRMED,
        notes=_COSMONAUT_NOTE,
    )

ROSCOSMOS_DELEGATION = [
    {
        "key": "roscosmos-head",
        "family_name": "Воронцов",
        "given_name": "Андрей",
        "patronymic": "Игоревич",
        "family_name_latin": "Vorontsov",
        "given_name_latin": "Andrei",
        "position": "Director of department",
        "email": "a.vorontsov@example.org",
        "precedence_rank": 6,
    },
    {
        "key": "roscosmos-specialist",
        "family_name": "Савельева",
        "given_name": "Наталья",
        "patronymic": "Олеговна",
        "family_name_latin": "Saveleva",
        "given_name_latin": "Natalia",
        "position": "Chief specialist",
        "email": "n.saveleva@example.org",
    },
    {
        "key": "roscosmos-engineer",
        "family_name": "Трофимов",
        "given_name": "Кирилл",
        "patronymic": "Сергеевич",
        "family_name_latin": "Trofimov",
        "given_name_latin": "Kirill",
        "position": "Leading engineer",
        "email": "k.trofimov@example.org",
    },
]
for _person in ROSCOSMOS_DELEGATION:
    _person.update(
        organization="roscosmos",
        country="RU",
        preferred_language="ru",
        category=AttendeeCategory.SPACE_INDUSTRY,
        rsvp_status=RsvpStatus.CONFIRMED,
        delegation="roscosmos",
        escort_officer="escort-roscosmos",
        notes=FICTIONAL,
        **_DELEGATION_STAY,
    )

NAMED_PEOPLE = STAFF + OFFICIALS + COSMONAUTS + ROSCOSMOS_DELEGATION


def all_people(sample_guests):
    """The named people, then the sample guests, each title in English, Russian and Kazakh.

    A title missing a language, or two people sharing a name, an email or a key, stops the load before
    it writes anything.
    """
    people = [
        row | {field: in_three_languages(row.get(field, "")) for field in ("honorific", "position")}
        for row in NAMED_PEOPLE + sample_guests
    ]
    _check_people_are_unique(people)
    return people


def _check_people_are_unique(people):
    """Each person must be matched by one key only, or a second load would create duplicates."""
    names = [(row["family_name"], row["given_name"], row["patronymic"]) for row in people]
    emails = [row["email"] for row in people if row.get("email")]
    keys = [row["key"] for row in people]
    for label, values in (("name", names), ("email", emails), ("key", keys)):
        if len(values) != len(set(values)):
            raise ValueError(f"Two demo people share a {label}.")
