"""Each kind of job and the function that does it, `function(job, progress)`.

A job function keeps what it writes to the database in one transaction (the services it calls are
atomic), so that a job that fails leaves nothing half-written; its progress is written outside it,
to be seen while it runs.

Dotted paths, imported when a job runs: the functions start jobs of their own (a document in parts),
and a map of imported functions would make this module and theirs import each other.
"""

KINDS = {
    "document": "ceremony.jobs.documents.document_job",  # badges, itineraries, event-wide documents
    "guest_import_check": "ceremony.jobs.guest_lists.guest_import_check",
    "guest_import_confirm": "ceremony.jobs.guest_lists.guest_import_confirm",
    "guest_import_undo": "ceremony.jobs.guest_lists.guest_import_undo",
    "guest_list_export": "ceremony.jobs.guest_lists.guest_list_export_job",
    "outbox_send": "ceremony.jobs.outbox.outbox_send_job",  # the email outbox
    "invitation_reminders": "ceremony.jobs.reminders_due.reminders_job",  # reminders before the deadline
}
