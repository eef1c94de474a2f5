"""The program of the day: its items, who does what in each, the video addresses, the Baiterek visit.

Source: the article (see `ceremony.demo`) names the kinds of events: official ceremonies where Roman
Sklyar and Zhaslan Madiyev spoke, the video addresses of President Kassym-Jomart Tokayev and President
Vladimir Putin, a visit to key facilities of the Baiterek space rocket complex, award ceremonies and
tributes to veterans, meetings with representatives of space-sector organizations, and youth and
educational programs. It gives no times, no venues and no running order: those, the staff notes, who
sits where, the video files' details and the visitors' clearances are plausible illustrations.

Records refer to people, venues and each other by `key`; the loader resolves the keys. Who takes part
depends on the sample guests, so `participations` and `visitors` are given them.
"""

from datetime import timedelta

from ceremony.enums import (
    ClearanceStatus,
    IdentityDocumentType,
    ParticipantRole,
    ProgramItemKind,
    VideoAddressStatus,
)

from .awards import award_recipients
from .event import on_the_day
from .people import STAFF

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
        "starts_at": on_the_day(7, 0),
        "ends_at": on_the_day(7, 45),
        "venue": "city-administration",
        "is_public": False,
        "responsible": "security",
        "staff_notes": {
            "en": "After the briefing, check both video addresses and their subtitles on the screens.",
            "ru": "После брифинга проверить на экранах оба видеообращения и их субтитры.",
            "kk": "Брифингтен кейін экрандарда екі бейнеүндеуді де және олардың субтитрлерін тексеру.",
        },
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
        "starts_at": on_the_day(8, 0),
        "ends_at": on_the_day(9, 15),
        "venue": "airport",
        "is_public": False,
        "responsible": "transport",
        "staff_notes": {
            "en": "Cars in precedence order; escort officers ride with their principals.",
            "ru": "Автомобили в порядке старшинства; офицеры сопровождения едут со своими подопечными.",
            "kk": "Көліктер протоколдық реті бойынша; алып жүретін офицерлер өз қонақтарымен бірге жүреді.",
        },
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
        "starts_at": on_the_day(9, 30),
        "ends_at": on_the_day(10, 0),
        "venue": "gagarin-monument",
        "is_public": True,
        "responsible": "protocol-chief",
        "staff_notes": {
            "en": "Wreaths delivered to the monument by 09:00.",
            "ru": "Венки доставить к монументу до 09:00.",
            "kk": "Гүлшоқтарды ескерткішке 09:00-ге дейін жеткізу.",
        },
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
        "starts_at": on_the_day(10, 0),
        "ends_at": on_the_day(18, 0),
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
        "starts_at": on_the_day(10, 30),
        "ends_at": on_the_day(11, 45),
        "venue": "square",
        "is_public": True,
        "responsible": "protocol-chief",
        "staff_notes": {
            "en": "The video addresses play after the two speeches: Tokayev first, then Putin.",
            "ru": "Видеообращения идут после двух выступлений: сначала Токаев, затем Путин.",
            "kk": "Бейнеүндеулер екі сөзден кейін көрсетіледі: алдымен Тоқаев, содан кейін Путин.",
        },
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
        "starts_at": on_the_day(12, 0),
        "ends_at": on_the_day(13, 0),
        "venue": "palace",
        "is_public": True,
        "responsible": "protocol-chief",
        "staff_notes": {
            "en": "Recipients sit in the first row in calling order; step-free route to the stage.",
            "ru": "Награждаемые сидят в первом ряду в порядке вызова; путь на сцену без ступеней.",
            "kk": "Марапатталушылар бірінші қатарда шақыру ретімен отырады; сахнаға баспалдақсыз жол.",
        },
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
        "starts_at": on_the_day(13, 15),
        "ends_at": on_the_day(14, 15),
        "venue": "city-administration",
        "is_public": False,
        "responsible": "protocol-chief",
        "staff_notes": {
            "en": "Seating by precedence; dietary needs from the guest list go to the caterer.",
            "ru": "Рассадка по старшинству; особенности питания из списка гостей передать кейтерингу.",
            "kk": (
                "Отырғызу протоколдық реті бойынша; қонақтар тізіміндегі тамақтану ерекшеліктерін "
                "кейтерингке беру."
            ),
        },
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
        "starts_at": on_the_day(14, 30),
        "ends_at": on_the_day(17, 30),
        "venue": "baiterek",
        "is_public": False,
        "responsible": "security",
        "staff_notes": {
            "en": "Includes the drive to Site 45 and back. Only the press pool goes in.",
            "ru": "Включая дорогу до площадки 45 и обратно. Внутрь проходит только пресс-пул.",
            "kk": "45-алаңға дейінгі және кері жолды қоса алғанда. Ішке тек пресс-пул кіреді.",
        },
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
        "starts_at": on_the_day(14, 30),
        "ends_at": on_the_day(15, 45),
        "venue": "mai-voskhod",
        "is_public": True,
        "responsible": "youth-coordinator",
        "staff_notes": {
            "en": "Questions are collected in advance by the Voskhod branch.",
            "ru": "Вопросы заранее собирает филиал «Восход».",
            "kk": "Сұрақтарды «Восход» филиалы алдын ала жинайды.",
        },
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
        "starts_at": on_the_day(16, 0),
        "ends_at": on_the_day(17, 0),
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
        "starts_at": on_the_day(18, 0),
        "ends_at": on_the_day(19, 15),
        "venue": "city-administration",
        "is_public": False,
        "responsible": "protocol-chief",
        "staff_notes": {
            "en": "Simultaneous interpretation Kazakh–Russian; name cards in both languages.",
            "ru": "Синхронный перевод казахский–русский; таблички с именами на обоих языках.",
            "kk": "Қазақша–орысша ілеспе аударма; есім тақтайшалары екі тілде.",
        },
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
        "starts_at": on_the_day(20, 0),
        "ends_at": on_the_day(22, 30),
        "venue": "square",
        "is_public": True,
        "responsible": "culture",
        "staff_notes": {
            "en": "Fireworks at 22:15, after sunset.",
            "ru": "Фейерверк в 22:15, после заката.",
            "kk": "Отшашу 22:15-те, күн батқаннан кейін.",
        },
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
        "starts_at": on_the_day(22, 45),
        "ends_at": on_the_day(23, 30),
        "venue": "airport",
        "is_public": False,
        "responsible": "transport",
    },
]

# Who takes part, by key.
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


# Hosts who lead from the lectern take no seat in the hall.
AT_THE_LECTERN = {
    ("opening", "master-of-ceremonies"),
    ("awards", "protocol-chief"),
    ("concert", "master-of-ceremonies"),
}


def participations(sample_guests):
    """(program item, person, role, order): who does what in each item, in speaking order."""
    return [
        *_roles("briefing", "protocol-chief", guests=[key for key in _STAFF_KEYS if key != "protocol-chief"]),
        *_roles(
            "arrival", None, guests=_GOVERNMENT + _ROSCOSMOS_KEYS, escorts=[*_ESCORTS, "escort-roscosmos"]
        ),
        *_roles(
            "flowers",
            "protocol-chief",
            guests=_GOVERNMENT + _COSMONAUT_KEYS + ["roscosmos-head"] + sample_guests.confirmed("veteran", 5),
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
            guests=award_recipients(sample_guests),
        ),
        *_roles(
            "reception",
            "protocol-chief",
            guests=_GOVERNMENT + _COSMONAUT_KEYS + _ROSCOSMOS_KEYS + sample_guests.confirmed("industry", 5),
        ),
        *_roles(
            "baiterek-visit", None, guests=_GOVERNMENT + _ROSCOSMOS_KEYS, escorts=["security", *_ESCORTS]
        ),
        *_roles(
            "students-cosmonauts",
            "youth-coordinator",
            speakers=_COSMONAUT_KEYS,
            guests=sample_guests.confirmed("student", 40),
        ),
        *_roles(
            "space-lessons",
            "museum-curator",
            speakers=sample_guests.confirmed("veteran", 3, skip=20)
            + sample_guests.confirmed("engineer", 2, skip=4),  # not the four on the Baiterek visit
            guests=sample_guests.confirmed("student", 25, skip=40),
        ),
        *_roles(
            "industry-meeting",
            "madiyev",
            speakers=["roscosmos-head", *sample_guests.confirmed("industry", 8)],
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
    "transport": {
        "en": "Bus convoy from the city administration",
        "ru": "Колонна автобусов от администрации города",
        "kk": "Қала әкімшілігінен автобус колоннасы",
    },
    "assembly_point": {
        "en": "Baikonur City Administration Building, main entrance, 14:15",
        "ru": "Здание администрации г. Байконур, главный вход, 14:15",
        "kk": "Байқоңыр қаласы әкімшілігінің ғимараты, бас кіреберіс, 14:15",
    },
    "notes": (
        "Phones and cameras are handed in at the Site 45 checkpoint; only the accredited press pool "
        "films. Demo data: document numbers are fake."
    ),
}


def visitors(sample_guests):
    """Who goes into the Baiterek complex, with their clearance.

    Rows are (person, clearance, document type, document number, clearance notes: "" or the notes in
    each language). The dignitaries' documents are left blank; everyone else has an obviously fake
    number.
    """
    press_pool = sample_guests.confirmed("press", 4)
    return [
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
                sample_guests.confirmed("engineer", 4)
                + sample_guests.confirmed("industry", 3)
                + press_pool[:2],
                start=7,
            )
        ],
        (
            press_pool[2],
            ClearanceStatus.PENDING,
            IdentityDocumentType.NATIONAL_ID,
            "DEMO-0016",
            {
                "en": "Waiting for the accreditation office.",
                "ru": "Ждёт решения отдела аккредитации.",
                "kk": "Аккредиттеу бөлімінің шешімін күтуде.",
            },
        ),
        (
            press_pool[3],
            ClearanceStatus.DENIED,
            IdentityDocumentType.PASSPORT,
            "DEMO-0017",
            {
                "en": "No accreditation for restricted sites.",
                "ru": "Нет аккредитации на режимные объекты.",
                "kk": "Режимдік нысандарға аккредиттеу жоқ.",
            },
        ),
    ]
