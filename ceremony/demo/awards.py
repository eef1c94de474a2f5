"""The awards and the veterans' award ceremony.

Source: the article (see `ceremony.demo`) says space-industry veterans received honorary awards and
commemorative distinctions. Which awards, their issuing authorities, who receives which, who presents
it, the citations and the order numbers are plausible illustrations; the recipients are sample guests.
"""

from awards.enums import AwardKind, PresentationStatus

from .guests import SERVICE_PLACES

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


def award_recipients(sample_guests):
    """Keys of the recipients, in calling order: confirmed veterans only, so every chair is filled."""
    return sample_guests.confirmed("veteran", len(_AWARD_PLAN))


def award_presentations(sample_guests):
    """One presentation per recipient, numbered in calling order, with its citation and order number."""
    guests_by_key = {row["key"]: row for row in sample_guests}
    return [
        {
            "ceremony": "awards",
            "order": order,
            "award": award,
            "recipient": recipient,
            "presenter": presenter,
            "citation": _citation(guests_by_key[recipient]),
            "decree_number": {
                "en": f"Order No. 70-2025/{order + 10:03d}",
                "ru": f"Приказ № 70-2025/{order + 10:03d}",
                "kk": f"№ 70-2025/{order + 10:03d} бұйрық",
            },
            "status": PresentationStatus.APPROVED,
        }
        for order, (recipient, (award, presenter)) in enumerate(
            zip(award_recipients(sample_guests), _AWARD_PLAN, strict=True), 1
        )
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
