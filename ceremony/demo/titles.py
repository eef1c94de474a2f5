"""Positions and forms of address in English, Russian and Kazakh.

People's rows give their position and form of address in English; `TITLE_TRANSLATIONS` gives the
Russian and Kazakh texts, so every title is written in all three languages (Person.position_en, _ru,
_kk). Russian job titles take the masculine form whoever holds them, as on official lists. The numbered
places of students and pupils are made by `student_position` and `pupil_position`.

The two ministers' positions are the ones the article (see `ceremony.demo`) gives; their translations
and every other title are the demo's own.
"""

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


def student_position(year, female):
    """A university student's place; Russian names the student's sex, Kazakh has no gender."""
    return {
        "en": f"Student, year {year}",
        "ru": f"{'Студентка' if female else 'Студент'} {year}-го курса",
        "kk": f"{year}-курс студенті",
    }


def pupil_position(grade, female):
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
