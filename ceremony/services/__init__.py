"""Writes that touch several records, one module per workflow: `protocol` (RSVP, speaking order),
`seating`, `banquets` (guests at tables), `merging` (duplicates of the address book) and
`participation` (many attendees added to a program item at once). Guest-list imports have their
own package (`ceremony.guest_lists`), awards their own app.

Functions are keyword-only and named <thing>_<verb>; each runs in one transaction.
"""
