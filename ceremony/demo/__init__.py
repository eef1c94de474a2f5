"""Demo data: the 70th anniversary of the city of Baikonur, 2 June 2025.

Source: the article "Baikonur Turns 70: From the First Satellite to the Next Generation of Technologies"
(4 June 2025). It names the dignitaries, the two video addresses, the cosmonauts and the kinds of events
(a visit to the Baiterek complex, award ceremonies, meetings with space-sector organizations, youth and
educational programs), but gives no times and no venues. Everything else here is a plausible
illustration: times, venues, staff, awards, citations, order numbers and the whole guest list, whose
people are fictional.

By subject, each module saying which of its facts come from the article:

- `event`: the event, its day and its venues;
- `titles`: positions and forms of address in English, Russian and Kazakh;
- `people`: organizations, delegations and the named people (staff, dignitaries, cosmonauts, Roscosmos);
- `guests`: `sample_guests()`, the few hundred fictional guests, the same on every call;
- `program`: the program items, who does what in each, the video addresses, the Baiterek visit;
- `awards`: the awards and the presentations at the veterans' ceremony;
- `loader`: `demo_program_load()`, which writes all of it, idempotently.

Records refer to each other by `key`; the loader resolves the keys. Importing these modules only
defines data: the sample guests are made when the loader asks for them.
"""
