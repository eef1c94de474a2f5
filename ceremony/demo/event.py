"""The event itself: the day, the city, the venues.

Source: the article (see `ceremony.demo`) gives the date, 2 June 2025, the city and what the day
held (the description sums it up), and names the Baiterek space rocket complex among the places
visited. It gives no times and no venues for the individual events: the other venues, and every
address and capacity, are plausible illustrations.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ceremony.enums import RowLabels, SeatNumbering, VenueKind

ALMATY = ZoneInfo("Asia/Almaty")


def on_the_day(hour, minute=0):
    """A time on the day of the celebration, on the clock of the event."""
    return datetime(2025, 6, 2, hour, minute, tzinfo=ALMATY)


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
    "rsvp_contact": {
        "en": "Protocol office, protocol@example.kz",
        "ru": "Протокольная служба, protocol@example.kz",
        "kk": "Хаттама қызметі, protocol@example.kz",
    },
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
        # The guests' stand facing the stage: the centre block for dignitaries, then left and right.
        "sections": [
            {
                "name": {"en": "Stand, centre", "ru": "Трибуна, центр", "kk": "Трибуна, орталық"},
                "rows": 6,
                "seats_per_row": 20,
                "row_labels": RowLabels.NUMBERS,
                "seat_numbering": SeatNumbering.LEFT_TO_RIGHT,
                "blocked_seats": "",
                "reserved_seats": "",
            },
            {
                "name": {"en": "Stand, left", "ru": "Трибуна, левая", "kk": "Трибуна, сол жақ"},
                "rows": 6,
                "seats_per_row": 20,
                "row_labels": RowLabels.NUMBERS,
                "seat_numbering": SeatNumbering.LEFT_TO_RIGHT,
                "blocked_seats": "",
                "reserved_seats": "",
            },
            {
                "name": {"en": "Stand, right", "ru": "Трибуна, правая", "kk": "Трибуна, оң жақ"},
                "rows": 6,
                "seats_per_row": 20,
                "row_labels": RowLabels.NUMBERS,
                "seat_numbering": SeatNumbering.LEFT_TO_RIGHT,
                "blocked_seats": "",
                "reserved_seats": "",
            },
        ],
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
        "sections": [
            {
                "name": {"en": "Stalls", "ru": "Партер", "kk": "Партер"},
                "rows": 20,
                "seats_per_row": 30,
                "row_labels": RowLabels.NUMBERS,
                "seat_numbering": SeatNumbering.LEFT_TO_RIGHT,
                # The sound and light desk stands in the middle of row 14; row 1's ends are kept for
                # the security officers.
                "blocked_seats": "14/13-18",
                "reserved_seats": "1/1-2, 1/29-30",
            },
            {
                "name": {"en": "Balcony", "ru": "Балкон", "kk": "Балкон"},
                "rows": 8,
                "seats_per_row": 24,
                "row_labels": RowLabels.NUMBERS,
                "seat_numbering": SeatNumbering.ODD_EVEN,
                "blocked_seats": "",
                "reserved_seats": "",
            },
        ],
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
    _venue.setdefault("sections", [])

# The invitation and reminder emails, in each language: {placeholders} filled for each guest
# (ceremony.services.invitation_texts).
INVITATION_TEXTS = {
    "invitation": {
        "en": (
            "Invitation: {event}",
            "{form_of_address} {name},\n\n"
            "The Akim of Baikonur has the honour to invite you to the celebrations of {event}, {dates}, "
            "in {venue}.\n\nPlease let us know by {deadline} whether you will attend, on your personal "
            "page:\n{link}\n\nThe link is yours alone: please do not pass it on.\n\n"
            "Questions: {contact}",
        ),
        "ru": (
            "Приглашение: {event}",
            "{form_of_address} {name}!\n\n"
            "Аким города Байконыр имеет честь пригласить вас на торжества по случаю события «{event}», "
            "{dates}, {venue}.\n\nПросим сообщить до {deadline}, сможете ли вы присутствовать, на вашей "
            "личной странице:\n{link}\n\nСсылка предназначена только для вас.\n\nВопросы: {contact}",
        ),
        "kk": (
            "Шақыру: {event}",
            "{form_of_address} {name}!\n\n"
            "Байқоңыр қаласының әкімі сізді «{event}» мерекесіне шақырады, {dates}, {venue}.\n\n"
            "Қатысатыныңызды {deadline} дейін жеке бетіңізде хабарлауыңызды сұраймыз:\n{link}\n\n"
            "Сілтеме тек сізге арналған.\n\nСұрақтар: {contact}",
        ),
    },
    "reminder": {
        "en": (
            "Reminder: {event}",
            "{form_of_address} {name},\n\nWe have not yet received your answer to our invitation to "
            "{event}, {dates}. Please answer by {deadline}:\n{link}\n\n"
            "This link replaces the one sent before.\n\nQuestions: {contact}",
        ),
        "ru": (
            "Напоминание: {event}",
            "{form_of_address} {name}!\n\nМы ещё не получили вашего ответа на приглашение «{event}», "
            "{dates}. Просим ответить до {deadline}:\n{link}\n\n"
            "Эта ссылка заменяет отправленную ранее.\n\nВопросы: {contact}",
        ),
        "kk": (
            "Еске салу: {event}",
            "{form_of_address} {name}!\n\n«{event}» шақыруына жауабыңызды әлі алмадық, {dates}. "
            "{deadline} дейін жауап беруіңізді сұраймыз:\n{link}\n\n"
            "Бұл сілтеме бұрын жіберілгенін алмастырады.\n\nСұрақтар: {contact}",
        ),
    },
}
