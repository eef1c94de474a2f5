"""Demo data: the 70th anniversary of the city of Baikonur, 2 June 2025.

Source: the article "Baikonur Turns 70: From the First Satellite to the Next Generation of Technologies"
(4 June 2025). It names the dignitaries, the two video addresses, the cosmonauts and the kinds of events
(a visit to the Baiterek complex, award ceremonies, meetings with space-sector organizations, youth and
educational programs), but gives no times and no venues. Everything else here is a plausible
illustration: times, venues, staff, awards, citations, order numbers and the whole guest list, whose
people are fictional.

Records refer to each other by `key`; the loader (`loader.py`) resolves the keys. The guest list is
generated from the name lists below by index arithmetic, so every run yields the same people.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from awards.enums import AwardKind, PresentationStatus
from ceremony.enums import (
    AttendeeCategory,
    ClearanceStatus,
    IdentityDocumentType,
    OrganizationKind,
    ParticipantRole,
    ProgramItemKind,
    RsvpStatus,
    VenueKind,
    VideoAddressStatus,
)

ALMATY = ZoneInfo("Asia/Almaty")


def _at(hour, minute=0):
    """A time on the day of the celebration, on the clock of the event."""
    return datetime(2025, 6, 2, hour, minute, tzinfo=ALMATY)


FICTIONAL = "Demo sample: a fictional person."

EVENT = {
    "slug": "baikonur-70",
    "start_date": date(2025, 6, 2),
    "end_date": date(2025, 6, 2),
    "time_zone": "Asia/Almaty",
    "default_language": "ru",
    "name": {
        "en": "70th anniversary of the city of Baikonur",
        "ru": "70-летие города Байконур",
        "kk": "Байқоңыр қаласының 70 жылдығы",
    },
    "city": {"en": "Baikonur", "ru": "Байконур", "kk": "Байқоңыр"},
    "description": {
        "en": (
            "Celebration of the 70th anniversary of the city of Baikonur on 2 June 2025: official "
            "ceremonies with Deputy Prime Minister of the Republic of Kazakhstan Roman Sklyar and Minister "
            "of Digital Development, Innovation and Aerospace Industry Zhaslan Madiyev, video addresses of "
            "the Presidents of Kazakhstan and Russia, a visit to the Baiterek space rocket complex, awards "
            "for space-industry veterans, meetings with representatives of space-sector organizations, and "
            "youth and educational programs.\n\n"
            "Demo data. The source article gives no times and no venues for the individual events, so the "
            "times and venues here are plausible illustrations. The veterans, engineers, students, "
            "residents, journalists and staff on the guest list are fictional samples, and so are the "
            "award citations and order numbers."
        ),
        "ru": (
            "Празднование 70-летия города Байконур 2 июня 2025 года: официальные мероприятия с участием "
            "заместителя Премьер-министра Республики Казахстан Романа Скляра и министра цифрового "
            "развития, инноваций и аэрокосмической промышленности Жаслана Мадиева, видеообращения "
            "президентов Казахстана и России, посещение космического ракетного комплекса «Байтерек», "
            "награждение ветеранов космической отрасли, встречи с представителями организаций космической "
            "отрасли, молодёжные и образовательные программы.\n\n"
            "Демонстрационные данные. В исходной статье не указаны время и места отдельных мероприятий, "
            "поэтому время и площадки здесь — правдоподобные иллюстрации. Ветераны, инженеры, студенты, "
            "жители, журналисты и сотрудники в списке гостей — вымышленные примеры, как и тексты "
            "наградных формулировок и номера приказов."
        ),
        "kk": (
            "2025 жылғы 2 маусымда Байқоңыр қаласының 70 жылдығын мерекелеу: Қазақстан Республикасы "
            "Премьер-Министрінің орынбасары Роман Скляр мен Цифрлық даму, инновациялар және аэроғарыш "
            "өнеркәсібі министрі Жаслан Мәдиевтің қатысуымен өтетін ресми іс-шаралар, Қазақстан мен "
            "Ресей президенттерінің бейнеүндеулері, «Бәйтерек» ғарыш зымыран кешеніне бару, ғарыш "
            "саласы ардагерлерін марапаттау, ғарыш саласы ұйымдарының өкілдерімен кездесулер, жастар мен "
            "білім беру бағдарламалары.\n\n"
            "Демонстрациялық деректер. Бастапқы мақалада жекелеген іс-шаралардың уақыты мен өтетін орны "
            "көрсетілмеген, сондықтан мұндағы уақыт пен алаңдар — шындыққа жақын мысалдар ғана. Қонақтар "
            "тізіміндегі ардагерлер, инженерлер, студенттер, тұрғындар, журналистер мен қызметкерлер — "
            "ойдан алынған үлгілер; марапат мәтіндері мен бұйрық нөмірлері де солай."
        ),
    },
}

_VENUE_NOTE = "Demo data: the address and capacity are illustrative."

VENUES = [
    {
        "key": "square",
        "name": {
            "en": "Central Square of Baikonur",
            "ru": "Центральная площадь Байконура",
            "kk": "Байқоңыр қаласының орталық алаңы",
        },
        "address": {
            "en": "City centre, Baikonur",
            "ru": "Центр города, Байконур",
            "kk": "Қала орталығы, Байқоңыр",
        },
        "kind": VenueKind.SQUARE,
        "seated_capacity": None,
        "restricted": False,
    },
    {
        "key": "palace",
        "name": {
            "en": "Baikonur City Palace of Culture",
            "ru": "Городской Дворец культуры Байконура",
            "kk": "Байқоңыр қалалық Мәдениет сарайы",
        },
        "address": {
            "en": "City centre, Baikonur",
            "ru": "Центр города, Байконур",
            "kk": "Қала орталығы, Байқоңыр",
        },
        "kind": VenueKind.HALL,
        "seated_capacity": 800,
        "restricted": False,
    },
    {
        "key": "museum",
        "name": {
            "en": "Museum of the History of the Baikonur Cosmodrome",
            "ru": "Музей истории космодрома Байконур",
            "kk": "Байқоңыр ғарыш айлағының тарихы мұражайы",
        },
        "address": {"en": "Baikonur", "ru": "Байконур", "kk": "Байқоңыр"},
        "kind": VenueKind.MUSEUM,
        "seated_capacity": 60,
        "restricted": False,
    },
    {
        "key": "gagarin-monument",
        "name": {
            "en": "Yuri Gagarin Monument",
            "ru": "Памятник Юрию Гагарину",
            "kk": "Юрий Гагарин ескерткіші",
        },
        "address": {"en": "Baikonur", "ru": "Байконур", "kk": "Байқоңыр"},
        "kind": VenueKind.MONUMENT,
        "seated_capacity": None,
        "restricted": False,
    },
    {
        "key": "baiterek",
        "name": {
            "en": "Baiterek Space Rocket Complex",
            "ru": "Космический ракетный комплекс «Байтерек»",
            "kk": "«Бәйтерек» ғарыш зымыран кешені",
        },
        "address": {
            "en": "Site 45, Baikonur cosmodrome",
            "ru": "Площадка № 45, космодром Байконур",
            "kk": "№ 45 алаң, Байқоңыр ғарыш айлағы",
        },
        "kind": VenueKind.LAUNCH_COMPLEX,
        "seated_capacity": None,
        "restricted": True,
    },
    {
        "key": "airport",
        "name": {"en": "Krayniy Airport", "ru": "Аэропорт «Крайний»", "kk": "«Крайний» әуежайы"},
        "address": {"en": "Baikonur", "ru": "Байконур", "kk": "Байқоңыр"},
        "kind": VenueKind.AIRPORT,
        "seated_capacity": None,
        "restricted": False,
    },
    {
        "key": "mai-voskhod",
        "name": {
            "en": "Voskhod Branch of the Moscow Aviation Institute",
            "ru": "Филиал «Восход» Московского авиационного института",
            "kk": "Мәскеу авиация институтының «Восход» филиалы",
        },
        "address": {"en": "Baikonur", "ru": "Байконур", "kk": "Байқоңыр"},
        "kind": VenueKind.EDUCATIONAL,
        "seated_capacity": 300,
        "restricted": False,
    },
    {
        "key": "city-administration",
        "name": {
            "en": "Baikonur City Administration Building",
            "ru": "Здание администрации города Байконур",
            "kk": "Байқоңыр қаласы әкімшілігінің ғимараты",
        },
        "address": {
            "en": "City centre, Baikonur",
            "ru": "Центр города, Байконур",
            "kk": "Қала орталығы, Байқоңыр",
        },
        "kind": VenueKind.HALL,
        "seated_capacity": 150,
        "restricted": False,
    },
]
for _venue in VENUES:
    _venue["notes"] = _VENUE_NOTE

ORGANIZATIONS = [
    ("government", "Government of the Republic of Kazakhstan", OrganizationKind.GOVERNMENT, "KZ"),
    (
        "ministry",
        "Ministry of Digital Development, Innovation and Aerospace Industry of the Republic of Kazakhstan",
        OrganizationKind.GOVERNMENT,
        "KZ",
    ),
    (
        "aerospace-committee",
        "Aerospace Committee of the Ministry of Digital Development, Innovation and Aerospace Industry",
        OrganizationKind.SPACE_AGENCY,
        "KZ",
    ),
    ("baiterek", "Kazakh-Russian joint venture “Baiterek”", OrganizationKind.INDUSTRY, "KZ"),
    ("kgs", "National company “Kazakhstan Gharysh Sapary”", OrganizationKind.INDUSTRY, "KZ"),
    ("roscosmos", "Roscosmos State Corporation", OrganizationKind.SPACE_AGENCY, "RU"),
    (
        "tsenki",
        "Centre for Operation of Space Ground-Based Infrastructure (TsENKI)",
        OrganizationKind.INDUSTRY,
        "RU",
    ),
    ("city", "Baikonur City Administration", OrganizationKind.GOVERNMENT, "KZ"),
    ("veterans", "Council of Veterans of Baikonur", OrganizationKind.VETERANS_COUNCIL, "KZ"),
    ("mai", "Voskhod Branch of the Moscow Aviation Institute", OrganizationKind.EDUCATION, "RU"),
    ("school", "Secondary School No. 7 of Baikonur", OrganizationKind.EDUCATION, "KZ"),
    ("museum", "Museum of the History of the Baikonur Cosmodrome", OrganizationKind.OTHER, "KZ"),
    ("kazinform", "Kazinform International News Agency", OrganizationKind.MEDIA, "KZ"),
    ("khabar", "Khabar Agency", OrganizationKind.MEDIA, "KZ"),
    ("city-newspaper", "“Baikonur” city newspaper", OrganizationKind.MEDIA, "KZ"),
    ("tass", "TASS Russian News Agency", OrganizationKind.MEDIA, "RU"),
]

DELEGATIONS = [
    {
        "key": "government",
        "name": "Government of the Republic of Kazakhstan",
        "country": "KZ",
        "organization": "government",
        "head": "sklyar",
        "escort_officer": "escort-sklyar",
        "precedence_rank": 1,
        "notes": "Head: Deputy Prime Minister Roman Sklyar. The staff members are fictional samples.",
    },
    {
        "key": "roscosmos",
        "name": "Roscosmos State Corporation",
        "country": "RU",
        "organization": "roscosmos",
        "head": "roscosmos-head",
        "escort_officer": "escort-roscosmos",
        "precedence_rank": 2,
        "notes": "Fictional sample delegation: the article names no Roscosmos officials.",
    },
]

# Titles ---------------------------------------------------------------------------------------------
# People's rows give their position and form of address in English; this table gives the Russian and
# Kazakh texts, so every title is written in all three languages (Person.position_en, _ru, _kk).
# Russian job titles take the masculine form whoever holds them, as on official lists. The numbered
# places of students and pupils are generated by `_student` and `_pupil` below.

TITLE_TRANSLATIONS = {
    # Forms of address. In Kazakh protocol "Excellency" is «Жоғары мәртебелі»; «Ұлы мәртебелі» is
    # "Majesty", the style of monarchs.
    "His Excellency": {"ru": "Его Превосходительство", "kk": "Жоғары мәртебелі"},
    # Officials and cosmonauts
    "Deputy Prime Minister of the Republic of Kazakhstan": {
        "ru": "Заместитель Премьер-Министра Республики Казахстан",
        "kk": "Қазақстан Республикасы Премьер-Министрінің орынбасары",
    },
    "Minister of Digital Development, Innovation and Aerospace Industry of the Republic of Kazakhstan": {
        "ru": "Министр цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан",
        "kk": "Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрі",
    },
    "Pilot-cosmonaut of the USSR": {"ru": "Лётчик-космонавт СССР", "kk": "КСРО ұшқыш-ғарышкері"},
    "Pilot-cosmonaut of the Russian Federation": {
        "ru": "Лётчик-космонавт Российской Федерации",
        "kk": "Ресей Федерациясының ұшқыш-ғарышкері",
    },
    "Cosmonaut of the Republic of Kazakhstan": {
        "ru": "Космонавт Республики Казахстан",
        "kk": "Қазақстан Республикасының ғарышкері",
    },
    # Staff
    "Head of protocol": {"ru": "Руководитель протокольной службы", "kk": "Хаттама қызметінің басшысы"},
    "Protocol officer of the Office of the Prime Minister": {
        "ru": "Сотрудник протокольной службы Канцелярии Премьер-Министра",
        "kk": "Премьер-Министр Кеңсесі хаттама қызметінің қызметкері",
    },
    "Assistant to the Minister": {"ru": "Помощник министра", "kk": "Министрдің көмекшісі"},
    "Protocol officer": {"ru": "Сотрудник протокольной службы", "kk": "Хаттама қызметінің қызметкері"},
    "Head of site security": {
        "ru": "Начальник службы безопасности объекта",
        "kk": "Объект қауіпсіздігі қызметінің басшысы",
    },
    "Master of ceremonies": {"ru": "Ведущий церемоний", "kk": "Салтанатты рәсімдер жүргізушісі"},
    "Youth programs coordinator": {
        "ru": "Координатор молодёжных программ",
        "kk": "Жастар бағдарламаларының үйлестірушісі",
    },
    "Transport coordinator": {"ru": "Координатор по транспорту", "kk": "Көлік жөніндегі үйлестіруші"},
    "Press secretary": {"ru": "Пресс-секретарь", "kk": "Баспасөз хатшысы"},
    "Interpreter (Kazakh, Russian, English)": {
        "ru": "Переводчик (казахский, русский, английский языки)",
        "kk": "Аудармашы (қазақ, орыс, ағылшын тілдері)",
    },
    "Senior researcher": {"ru": "Старший научный сотрудник", "kk": "Аға ғылыми қызметкер"},
    "Head of the culture department": {"ru": "Начальник отдела культуры", "kk": "Мәдениет бөлімінің басшысы"},
    # Space industry, veterans and engineers
    "Director of department": {"ru": "Директор департамента", "kk": "Департамент директоры"},
    "Head of department": {"ru": "Начальник отдела", "kk": "Бөлім басшысы"},
    "Deputy director": {"ru": "Заместитель директора", "kk": "Директордың орынбасары"},
    "Chief specialist": {"ru": "Главный специалист", "kk": "Бас маман"},
    "Project manager": {"ru": "Руководитель проекта", "kk": "Жоба жетекшісі"},
    "Leading engineer": {"ru": "Ведущий инженер", "kk": "Жетекші инженер"},
    "Veteran of the Baikonur cosmodrome": {
        "ru": "Ветеран космодрома Байконур",
        "kk": "Байқоңыр ғарыш айлағының ардагері",
    },
    "Launch systems engineer": {
        "ru": "Инженер по стартовым системам",
        "kk": "Ұшыру жүйелері жөніндегі инженер",
    },
    "Test engineer": {"ru": "Инженер-испытатель", "kk": "Сынақ инженері"},
    "Telemetry engineer": {"ru": "Инженер по телеметрии", "kk": "Телеметрия жөніндегі инженер"},
    "Ground equipment engineer": {
        "ru": "Инженер по наземному оборудованию",
        "kk": "Жерүсті жабдықтары жөніндегі инженер",
    },
    "Propellant systems engineer": {
        "ru": "Инженер по топливным системам",
        "kk": "Отын жүйелері жөніндегі инженер",
    },
    # Press
    "Correspondent": {"ru": "Корреспондент", "kk": "Тілші"},
    "Photographer": {"ru": "Фотокорреспондент", "kk": "Фототілші"},
    "Camera operator": {"ru": "Телеоператор", "kk": "Бейнеоператор"},
    "Editor": {"ru": "Редактор", "kk": "Редактор"},
}
TITLE_LANGUAGES = ("en", "ru", "kk")


def _student(year, female):
    """A university student's place; Russian names the student's sex, Kazakh has no gender."""
    return {
        "en": f"Student, year {year}",
        "ru": f"{'Студентка' if female else 'Студент'} {year}-го курса",
        "kk": f"{year}-курс студенті",
    }


def _pupil(grade, female):
    """A school pupil's place; Russian names the pupil's sex, Kazakh has no gender."""
    return {
        "en": f"Pupil, grade {grade}",
        "ru": f"{'Ученица' if female else 'Ученик'} {grade}-го класса",
        "kk": f"{grade}-сынып оқушысы",
    }


def in_three_languages(title):
    """A position or form of address as {"en": ..., "ru": ..., "kk": ...}.

    `title` is an English text from TITLE_TRANSLATIONS, a generated title already in three languages,
    or blank ("" in all three). A title missing a language is an error, not a half-translated row.
    """
    if not title:
        return dict.fromkeys(TITLE_LANGUAGES, "")
    texts = title if isinstance(title, dict) else {"en": title, **TITLE_TRANSLATIONS.get(title, {})}
    missing = [language for language in TITLE_LANGUAGES if not texts.get(language)]
    if missing:
        raise ValueError(f"No {'/'.join(missing)} text for the title {texts.get('en', title)!r}.")
    return {language: texts[language] for language in TITLE_LANGUAGES}


# People --------------------------------------------------------------------------------------------
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
_DELEGATION_STAY = {"arrival": _at(8, 0), "departure": _at(23, 30)}

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

# The generated guest list -----------------------------------------------------------------------
# Each name list pairs the Cyrillic spelling with a Latin one. Within a group, guest number k gets
# family name k mod len(families) and given name k mod len(given names); the lengths are coprime, so
# no pair repeats before their product (over 500 people per group).

KAZAKH_MEN = [
    ("Жұмабек", "Zhumabek"), ("Нұрлан", "Nurlan"), ("Ғалым", "Galym"), ("Қуаныш", "Kuanysh"),
    ("Өмірзақ", "Omirzak"), ("Дәурен", "Dauren"), ("Ерлан", "Yerlan"), ("Асқар", "Askar"),
    ("Бауыржан", "Baurzhan"), ("Мұрат", "Murat"), ("Серік", "Serik"), ("Қайрат", "Kairat"),
    ("Болат", "Bolat"), ("Дархан", "Darkhan"), ("Ерболат", "Yerbolat"), ("Жандос", "Zhandos"),
    ("Арман", "Arman"), ("Мағжан", "Magzhan"), ("Санжар", "Sanzhar"), ("Темірлан", "Temirlan"),
    ("Әділет", "Adilet"), ("Бекзат", "Bekzat"), ("Ілияс", "Iliyas"),
]  # fmt: skip
KAZAKH_WOMEN = [
    ("Әлия", "Aliya"), ("Айгерім", "Aigerim"), ("Гүлнар", "Gulnar"), ("Динара", "Dinara"),
    ("Жанар", "Zhanar"), ("Мәдина", "Madina"), ("Салтанат", "Saltanat"), ("Ақмарал", "Akmaral"),
    ("Гүлмира", "Gulmira"), ("Ләззат", "Lazzat"), ("Нұргүл", "Nurgul"), ("Сәуле", "Saule"),
    ("Әсел", "Assel"), ("Айдана", "Aidana"), ("Інкәр", "Inkar"), ("Аружан", "Aruzhan"),
    ("Жұлдыз", "Zhuldyz"), ("Қарлығаш", "Karlygash"), ("Ұлжан", "Ulzhan"), ("Балжан", "Balzhan"),
    ("Томирис", "Tomiris"),
]  # fmt: skip
# Masculine forms; the feminine adds -а / -a.
KAZAKH_FAMILIES = [
    ("Ахметов", "Akhmetov"), ("Жұмабаев", "Zhumabayev"), ("Сейітов", "Seitov"), ("Қасымов", "Kassymov"),
    ("Нұрғалиев", "Nurgaliyev"), ("Оспанов", "Ospanov"), ("Тоқтаров", "Toktarov"),
    ("Сәрсенбаев", "Sarsenbayev"), ("Бекмұханов", "Bekmukhanov"), ("Есенов", "Yessenov"),
    ("Әбдірахманов", "Abdirakhmanov"), ("Ибраев", "Ibrayev"), ("Мұхаметжанов", "Mukhametzhanov"),
    ("Серікбаев", "Serikbayev"), ("Төлеуов", "Toleuov"), ("Жақсылықов", "Zhaksylykov"),
    ("Әлімжанов", "Alimzhanov"), ("Ержанов", "Yerzhanov"), ("Қалиев", "Kaliyev"), ("Байжанов", "Baizhanov"),
    ("Дүйсенов", "Duisenov"), ("Омаров", "Omarov"), ("Рахымов", "Rakhymov"), ("Сұлтанов", "Sultanov"),
    ("Тәжібаев", "Tazhibayev"), ("Үсенов", "Ussenov"), ("Шәкенов", "Shakenov"), ("Ысқақов", "Yskakov"),
    ("Ғабдуллин", "Gabdullin"), ("Өтебаев", "Otebayev"), ("Қожахметов", "Kozhakhmetov"),
    ("Бейсенов", "Beisenov"),
]  # fmt: skip
# Kazakh patronymics: the father's name with -ұлы (son of) or -қызы (daughter of).
KAZAKH_FATHERS = [
    "Серік", "Нұрлан", "Қайрат", "Болат", "Ерлан", "Мұрат", "Асқар", "Жұмабек", "Ғалым", "Өмірзақ",
    "Қуаныш", "Талғат", "Бекет",
]  # fmt: skip
RUSSIAN_MEN = [
    ("Александр", "Aleksandr"), ("Сергей", "Sergei"), ("Андрей", "Andrei"), ("Дмитрий", "Dmitrii"),
    ("Алексей", "Aleksei"), ("Николай", "Nikolai"), ("Виктор", "Viktor"), ("Игорь", "Igor"),
    ("Евгений", "Evgenii"), ("Михаил", "Mikhail"), ("Павел", "Pavel"), ("Юрий", "Yurii"), ("Олег", "Oleg"),
    ("Геннадий", "Gennadii"), ("Валерий", "Valerii"), ("Анатолий", "Anatolii"), ("Борис", "Boris"),
    ("Константин", "Konstantin"), ("Станислав", "Stanislav"), ("Владислав", "Vladislav"),
]  # fmt: skip
RUSSIAN_WOMEN = [
    ("Елена", "Elena"), ("Ольга", "Olga"), ("Татьяна", "Tatiana"), ("Наталья", "Natalia"),
    ("Ирина", "Irina"), ("Светлана", "Svetlana"), ("Людмила", "Liudmila"), ("Галина", "Galina"),
    ("Марина", "Marina"), ("Анна", "Anna"), ("Валентина", "Valentina"), ("Надежда", "Nadezhda"),
    ("Вера", "Vera"), ("Юлия", "Yuliia"), ("Ксения", "Kseniia"), ("Дарья", "Daria"),
]  # fmt: skip
RUSSIAN_FAMILIES = [
    ("Иванов", "Ivanov"), ("Кузнецов", "Kuznetsov"), ("Соколов", "Sokolov"), ("Лебедев", "Lebedev"),
    ("Морозов", "Morozov"), ("Павлов", "Pavlov"), ("Семёнов", "Semenov"), ("Голубев", "Golubev"),
    ("Виноградов", "Vinogradov"), ("Богданов", "Bogdanov"), ("Воробьёв", "Vorobyov"), ("Фёдоров", "Fedorov"),
    ("Михайлов", "Mikhailov"), ("Тарасов", "Tarasov"), ("Белов", "Belov"), ("Орлов", "Orlov"),
    ("Андреев", "Andreev"), ("Ильин", "Ilyin"), ("Гусев", "Gusev"), ("Кудрявцев", "Kudryavtsev"),
    ("Баранов", "Baranov"), ("Куликов", "Kulikov"), ("Алексеев", "Alekseev"), ("Степанов", "Stepanov"),
    ("Яковлев", "Yakovlev"), ("Сорокин", "Sorokin"), ("Захаров", "Zakharov"), ("Борисов", "Borisov"),
    ("Никитин", "Nikitin"), ("Зайцев", "Zaitsev"), ("Ершов", "Ershov"), ("Григорьев", "Grigoryev"),
    ("Крылов", "Krylov"), ("Денисов", "Denisov"), ("Жуков", "Zhukov"), ("Щербаков", "Shcherbakov"),
    ("Смирнов", "Smirnov"),
]  # fmt: skip
RUSSIAN_PATRONYMICS = [
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Викторович", "Викторовна"),
    ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"), ("Петрович", "Петровна"),
    ("Иванович", "Ивановна"), ("Михайлович", "Михайловна"), ("Юрьевич", "Юрьевна"),
    ("Анатольевич", "Анатольевна"), ("Геннадьевич", "Геннадьевна"), ("Борисович", "Борисовна"),
]  # fmt: skip

# Where veterans served, as printed on the guest list (English) and in citations (Russian "на ...",
# Kazakh locative "...да").
SERVICE_PLACES = [
    ("Site 1 (Gagarin's Start)", "на площадке № 1 (Гагаринский старт)", "№ 1 алаңда (Гагарин старты)"),
    (
        "Site 2 (assembly and test building)",
        "на площадке № 2 (монтажно-испытательный корпус)",
        "№ 2 алаңда (құрастыру-сынақ корпусы)",
    ),
    ("Site 31", "на площадке № 31", "№ 31 алаңда"),
    (
        "Site 81 (Proton launch complex)",
        "на площадке № 81 (стартовый комплекс «Протон»)",
        "№ 81 алаңда («Протон» ұшыру кешені)",
    ),
    (
        "Site 110 (Energia–Buran launch complex)",
        "на площадке № 110 (стартовый комплекс «Энергия – Буран»)",
        "№ 110 алаңда («Энергия – Буран» ұшыру кешені)",
    ),
    ("Site 200", "на площадке № 200", "№ 200 алаңда"),
    (
        "Site 45 (Zenit launch complex)",
        "на площадке № 45 (стартовый комплекс «Зенит»)",
        "№ 45 алаңда («Зенит» ұшыру кешені)",
    ),
]
VETERAN_TRADES = [
    "launch crew engineer",
    "telemetry operator",
    "propellant systems specialist",
    "military builder",
    "test engineer",
    "ground equipment mechanic",
    "radio engineering officer",
    "meteorologist",
]
ACCESSIBILITY_NEEDS = [
    "Wheelchair user: step-free route and a place at the end of a row",
    "Walks with a cane: seat near the entrance",
    "Hard of hearing: seat near the speakers and a printed program",
]
DIETARY_NEEDS = ["Halal", "Diabetic menu", "Vegetarian", "Low-salt menu", "No nuts"]

# Who is Kazakh or Russian, man or woman, in turn: six Kazakh to four Russian names overall; the
# veterans' list leans Russian and male, as the cosmodrome's workforce of the 1960s–1980s did.
_MIXED = ("kk_m", "kk_f", "ru_m", "kk_m", "kk_f", "ru_f", "kk_m", "ru_m", "kk_f", "ru_f")
_VETERANS_MIX = ("ru_m", "kk_m", "ru_m", "kk_m", "ru_f", "kk_f", "ru_m", "kk_m")

# (key prefix, category, how many, name mix)
GUEST_GROUPS = [
    ("veteran", AttendeeCategory.VETERAN, 60, _VETERANS_MIX),
    ("engineer", AttendeeCategory.ENGINEER, 45, _MIXED),
    ("industry", AttendeeCategory.SPACE_INDUSTRY, 15, _MIXED),
    ("student", AttendeeCategory.STUDENT, 72, _MIXED),
    ("resident", AttendeeCategory.RESIDENT, 70, _MIXED),
    ("press", AttendeeCategory.PRESS, 20, _MIXED),
]
_ENGINEER_ORGS = ("baiterek", "tsenki", "kgs")
_ENGINEER_POSITIONS = (
    "Launch systems engineer",
    "Test engineer",
    "Telemetry engineer",
    "Ground equipment engineer",
    "Propellant systems engineer",
)
_INDUSTRY_ORGS = ("aerospace-committee", "kgs", "baiterek", "tsenki")
_INDUSTRY_POSITIONS = ("Head of department", "Deputy director", "Chief specialist", "Project manager")
_PRESS_ORGS = ("kazinform", "khabar", "city-newspaper", "tass")
_PRESS_POSITIONS = ("Correspondent", "Photographer", "Camera operator", "Editor")


def _name(group, k):
    """The k-th name of a group ("kk_m", "kk_f", "ru_m", "ru_f") as person fields."""
    nation, sex = group.split("_")
    if nation == "kk":
        given_names, families = (KAZAKH_MEN if sex == "m" else KAZAKH_WOMEN), KAZAKH_FAMILIES
        patronymic = KAZAKH_FATHERS[(k + 7) % len(KAZAKH_FATHERS)] + ("ұлы" if sex == "m" else "қызы")
    else:
        given_names, families = (RUSSIAN_MEN if sex == "m" else RUSSIAN_WOMEN), RUSSIAN_FAMILIES
        patronymic = RUSSIAN_PATRONYMICS[(k + 5) % len(RUSSIAN_PATRONYMICS)][0 if sex == "m" else 1]
    given, given_latin = given_names[k % len(given_names)]
    family, family_latin = families[k % len(families)]
    if sex == "f":
        family, family_latin = family + "а", family_latin + "a"
    return {
        "family_name": family,
        "given_name": given,
        "patronymic": patronymic,
        "family_name_latin": family_latin,
        "given_name_latin": given_latin,
        # Most Russian residents of Baikonur hold Kazakh citizenship; some are citizens of Russia.
        "country": "KZ" if nation == "kk" or k % 4 else "RU",
    }


def _rsvp(i):
    if i % 17 == 5:
        return RsvpStatus.DECLINED
    if i % 9 == 4:
        return RsvpStatus.INVITED
    return RsvpStatus.CONFIRMED


def _guest(prefix, category, i, group, name):
    """Person and attendee fields of the i-th guest of a group (counted from 0)."""
    row = {
        "key": f"{prefix}-{i + 1:03d}",
        **name,
        "category": category,
        "rsvp_status": _rsvp(i),
        # Many Kazakhs of Baikonur read Russian first; Russians read Russian.
        "preferred_language": "kk" if group.startswith("kk") and i % 3 else "ru",
        "notes": FICTIONAL,
    }
    professional = prefix in ("engineer", "industry", "press")
    if professional:
        row["email"] = f"{name['given_name_latin']}.{name['family_name_latin']}@example.kz".lower()
    elif i % 3:
        # Latin spellings only for some: most residents never need one.
        row["family_name_latin"] = row["given_name_latin"] = ""
    if prefix == "veteran":
        place = SERVICE_PLACES[i % len(SERVICE_PLACES)][0]
        start = 1962 + (i * 3) % 26
        end = min(start + 18 + (i * 5) % 15, 2015)
        row.update(
            organization="veterans",
            position="Veteran of the Baikonur cosmodrome",
            service_years=f"{start}–{end}",
            service_place=place,
            biography=(
                f"Fictional sample veteran. Served {start}–{end} at {place} as a "
                f"{VETERAN_TRADES[i % len(VETERAN_TRADES)]}; lives in Baikonur."
            ),
        )
        if i % 6 == 2:
            row["accessibility_needs"] = ACCESSIBILITY_NEEDS[i // 6 % len(ACCESSIBILITY_NEEDS)]
    elif prefix == "engineer":
        row.update(
            organization=_ENGINEER_ORGS[i % len(_ENGINEER_ORGS)],
            position=_ENGINEER_POSITIONS[i % len(_ENGINEER_POSITIONS)],
        )
    elif prefix == "industry":
        row.update(
            organization=_INDUSTRY_ORGS[i % len(_INDUSTRY_ORGS)],
            position=_INDUSTRY_POSITIONS[i % len(_INDUSTRY_POSITIONS)],
        )
    elif prefix == "student":
        at_university, female = i % 2 == 0, group.endswith("_f")
        row.update(
            organization="mai" if at_university else "school",
            position=_student(i % 4 + 1, female) if at_university else _pupil(9 + i % 3, female),
        )
    elif prefix == "resident" and i % 10 == 3:
        row["accessibility_needs"] = ACCESSIBILITY_NEEDS[i // 10 % len(ACCESSIBILITY_NEEDS)]
    elif prefix == "press":
        row.update(
            organization=_PRESS_ORGS[i % len(_PRESS_ORGS)],
            position=_PRESS_POSITIONS[i % len(_PRESS_POSITIONS)],
            preferred_language="en" if i % 5 == 0 else row["preferred_language"],
        )
    if i % 11 == 6:
        row["dietary_needs"] = DIETARY_NEEDS[i // 11 % len(DIETARY_NEEDS)]
    return row


def _guest_list():
    counters = dict.fromkeys(("kk_m", "kk_f", "ru_m", "ru_f"), 0)
    guests = []
    for prefix, category, how_many, mix in GUEST_GROUPS:
        for i in range(how_many):
            group = mix[i % len(mix)]
            guests.append(_guest(prefix, category, i, group, _name(group, counters[group])))
            counters[group] += 1
    return guests


GUESTS = _guest_list()
_GUESTS_BY_KEY = {row["key"]: row for row in GUESTS}

PEOPLE = STAFF + OFFICIALS + COSMONAUTS + ROSCOSMOS_DELEGATION + GUESTS
# Every title in English, Russian and Kazakh, as the loader writes it; a missing text stops the import.
for _person in PEOPLE:
    for _field in ("honorific", "position"):
        _person[_field] = in_three_languages(_person.get(_field, ""))


def _confirmed(prefix, how_many, skip=0):
    """Keys of the first confirmed guests of a group, for seats that must be filled."""
    confirmed = [
        row["key"]
        for row in GUESTS
        if row["key"].startswith(f"{prefix}-") and row["rsvp_status"] == RsvpStatus.CONFIRMED
    ]
    return confirmed[skip : skip + how_many]


# Program ------------------------------------------------------------------------------------------

PROGRAM = [
    {
        "key": "briefing",
        "title": {
            "en": "Security and staff briefing",
            "ru": "Инструктаж службы безопасности и персонала",
            "kk": "Қауіпсіздік қызметі мен қызметкерлерге арналған нұсқама",
        },
        "description": {
            "en": "Run-of-show walk-through for protocol, security, transport and venue staff: timings, "
            "routes, accreditation and radio channels.",
            "ru": "Разбор сценария дня для служб протокола, безопасности, транспорта и площадок: тайминг, "
            "маршруты, аккредитация и радиоканалы.",
            "kk": "Хаттама, қауіпсіздік, көлік және алаң қызметкерлеріне күн сценарийін талдау: уақыт "
            "кестесі, бағыттар, аккредиттеу және радиоарналар.",
        },
        "kind": ProgramItemKind.OTHER,
        "starts_at": _at(7, 0),
        "ends_at": _at(7, 45),
        "venue": "city-administration",
        "is_public": False,
        "responsible": "security",
        "staff_notes": "After the briefing, check both video addresses and their subtitles on the screens.",
    },
    {
        "key": "arrival",
        "title": {
            "en": "Arrival of the delegations at Krayniy Airport and transfer to the city",
            "ru": "Прибытие делегаций в аэропорт «Крайний» и трансфер в город",
            "kk": "Делегациялардың «Крайний» әуежайына келуі және қалаға трансфер",
        },
        "description": {
            "en": "Welcome of the government delegation and guests at the airfield, motorcade to the city "
            "administration.",
            "ru": "Встреча правительственной делегации и гостей на аэродроме, кортеж до администрации "
            "города.",
            "kk": "Үкімет делегациясы мен қонақтарды әуеайлақта қарсы алу, қала әкімшілігіне дейін кортеж.",
        },
        "kind": ProgramItemKind.TRANSFER,
        "starts_at": _at(8, 0),
        "ends_at": _at(9, 15),
        "venue": "airport",
        "is_public": False,
        "responsible": "transport",
        "staff_notes": "Cars in precedence order; escort officers ride with their principals.",
    },
    {
        "key": "flowers",
        "title": {
            "en": "Laying of flowers at the Yuri Gagarin Monument",
            "ru": "Возложение цветов к памятнику Юрию Гагарину",
            "kk": "Юрий Гагарин ескерткішіне гүл шоқтарын қою",
        },
        "description": {
            "en": "Tribute to the first man in space, with veterans of the cosmodrome and Kazakhstan's "
            "cosmonauts.",
            "ru": "Дань памяти первому космонавту планеты с участием ветеранов космодрома и космонавтов "
            "Казахстана.",
            "kk": "Ғарышқа алғаш ұшқан адамға құрмет көрсету, ғарыш айлағы ардагерлері мен Қазақстан "
            "ғарышкерлерінің қатысуымен.",
        },
        "kind": ProgramItemKind.TRIBUTE,
        "starts_at": _at(9, 30),
        "ends_at": _at(10, 0),
        "venue": "gagarin-monument",
        "is_public": True,
        "responsible": "protocol-chief",
        "staff_notes": "Wreaths delivered to the monument by 09:00.",
    },
    {
        "key": "exhibition",
        "title": {
            "en": "Exhibition “Baikonur: 70 years from the first satellite to Baiterek”",
            "ru": "Выставка «Байконур: 70 лет от первого спутника до „Байтерека“»",
            "kk": "«Байқоңыр: алғашқы жер серігінен „Бәйтерекке“ дейінгі 70 жыл» көрмесі",
        },
        "description": {
            "en": "Archive photographs, documents and models from the history of the cosmodrome; free entry.",
            "ru": "Архивные фотографии, документы и макеты из истории космодрома; вход свободный.",
            "kk": "Ғарыш айлағы тарихынан мұрағаттық фотосуреттер, құжаттар мен макеттер; кіру тегін.",
        },
        "kind": ProgramItemKind.CULTURAL_PROGRAM,
        "starts_at": _at(10, 0),
        "ends_at": _at(18, 0),
        "venue": "museum",
        "is_public": True,
        "responsible": "museum-curator",
    },
    {
        "key": "opening",
        "title": {
            "en": "Official opening ceremony of the 70th anniversary of Baikonur",
            "ru": "Торжественная церемония открытия празднования 70-летия Байконура",
            "kk": "Байқоңырдың 70 жылдығын мерекелеудің салтанатты ашылу рәсімі",
        },
        "description": {
            "en": "Speeches by Deputy Prime Minister Roman Sklyar and Minister Zhaslan Madiyev; video "
            "addresses of President Kassym-Jomart Tokayev and President Vladimir Putin.",
            "ru": "Выступления заместителя Премьер-министра Романа Скляра и министра Жаслана Мадиева; "
            "видеообращения Президента Касым-Жомарта Токаева и Президента Владимира Путина.",
            "kk": "Премьер-Министрдің орынбасары Роман Скляр мен министр Жаслан Мәдиевтің сөздері; "
            "Президент Қасым-Жомарт Тоқаев пен Президент Владимир Путиннің бейнеүндеулері.",
        },
        "kind": ProgramItemKind.OPENING_CEREMONY,
        "starts_at": _at(10, 30),
        "ends_at": _at(11, 45),
        "venue": "square",
        "is_public": True,
        "responsible": "protocol-chief",
        "staff_notes": "The video addresses play after the two speeches: Tokayev first, then Putin.",
    },
    {
        "key": "awards",
        "title": {
            "en": "Award ceremony for space-industry veterans",
            "ru": "Церемония награждения ветеранов космической отрасли",
            "kk": "Ғарыш саласы ардагерлерін марапаттау салтанаты",
        },
        "description": {
            "en": "Honorary awards and commemorative distinctions for veterans of the cosmodrome, presented "
            "by Roman Sklyar and Zhaslan Madiyev.",
            "ru": "Вручение почётных наград и памятных знаков ветеранам космодрома; вручают Роман Скляр и "
            "Жаслан Мадиев.",
            "kk": "Ғарыш айлағы ардагерлеріне құрметті наградалар мен естелік белгілерді табыстау; Роман "
            "Скляр мен Жаслан Мәдиев табыстайды.",
        },
        "kind": ProgramItemKind.AWARD_CEREMONY,
        "starts_at": _at(12, 0),
        "ends_at": _at(13, 0),
        "venue": "palace",
        "is_public": True,
        "responsible": "protocol-chief",
        "staff_notes": "Recipients sit in the first row in calling order; step-free route to the stage.",
    },
    {
        "key": "reception",
        "title": {"en": "Official reception", "ru": "Официальный приём", "kk": "Ресми қабылдау"},
        "description": {
            "en": "Lunch for the delegations, the cosmonauts and heads of space-sector organizations.",
            "ru": "Обед для делегаций, космонавтов и руководителей организаций космической отрасли.",
            "kk": "Делегациялар, ғарышкерлер және ғарыш саласы ұйымдарының басшыларына арналған түскі ас.",
        },
        "kind": ProgramItemKind.RECEPTION,
        "starts_at": _at(13, 15),
        "ends_at": _at(14, 15),
        "venue": "city-administration",
        "is_public": False,
        "responsible": "protocol-chief",
        "staff_notes": "Seating by precedence; dietary needs from the guest list go to the caterer.",
    },
    {
        "key": "baiterek-visit",
        "title": {
            "en": "Visit to the Baiterek Space Rocket Complex",
            "ru": "Посещение космического ракетного комплекса «Байтерек»",
            "kk": "«Бәйтерек» ғарыш зымыран кешеніне бару",
        },
        "description": {
            "en": "Tour of key facilities of the complex at Site 45 for the government delegation and "
            "invited specialists; entry by clearance only.",
            "ru": "Осмотр ключевых объектов комплекса на площадке № 45 для правительственной делегации и "
            "приглашённых специалистов; вход только по допуску.",
            "kk": "Үкімет делегациясы мен шақырылған мамандарға № 45 алаңдағы кешеннің негізгі нысандарын "
            "көрсету; кіру тек рұқсатпен.",
        },
        "kind": ProgramItemKind.FACILITY_VISIT,
        "starts_at": _at(14, 30),
        "ends_at": _at(17, 30),
        "venue": "baiterek",
        "is_public": False,
        "responsible": "security",
        "staff_notes": "Includes the drive to Site 45 and back. Only the press pool goes in.",
    },
    {
        "key": "students-cosmonauts",
        "title": {
            "en": "Students meet Kazakhstan's cosmonauts",
            "ru": "Встреча студентов с космонавтами Казахстана",
            "kk": "Студенттердің Қазақстан ғарышкерлерімен кездесуі",
        },
        "description": {
            "en": "Toktar Aubakirov, Talgat Musabayev and Aidyn Aimbetov answer questions from students of "
            "the Voskhod branch and schoolchildren of the city.",
            "ru": "Тохтар Аубакиров, Талгат Мусабаев и Айдын Аимбетов отвечают на вопросы студентов филиала "
            "«Восход» и школьников города.",
            "kk": "Тоқтар Әубәкіров, Талғат Мұсабаев және Айдын Айымбетов «Восход» филиалының студенттері "
            "мен қала оқушыларының сұрақтарына жауап береді.",
        },
        "kind": ProgramItemKind.YOUTH_EDUCATION,
        "starts_at": _at(14, 30),
        "ends_at": _at(15, 45),
        "venue": "mai-voskhod",
        "is_public": True,
        "responsible": "youth-coordinator",
        "staff_notes": "Questions are collected in advance by the Voskhod branch.",
    },
    {
        "key": "space-lessons",
        "title": {
            "en": "Space lessons for schoolchildren",
            "ru": "Космические уроки для школьников",
            "kk": "Оқушыларға арналған ғарыш сабақтары",
        },
        "description": {
            "en": "Veterans and engineers of the cosmodrome give short lessons on rocket engineering, "
            "satellites and the history of Baikonur.",
            "ru": "Ветераны и инженеры космодрома проводят короткие уроки о ракетной технике, спутниках и "
            "истории Байконура.",
            "kk": "Ғарыш айлағының ардагерлері мен инженерлері зымыран техникасы, жер серіктері және "
            "Байқоңыр тарихы туралы қысқа сабақтар өткізеді.",
        },
        "kind": ProgramItemKind.YOUTH_EDUCATION,
        "starts_at": _at(16, 0),
        "ends_at": _at(17, 0),
        "venue": "museum",
        "is_public": True,
        "responsible": "youth-coordinator",
    },
    {
        "key": "industry-meeting",
        "title": {
            "en": "Meeting with representatives of space-sector organizations",
            "ru": "Встреча с представителями организаций космической отрасли",
            "kk": "Ғарыш саласы ұйымдарының өкілдерімен кездесу",
        },
        "description": {
            "en": "Discussion of the Baiterek project, international cooperation at Baikonur and the "
            "training of specialists.",
            "ru": "Обсуждение проекта «Байтерек», международного сотрудничества на Байконуре и подготовки "
            "специалистов.",
            "kk": "«Бәйтерек» жобасын, Байқоңырдағы халықаралық ынтымақтастықты және мамандар даярлауды "
            "талқылау.",
        },
        "kind": ProgramItemKind.MEETING,
        "starts_at": _at(18, 0),
        "ends_at": _at(19, 15),
        "venue": "city-administration",
        "is_public": False,
        "responsible": "protocol-chief",
        "staff_notes": "Simultaneous interpretation Kazakh–Russian; name cards in both languages.",
    },
    {
        "key": "concert",
        "title": {
            "en": "Festive concert and fireworks",
            "ru": "Праздничный концерт и салют",
            "kk": "Мерекелік концерт және отшашу",
        },
        "description": {
            "en": "Open-air concert by city and guest performers, ending with fireworks over the central "
            "square.",
            "ru": "Концерт под открытым небом с участием городских и приглашённых артистов, завершается "
            "салютом над центральной площадью.",
            "kk": "Қала және шақырылған әртістердің ашық аспан астындағы концерті, орталық алаң үстіндегі "
            "отшашумен аяқталады.",
        },
        "kind": ProgramItemKind.CULTURAL_PROGRAM,
        "starts_at": _at(20, 0),
        "ends_at": _at(22, 30),
        "venue": "square",
        "is_public": True,
        "responsible": "culture",
        "staff_notes": "Fireworks at 22:15, after sunset.",
    },
    {
        "key": "departure",
        "title": {
            "en": "Departure of the government delegation",
            "ru": "Отъезд правительственной делегации",
            "kk": "Үкімет делегациясының аттануы",
        },
        "description": {
            "en": "Motorcade to Krayniy Airport.",
            "ru": "Кортеж до аэропорта «Крайний».",
            "kk": "«Крайний» әуежайына дейін кортеж.",
        },
        "kind": ProgramItemKind.TRANSFER,
        "starts_at": _at(22, 45),
        "ends_at": _at(23, 30),
        "venue": "airport",
        "is_public": False,
        "responsible": "transport",
    },
]

# (program item, person, role, order): who does what in each item.
_GOVERNMENT = ["sklyar", "madiyev"]
_ESCORTS = ["escort-sklyar", "escort-madiyev"]
_COSMONAUT_KEYS = ["aubakirov", "musabayev", "aimbetov"]
_ROSCOSMOS_KEYS = ["roscosmos-head", "roscosmos-specialist", "roscosmos-engineer"]
_STAFF_KEYS = [row["key"] for row in STAFF]


def _roles(item, host, speakers=(), guests=(), escorts=(), interpreter=None, role_of_speakers=None):
    """Participation rows of one item in speaking order: host, speakers, interpreter, guests, escorts."""
    role_of_speakers = role_of_speakers or ParticipantRole.SPEAKER
    people = [(host, ParticipantRole.HOST)] if host else []
    people += [(key, role_of_speakers) for key in speakers]
    people += [(interpreter, ParticipantRole.INTERPRETER)] if interpreter else []
    people += [(key, ParticipantRole.GUEST) for key in guests]
    people += [(key, ParticipantRole.ESCORT) for key in escorts]
    return [(item, key, role, order) for order, (key, role) in enumerate(people)]


# Award recipients, in calling order: confirmed veterans only, so every chair at the ceremony is filled.
AWARD_RECIPIENTS = _confirmed("veteran", 13)

PARTICIPATIONS = [
    *_roles("briefing", "protocol-chief", guests=[key for key in _STAFF_KEYS if key != "protocol-chief"]),
    *_roles("arrival", None, guests=_GOVERNMENT + _ROSCOSMOS_KEYS, escorts=[*_ESCORTS, "escort-roscosmos"]),
    *_roles(
        "flowers",
        "protocol-chief",
        guests=_GOVERNMENT + _COSMONAUT_KEYS + ["roscosmos-head"] + _confirmed("veteran", 5),
    ),
    *_roles(
        "opening",
        "master-of-ceremonies",
        speakers=_GOVERNMENT,
        interpreter="interpreter",
        guests=[*_COSMONAUT_KEYS, "roscosmos-head"],
    ),
    *_roles(
        "awards",
        "protocol-chief",
        speakers=_GOVERNMENT,
        role_of_speakers=ParticipantRole.PRESENTER,
        guests=AWARD_RECIPIENTS,
    ),
    *_roles(
        "reception",
        "protocol-chief",
        guests=_GOVERNMENT + _COSMONAUT_KEYS + _ROSCOSMOS_KEYS + _confirmed("industry", 5),
    ),
    *_roles("baiterek-visit", None, guests=_GOVERNMENT + _ROSCOSMOS_KEYS, escorts=["security", *_ESCORTS]),
    *_roles(
        "students-cosmonauts",
        "youth-coordinator",
        speakers=_COSMONAUT_KEYS,
        guests=_confirmed("student", 40),
    ),
    *_roles(
        "space-lessons",
        "museum-curator",
        speakers=_confirmed("veteran", 3, skip=20)
        + _confirmed("engineer", 2, skip=4),  # not the four on the Baiterek visit
        guests=_confirmed("student", 25, skip=40),
    ),
    *_roles(
        "industry-meeting",
        "madiyev",
        speakers=["roscosmos-head", *_confirmed("industry", 8)],
        interpreter="interpreter",
        guests=["sklyar", "roscosmos-specialist"],
    ),
    # The all-day exhibition has a responsible curator but no fixed participants: she hosts other items.
    *_roles("concert", "master-of-ceremonies"),
    *_roles("departure", None, guests=_GOVERNMENT, escorts=_ESCORTS),
]

VIDEO_ADDRESSES = [
    {
        "program_item": "opening",
        "play_order": 1,
        "speaker_name": {
            "en": "Kassym-Jomart Tokayev",
            "ru": "Касым-Жомарт Токаев",
            "kk": "Қасым-Жомарт Тоқаев",
        },
        "speaker_title": {
            "en": "President of the Republic of Kazakhstan",
            "ru": "Президент Республики Казахстан",
            "kk": "Қазақстан Республикасының Президенті",
        },
        "country": "KZ",
        "language": "kk",
        "subtitle_languages": "ru,en",
        "duration": timedelta(minutes=4, seconds=30),
        "media_reference": "Playout server, slot VA-1 (demo reference, no file)",
        "status": VideoAddressStatus.APPROVED,
        "technical_notes": "Subtitles burned in. Audio level checked at rehearsal.",
    },
    {
        "program_item": "opening",
        "play_order": 2,
        "speaker_name": {"en": "Vladimir Putin", "ru": "Владимир Путин", "kk": "Владимир Путин"},
        "speaker_title": {
            "en": "President of the Russian Federation",
            "ru": "Президент Российской Федерации",
            "kk": "Ресей Федерациясының Президенті",
        },
        "country": "RU",
        "language": "ru",
        "subtitle_languages": "kk,en",
        "duration": timedelta(minutes=3, seconds=45),
        "media_reference": "Playout server, slot VA-2 (demo reference, no file)",
        "status": VideoAddressStatus.TECHNICALLY_CHECKED,
        "technical_notes": "Kazakh subtitles to be proofread before approval.",
    },
]

FACILITY_VISIT = {
    "program_item": "baiterek-visit",
    "facility": "baiterek",
    "capacity": 30,
    "clearance_required": True,
    "escort": "security",
    "transport": "Bus convoy from the city administration",
    "assembly_point": "Baikonur City Administration Building, main entrance, 14:15",
    "notes": (
        "Phones and cameras are handed in at the Site 45 checkpoint; only the accredited press pool "
        "films. Demo data: document numbers are fake."
    ),
}

_PRESS_POOL = _confirmed("press", 4)

# (person, clearance, document type, document number, clearance notes). The dignitaries' documents
# are left blank; everyone else has an obviously fake number.
VISITORS = [
    ("sklyar", ClearanceStatus.APPROVED, "", "", ""),
    ("madiyev", ClearanceStatus.APPROVED, "", "", ""),
    *[
        (key, ClearanceStatus.APPROVED, IdentityDocumentType.NATIONAL_ID, f"DEMO-{n:04d}", "")
        for n, key in enumerate([*_ESCORTS, "security"], start=1)
    ],
    *[
        (key, ClearanceStatus.APPROVED, IdentityDocumentType.PASSPORT, f"DEMO-{n:04d}", "")
        for n, key in enumerate(_ROSCOSMOS_KEYS, start=4)
    ],
    *[
        (key, ClearanceStatus.APPROVED, IdentityDocumentType.NATIONAL_ID, f"DEMO-{n:04d}", "")
        for n, key in enumerate(
            _confirmed("engineer", 4) + _confirmed("industry", 3) + _PRESS_POOL[:2], start=7
        )
    ],
    (
        _PRESS_POOL[2],
        ClearanceStatus.PENDING,
        IdentityDocumentType.NATIONAL_ID,
        "DEMO-0016",
        "Waiting for the accreditation office.",
    ),
    (
        _PRESS_POOL[3],
        ClearanceStatus.DENIED,
        IdentityDocumentType.PASSPORT,
        "DEMO-0017",
        "No accreditation for restricted sites.",
    ),
]

# Awards ---------------------------------------------------------------------------------------------

_DEMO_AWARD = {
    "en": "Illustrative award for the demo.",
    "ru": "Иллюстративная награда для демонстрационных данных.",
    "kk": "Демонстрациялық деректерге арналған үлгі марапат.",
}

AWARDS = [
    {
        "key": "honoured-veteran",
        "name": {
            "en": "Honorary title “Honoured Veteran of Baikonur”",
            "ru": "Почётное звание «Почётный ветеран Байконура»",
            "kk": "«Байқоңырдың құрметті ардагері» құрметті атағы",
        },
        "kind": AwardKind.HONORARY_AWARD,
        "issuing_authority": {
            "en": "Baikonur City Administration, on the proposal of the Council of Veterans",
            "ru": "Администрация города Байконур по представлению Совета ветеранов",
            "kk": "Байқоңыр қаласының әкімшілігі, Ардагерлер кеңесінің ұсынысы бойынша",
        },
        "is_repeatable": False,
        "description": {
            "en": "For veterans with a lifetime of service at the cosmodrome.",
            "ru": "Для ветеранов, посвятивших жизнь работе на космодроме.",
            "kk": "Өмірін ғарыш айлағындағы жұмысқа арнаған ардагерлерге.",
        },
    },
    {
        "key": "medal-70",
        "name": {
            "en": "Commemorative medal “70 years of the city of Baikonur”",
            "ru": "Юбилейная медаль «70 лет городу Байконур»",
            "kk": "«Байқоңыр қаласына 70 жыл» мерейтойлық медалі",
        },
        "kind": AwardKind.COMMEMORATIVE_MEDAL,
        "issuing_authority": {
            "en": "Baikonur City Administration",
            "ru": "Администрация города Байконур",
            "kk": "Байқоңыр қаласының әкімшілігі",
        },
        "is_repeatable": False,
        "description": {
            "en": "For a contribution to the development of the city and the cosmodrome, in honour of the "
            "70th anniversary of Baikonur.",
            "ru": "За вклад в развитие города и космодрома, в честь 70-летия Байконура.",
            "kk": "Байқоңырдың 70 жылдығына орай қала мен ғарыш айлағының дамуына қосқан үлесі үшін.",
        },
    },
    {
        "key": "ministry-certificate",
        "name": {
            "en": "Certificate of honour of the Ministry of Digital Development, Innovation and Aerospace "
            "Industry",
            "ru": "Почётная грамота Министерства цифрового развития, инноваций и аэрокосмической "
            "промышленности Республики Казахстан",
            "kk": "Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі "
            "министрлігінің Құрмет грамотасы",
        },
        "kind": AwardKind.CERTIFICATE_OF_HONOUR,
        "issuing_authority": {
            "en": "Ministry of Digital Development, Innovation and Aerospace Industry of the Republic of "
            "Kazakhstan",
            "ru": "Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики "
            "Казахстан",
            "kk": "Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
        },
        "is_repeatable": True,
        "description": {
            "en": "For merit in the aerospace industry.",
            "ru": "За заслуги в аэрокосмической отрасли.",
            "kk": "Аэроғарыш саласындағы еңбегі үшін.",
        },
    },
    {
        "key": "letter-of-thanks",
        "name": {
            "en": "Letter of thanks from the Head of the Baikonur City Administration",
            "ru": "Благодарственное письмо главы администрации города Байконур",
            "kk": "Байқоңыр қаласы әкімшілігі басшысының Алғыс хаты",
        },
        "kind": AwardKind.LETTER_OF_THANKS,
        "issuing_authority": {
            "en": "Head of the Baikonur City Administration",
            "ru": "Глава администрации города Байконур",
            "kk": "Байқоңыр қаласы әкімшілігінің басшысы",
        },
        "is_repeatable": True,
        "description": {
            "en": "For active participation in the life of the city.",
            "ru": "За активное участие в жизни города.",
            "kk": "Қала өміріне белсене қатысқаны үшін.",
        },
    },
]
for _award in AWARDS:
    _award["description"] = {
        lang: f"{text} {_DEMO_AWARD[lang]}" for lang, text in _award["description"].items()
    }

# Which award each recipient gets, in calling order, and who hands it over.
_AWARD_PLAN = [
    *[("honoured-veteran", "sklyar")] * 3,
    *[("medal-70", "sklyar")] * 5,
    *[("ministry-certificate", "madiyev")] * 3,
    *[("letter-of-thanks", "madiyev")] * 2,
]


def _citation(veteran):
    place_en, place_ru, place_kk = next(
        place for place in SERVICE_PLACES if place[0] == veteran["service_place"]
    )
    years = veteran["service_years"]
    return {
        "en": f"For conscientious service at {place_en} in {years} and a personal contribution to the "
        "development of the Baikonur cosmodrome.",
        "ru": f"За добросовестную службу {place_ru} в {years} годах и личный вклад в развитие космодрома "
        "Байконур.",
        "kk": f"{years} жылдары {place_kk} адал қызмет атқарғаны және Байқоңыр ғарыш айлағының дамуына "
        "қосқан жеке үлесі үшін.",
    }


AWARD_PRESENTATIONS = [
    {
        "ceremony": "awards",
        "order": order,
        "award": award,
        "recipient": recipient,
        "presenter": presenter,
        "citation": _citation(_GUESTS_BY_KEY[recipient]),
        "decree_number": f"Order No. 70-2025/{order + 10:03d}",
        "status": PresentationStatus.APPROVED,
    }
    for order, (recipient, (award, presenter)) in enumerate(
        zip(AWARD_RECIPIENTS, _AWARD_PLAN, strict=True), 1
    )
]


def _check_people_are_unique():
    """Each person must be matched by one key only, or a second load would create duplicates."""
    names = [(row["family_name"], row["given_name"], row["patronymic"]) for row in PEOPLE]
    emails = [row["email"] for row in PEOPLE if row.get("email")]
    keys = [row["key"] for row in PEOPLE]
    for label, values in (("name", names), ("email", emails), ("key", keys)):
        if len(values) != len(set(values)):
            raise ValueError(f"Two demo people share a {label}.")


_check_people_are_unique()
