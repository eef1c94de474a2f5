"""The tables of the official reception's hall.

Source: none; the article does not describe the reception. A plausible layout of a hall for about a
hundred guests: a long head table of 12 (the host's, table 1) and ten round tables of 10.
"""

from ceremony.enums import TableShape

# The venue (by its key in `event.VENUES`) and its tables.
BANQUET_TABLES = {
    "city-administration": [
        {
            "number": 1,
            "name": {"en": "Head table", "ru": "Главный стол", "kk": "Төр үстел"},
            "shape": TableShape.LONG,
            "seats": 12,
        },
        *(
            {"number": number, "name": None, "shape": TableShape.ROUND, "seats": 10}
            for number in range(2, 12)
        ),
    ],
}
