"""Batch documents as jobs: badges and itineraries of many attendees, and event-wide documents too
large to print within a request.

A batch of attendees is rendered in parts of settings.PRINT_JOB_PART_SIZE attendees, each a job of
its own (`parent` the batch), so that two workers render two parts at once. The batch's job only
splits the work and waits; each part renders its PDF and adds its attendees to the batch's count;
the part that brings the count to the total joins the parts' PDFs in order (pypdf) into the batch's
result, and their files are deleted. A batch of one part is rendered in its own job.

Page numbers ("Page 3 of 12", itineraries only: badges have no footer) count within each part: a
part renders while the others do, before anyone knows how many pages come before it.
"""

import io

import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ceremony import printing, selectors
from ceremony.models import Attendee, Event, Job
from ceremony.rules import warnings
from ceremony.services import protocol

from .runner import JobCancelled, Progress
from .services import job_start

KIND = "document"
BATCHES = ("badges", "itineraries")  # of attendees, rendered in parts
EVENT_WIDE = ("program", "run_of_show", "precedence")


def _names():
    """What each document is called in a job's title, in the active language."""
    return {
        "badges": _("Badges"),
        "itineraries": _("Itineraries"),
        "program": _("Program"),
        "run_of_show": _("Run-of-show"),
        "precedence": _("Order of precedence"),
    }


def _number(value):
    return formats.number_format(value, force_grouping=True)


def document_job_start(*, user, document, event, language, attendee_ids=None):
    """Queue the printing of `document` for `event` in `language`, and return its job.

    `document` is "badges" or "itineraries" of `attendee_ids` (in the order to print them; None:
    every attendee of the event), or one of the event-wide documents (EVENT_WIDE). Badges and
    itineraries in `language` None come each in the attendee's own language. Nothing is
    rendered here: one query for the attendees' ids at most, and the job.
    """
    if document not in (*BATCHES, *EVENT_WIDE):
        raise ValueError(f"Not a document printed as a job: {document!r}")
    parameters = {"document": document, "event": event.pk, "language": language}
    name = _names()[document]
    if document in BATCHES:
        if attendee_ids is None:
            attendee_ids = Attendee.objects.filter(event=event).order_by("pk").values_list("pk", flat=True)
        parameters["attendees"] = [int(pk) for pk in attendee_ids]
        count = len(parameters["attendees"])
        title = ngettext(
            "%(document)s, %(event)s, %(count)s attendee",
            "%(document)s, %(event)s, %(count)s attendees",
            count,
        ) % {"document": name, "event": event.name, "count": _number(count)}
        total = count
    else:
        title = _("%(document)s, %(event)s") % {"document": name, "event": event.name}
        total = 1
    # The same printout asked again (a second click, the page reloaded) while it is still being made:
    # its job, not a second one.
    same = Job.objects.filter(
        kind=KIND, parent=None, created_by=user, state__in=(Job.State.QUEUED, Job.State.RUNNING)
    )
    for job in same.only("pk", "parameters"):
        if all(job.parameters.get(key) == value for key, value in parameters.items()):
            return job
    return job_start(kind=KIND, title=title, user=user, parameters=parameters, total=total, viewers="print")


def part_size(document):
    """Attendees in a part: badges come four to a sheet, so that a part ends with a full sheet
    (no half-empty sheet in the middle of the joined PDF)."""
    size = max(1, settings.PRINT_JOB_PART_SIZE)
    return -(-size // 4) * 4 if document == "badges" else size


def document_job(job, progress):
    """The function of the "document" kind (ceremony.jobs.kinds): a batch, one of its parts, or an
    event-wide document."""
    if job.parent_id:
        _part(job, progress)
    elif job.parameters["document"] in EVENT_WIDE:
        _event_wide(job, progress)
    else:
        _batch(job, progress)


def _batch(job, progress):
    document, ids = job.parameters["document"], job.parameters["attendees"]
    if document == "badges":  # in the badges' own order, whatever order they were given in
        ids = list(
            selectors.attendees_for_badges(
                Attendee.objects.filter(pk__in=ids), job.parameters["language"]
            ).values_list("pk", flat=True)
        )
    size = part_size(document)
    if len(ids) <= size:
        pdf = _render(job, ids)
        progress.finish(
            file=ContentFile(pdf),
            file_name=_file_name(job),
            message=_done_message(job, len(ids), _pages(pdf)),
        )
        return
    # Started again (its worker died while it waited): what its parts did before is dropped.
    for old in job.parts.exclude(result_file="").only("pk", "result_file"):
        old.result_file.delete(save=False)
    job.parts.all().delete()
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
    progress(0, total=len(ids), message=_("Printing in %(count)s parts.") % {"count": _number(len(chunks))})
    progress.continue_in_parts()
    with transaction.atomic():  # all the parts or none (a worker sees them once they all exist)
        for index, chunk in enumerate(chunks, start=1):
            job_start(
                kind=KIND,
                title=f"{job.title} ({index}/{len(chunks)})",
                user=job.created_by,
                parameters={**job.parameters, "attendees": chunk, "part": index},
                total=len(chunk),
                parent=job,
            )
            # A backend that runs a task as it is queued (the tests' immediate one) has run the part
            # already: after one that failed, the next are not worth queueing.
            if not Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).exists():
                break


def _part(job, progress):
    parent_id = job.parent_id
    if not _parent_beat(parent_id):  # the batch was cancelled or failed meanwhile
        Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
            state=Job.State.CANCELLED, finished_at=timezone.now()
        )
        return
    pdf = _render(job, job.parameters["attendees"])
    count = len(job.parameters["attendees"])
    with transaction.atomic():  # the part is done and counted in its batch, or neither
        progress.finish(file=ContentFile(pdf), file_name=_file_name(job))
        counted = Job.objects.filter(pk=parent_id, state=Job.State.RUNNING).update(
            done=F("done") + count, heartbeat_at=timezone.now()
        )
        # Within this transaction the batch's row is ours (the update locked it): the part whose
        # count reaches the total is the one, and the only one, that sees it.
        parent = Job.objects.filter(pk=parent_id).values("done", "total").first()
    if not counted:
        job.result_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result_file="")
        return
    if parent["done"] >= parent["total"]:
        _join(Job.objects.get(pk=parent_id))


def _parent_beat(parent_id):
    """Raise the batch's heartbeat (its parts are its life); whether it still runs."""
    return bool(Job.objects.filter(pk=parent_id, state=Job.State.RUNNING).update(heartbeat_at=timezone.now()))


def _join(parent):
    """Every part is done: their PDFs, in order, become the batch's; the parts' files go."""
    parts = list(parent.parts.order_by("pk"))
    try:
        writer = pypdf.PdfWriter()
        for part in parts:
            with part.result_file.open("rb") as opened:
                writer.append(io.BytesIO(opened.read()))
        pages = len(writer.pages)
        joined = io.BytesIO()
        writer.write(joined)
        Progress(parent).finish(
            file=ContentFile(joined.getvalue()),
            file_name=_file_name(parent),
            message=_done_message(parent, parent.total, pages),
        )
    except JobCancelled:
        pass  # cancelled while joining: nobody wants the result
    finally:
        for part in parts:
            part.result_file.delete(save=False)
        Job.objects.filter(pk__in=[part.pk for part in parts]).update(result_file="")


def _event_wide(job, progress):
    document, language = job.parameters["document"], job.parameters["language"]
    event = Event.objects.get(pk=job.parameters["event"])
    if document == "program":
        items = selectors.program_items_for_print(event=event, public_only=True)
        made = printing.program_document(event=event, items=items, language=language)
    elif document == "run_of_show":
        items = list(selectors.program_items_for_print(event=event, public_only=False))
        with translation.override(language):
            found = warnings.event_conflicts(event=event)
        timings = selectors.show_timings(event=event, items=items)
        made = printing.run_of_show_document(
            event=event, items=items, language=language, conflicts=found, timings=timings
        )
    else:
        attendees = list(selectors.order_of_precedence(event=event))
        made = printing.precedence_document(event=event, attendees=attendees, language=language)
    pdf = printing.render_pdf(made)
    pages = _pages(pdf)
    message = _("Done: %(pages)s.") % {"pages": _pages_text(pages)}
    progress.finish(file=ContentFile(pdf), file_name=f"{made.filename}.pdf", message=message)


def _render(job, ids):
    """The PDF of the attendees `ids`, in that order (badges: already in theirs)."""
    document, language = job.parameters["document"], job.parameters["language"]
    event = Event.objects.get(pk=job.parameters["event"])
    chosen = Attendee.objects.filter(pk__in=ids)
    if document == "badges":
        attendees = list(selectors.attendees_for_badges(chosen, language))
        made = printing.badges_document(event=event, attendees=attendees, language=language)
    else:
        position = {pk: index for index, pk in enumerate(ids)}
        attendees = sorted(selectors.attendees_for_itinerary(chosen), key=lambda a: position[a.pk])
        if not attendees:
            raise ValidationError(
                _("The attendees of a part of this printout were deleted since it started.")
            )
        made = printing.itinerary_document(event=event, attendees=attendees, language=language)
    pdf = printing.render_pdf(made)
    if document == "badges":
        protocol.badges_printed(attendee_ids=ids)
    return pdf


def _file_name(job):
    """The result's name ends with its language(s), as a printout's download does; a part's (a file
    joined into its batch's, then deleted) with its number."""
    event = Event.objects.only("slug", "default_language").get(pk=job.parameters["event"])
    stem = f"{event.slug}-{job.parameters['document'].replace('_', '-')}"
    if job.parent_id:
        return f"{stem}-part-{job.parameters['part']}.pdf"
    return f"{stem}-{printing.languages_suffix(_languages(job, event))}.pdf"


def _languages(job, event):
    """The languages of a result: the one asked for, else the attendees' own (the rule of
    printing.attendee_language, asked of the database: a batch may hold thousands)."""
    if job.parameters["language"]:
        return [job.parameters["language"]]
    own = Attendee.objects.filter(pk__in=job.parameters["attendees"]).values_list(
        "person__preferred_language", "event__default_language"
    )
    return {preferred or default for preferred, default in own.distinct()} or [event.default_language]


def _pages(pdf):
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _pages_text(pages):
    return ngettext("%(count)s page", "%(count)s pages", pages) % {"count": _number(pages)}


def _done_message(job, count, pages):
    if job.parameters["document"] == "badges":
        what = ngettext("%(count)s badge", "%(count)s badges", count)
    else:
        what = ngettext("%(count)s itinerary", "%(count)s itineraries", count)
    return _("Done: %(what)s, %(pages)s.") % {
        "what": what % {"count": _number(count)},
        "pages": _pages_text(pages),
    }
