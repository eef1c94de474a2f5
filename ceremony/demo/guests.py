"""The sample guests: a few hundred fictional veterans, engineers, space-industry staff, students,
residents and journalists.

Source: the article (see `ceremony.demo`) says veterans, engineers, students and residents attended
and that veterans were honoured, but names none of them. Every guest made here is a fictional person:
names come from the lists below by index arithmetic, not at random, so `sample_guests` returns the same
people in the same order every time. The loader calls it; importing this module makes no one.
"""

from ceremony.enums import AttendeeCategory, RsvpStatus

from .people import FICTIONAL
from .titles import pupil_position, student_position

# Each name list pairs the Cyrillic spelling with a Latin one. Within a kind of name (Kazakh or
# Russian, man or woman), the k-th guest gets family name k mod len(families) and given name k mod
# len(given names); the lengths are coprime, so no pair repeats before their product (over 500 people
# of each kind).

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

# The kinds of name, in turn (Kazakh or Russian, man or woman): six Kazakh to four Russian names
# overall; the veterans' list leans Russian and male, as the cosmodrome's workforce of the 1960s–1980s
# did.
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


def sample_guests():
    """Every sample guest, group after group in the order of GUEST_GROUPS, as person and attendee fields."""
    names_used = dict.fromkeys(("kk_m", "kk_f", "ru_m", "ru_f"), 0)
    guests = SampleGuests()
    for prefix, category, how_many, mix in GUEST_GROUPS:
        for i in range(how_many):
            name_kind = mix[i % len(mix)]
            name = _name(name_kind, names_used[name_kind])
            guests.append(_guest(prefix, category, i, name_kind, name))
            names_used[name_kind] += 1
    return guests


class SampleGuests(list):
    """The rows `sample_guests` makes, in order."""

    def confirmed(self, prefix, how_many, skip=0):
        """Keys of the first confirmed guests of a group, for seats that must be filled."""
        keys = [
            row["key"]
            for row in self
            if row["key"].startswith(f"{prefix}-") and row["rsvp_status"] == RsvpStatus.CONFIRMED
        ]
        return keys[skip : skip + how_many]


def _name(kind, k):
    """The k-th name of a kind ("kk_m", "kk_f", "ru_m", "ru_f") as person fields."""
    nation, sex = kind.split("_")
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


def _guest(prefix, category, i, name_kind, name):
    """Person and attendee fields of the i-th guest of a group (counted from 0)."""
    row = {
        "key": f"{prefix}-{i + 1:03d}",
        **name,
        "category": category,
        "rsvp_status": _rsvp(i),
        # Many Kazakhs of Baikonur read Russian first; Russians read Russian.
        "preferred_language": "kk" if name_kind.startswith("kk") and i % 3 else "ru",
        "notes": FICTIONAL,
    }
    if prefix in ("engineer", "industry", "press"):
        row["email"] = f"{name['given_name_latin']}.{name['family_name_latin']}@example.kz".lower()
    elif i % 3:
        # Latin spellings only for some: most residents never need one.
        row["family_name_latin"] = row["given_name_latin"] = ""
    row.update(_FIELDS_OF_GROUP[prefix](i, name_kind))
    if i % 11 == 6:
        row["dietary_needs"] = DIETARY_NEEDS[i // 11 % len(DIETARY_NEEDS)]
    return row


def _veteran_fields(i, name_kind):
    place = SERVICE_PLACES[i % len(SERVICE_PLACES)][0]
    start = 1962 + (i * 3) % 26
    end = min(start + 18 + (i * 5) % 15, 2015)
    fields = {
        "organization": "veterans",
        "position": "Veteran of the Baikonur cosmodrome",
        "service_years": f"{start}–{end}",
        "service_place": place,
        "biography": (
            f"Fictional sample veteran. Served {start}–{end} at {place} as a "
            f"{VETERAN_TRADES[i % len(VETERAN_TRADES)]}; lives in Baikonur."
        ),
    }
    if i % 6 == 2:
        fields["accessibility_needs"] = ACCESSIBILITY_NEEDS[i // 6 % len(ACCESSIBILITY_NEEDS)]
    return fields


def _engineer_fields(i, name_kind):
    return {
        "organization": _ENGINEER_ORGS[i % len(_ENGINEER_ORGS)],
        "position": _ENGINEER_POSITIONS[i % len(_ENGINEER_POSITIONS)],
    }


def _industry_representative_fields(i, name_kind):
    return {
        "organization": _INDUSTRY_ORGS[i % len(_INDUSTRY_ORGS)],
        "position": _INDUSTRY_POSITIONS[i % len(_INDUSTRY_POSITIONS)],
    }


def _student_fields(i, name_kind):
    """Every other student is at the Voskhod branch; the others are pupils of School No. 7."""
    female = name_kind.endswith("_f")
    if i % 2 == 0:
        return {"organization": "mai", "position": student_position(i % 4 + 1, female)}
    return {"organization": "school", "position": pupil_position(9 + i % 3, female)}


def _resident_fields(i, name_kind):
    if i % 10 == 3:
        return {"accessibility_needs": ACCESSIBILITY_NEEDS[i // 10 % len(ACCESSIBILITY_NEEDS)]}
    return {}


def _journalist_fields(i, name_kind):
    fields = {
        "organization": _PRESS_ORGS[i % len(_PRESS_ORGS)],
        "position": _PRESS_POSITIONS[i % len(_PRESS_POSITIONS)],
    }
    if i % 5 == 0:
        fields["preferred_language"] = "en"
    return fields


# What the i-th guest of each group has besides a name: employer, position, service, needs.
_FIELDS_OF_GROUP = {
    "veteran": _veteran_fields,
    "engineer": _engineer_fields,
    "industry": _industry_representative_fields,
    "student": _student_fields,
    "resident": _resident_fields,
    "press": _journalist_fields,
}
