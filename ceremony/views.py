"""Printable documents at stable addresses: the HTML page a browser prints, or the PDF.

Every view needs a logged-in staff user with the print permission; the visit manifest also needs the
permission to see identity documents. Anonymous visitors are sent to the login page.

`?lang=` chooses the language of any of them (an unknown one answers 404); without it, event-wide
documents are in the event's language, itineraries and badges in each attendee's own.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views import i18n
from django.views.decorators.http import require_POST

from awards.selectors import presentations_for_script

from . import printing, selectors
from .core import languages, storage
from .core.request_log import client_ip
from .core.throttle import FailureCounter
from .enums import AnswerChannel, ProgramItemKind, RsvpStatus
from .guest_forms import RsvpForm
from .jobs.documents import document_job_start
from .languages import event_fallbacks, missing_in_document
from .models import Attendee, Event, FacilityVisit, ProgramItem
from .permissions import may_print, may_print_manifests
from .rules import warnings
from .services import invitations, protocol
from .services.preferences import admin_language_set

LANGUAGES = {code for code, _name in settings.LANGUAGES}
LANGUAGE_ORDER = [code for code, _name in settings.LANGUAGES]
# Longer than any token made (43 characters): not looked up, answered as any unknown one.
TOKEN_MAX_LENGTH = 100


def staff_view(view):
    """For logged-in staff only: anonymous visitors are sent to log in, anyone else is refused.

    Such a view only reads (a printout can take seconds), so it need not hold a transaction open.
    """

    @transaction.non_atomic_requests
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def print_view(may=may_print):
    """A printout, for staff whom `may` (a check of `ceremony.permissions`) allows to print it."""

    def decorator(view):
        @staff_view
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may(request.user):
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = printing.CACHE_CONTROL
            return response

        return wrapped

    return decorator


def language_asked(request):
    """The language `?lang=` asks for, or None when it asks for none; an unknown one answers 404."""
    language = request.GET.get("lang")
    if not language:
        return None
    if language not in LANGUAGES:
        raise Http404("Unknown language")
    return language


def language_of(request, event):
    """An event-wide document's language: the one asked for, else the event's."""
    return language_asked(request) or event.default_language


def too_long_for_a_request(rows):
    """Whether the PDF of a document of `rows` (items, attendees) is made by a job: its page for the
    browser (HTML, no WeasyPrint) is quick at any size and stays within the request."""
    return rows.count() > settings.PRINT_DIRECT_ITEMS


def printed_as_job(request, document, event, language, **attendees):
    """A printout too large for a request: its job starts, and its page follows it."""
    job = document_job_start(
        user=request.user, document=document, event=event, language=language, **attendees
    )
    return redirect("admin:ceremony_job_change", job.pk)


def respond(request, document, output):
    if output == "pdf":
        return printing.pdf_response(document, disposition="inline")
    # The page's inline stylesheet carries the nonce the content security policy allows. The page (not
    # the PDF) lists the texts this document prints in a language they are not written in.
    missing = missing_in_document(document)
    return HttpResponse(
        printing.render_html(document, csp_nonce=str(request.csp_nonce), missing_translations=missing)
    )


@print_view()
def program(request, slug, output):
    event = get_object_or_404(Event, slug=slug)
    if output == "pdf" and too_long_for_a_request(ProgramItem.objects.filter(event=event, is_public=True)):
        return printed_as_job(request, "program", event, language_of(request, event))
    items = selectors.program_items_for_print(event=event, public_only=True)
    return respond(
        request,
        printing.program_document(event=event, items=items, language=language_of(request, event)),
        output,
    )


@print_view()
def program_calendar(request, slug):
    event = get_object_or_404(Event, slug=slug)
    items = selectors.program_items_for_print(event=event, public_only=True)
    language = language_of(request, event)
    response = HttpResponse(
        printing.program_calendar(event=event, items=items, language=language),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, printing.program_calendar_file_name(event=event, language=language)
    )
    return response


@print_view()
def precedence(request, slug, output):
    event = get_object_or_404(Event, slug=slug)
    if output == "pdf" and too_long_for_a_request(selectors.order_of_precedence(event=event)):
        return printed_as_job(request, "precedence", event, language_of(request, event))
    attendees = list(selectors.order_of_precedence(event=event))
    return respond(
        request,
        printing.precedence_document(event=event, attendees=attendees, language=language_of(request, event)),
        output,
    )


@print_view()
def run_of_show(request, slug, output):
    event = get_object_or_404(Event, slug=slug)
    if output == "pdf" and too_long_for_a_request(ProgramItem.objects.filter(event=event)):
        return printed_as_job(request, "run_of_show", event, language_of(request, event))
    items = list(selectors.program_items_for_print(event=event, public_only=False))
    language = language_of(request, event)
    with translation.override(language):
        found = warnings.event_conflicts(event=event)
    timings = selectors.show_timings(event=event, items=items)
    return respond(
        request,
        printing.run_of_show_document(
            event=event, items=items, language=language, conflicts=found, timings=timings
        ),
        output,
    )


@print_view()
def itinerary(request, pk, output):
    """In the language asked for, else in the attendee's own."""
    language = language_asked(request)
    attendees = list(selectors.attendees_for_itinerary(Attendee.objects.filter(pk=pk)))
    if not attendees:
        raise Http404("No such attendee")
    return respond(
        request,
        printing.itinerary_document(event=attendees[0].event, attendees=attendees, language=language),
        output,
    )


@print_view(may_print_manifests)
def manifest(request, pk, output):
    visit = get_object_or_404(
        FacilityVisit.objects.select_related(
            "program_item__event", "program_item__venue", "facility", "escort__person"
        ),
        pk=pk,
    )
    event = visit.program_item.event
    language = language_of(request, event)
    document = printing.manifest_document(
        visit=visit, visitors=list(selectors.visitors_for_manifest(visit, language)), language=language
    )
    return respond(request, document, output)


@print_view()
def seating(request, pk, output):
    # The venue's sections once, for the check and the chart.
    items = ProgramItem.objects.select_related("event", "venue").prefetch_related("venue__sections")
    item = get_object_or_404(items, pk=pk)
    if item.venue is None or not item.venue.has_seating:
        raise Http404("This program item's venue has no seating layout")
    document = printing.seating_document(
        program_item=item,
        seats=list(selectors.seats_for_chart(item)),
        language=language_of(request, item.event),
    )
    return respond(request, document, output)


@print_view()
def award_script(request, pk, output):
    ceremony = get_object_or_404(
        ProgramItem.objects.select_related("event", "venue"), pk=pk, kind=ProgramItemKind.AWARD_CEREMONY
    )
    document = printing.award_script_document(
        ceremony=ceremony,
        presentations=list(presentations_for_script(ceremony)),
        language=language_of(request, ceremony.event),
    )
    return respond(request, document, output)


@print_view()
def badges(request, slug, output):
    """All the event's attendees' badges, or those of `?attendees=`: in the language asked for, else
    each in the attendee's own."""
    event = get_object_or_404(Event, slug=slug)
    # All the event's attendees but those who declined: nobody prints a badge for a guest not coming.
    attendees = Attendee.objects.filter(event=event).exclude(rsvp_status=RsvpStatus.DECLINED)
    if request.GET.get("attendees"):
        try:
            pks = [int(pk) for pk in request.GET["attendees"].split(",") if pk.strip()]
        except ValueError:
            raise Http404("Attendees are given as ids separated by commas") from None
        if any(not 0 < pk < 2**63 for pk in pks):
            raise Http404("No such attendee")
        attendees = Attendee.objects.filter(event=event, pk__in=pks)  # those chosen, as chosen
    language = language_asked(request)
    ids = list(attendees.values_list("pk", flat=True))
    if len(ids) > settings.PRINT_DIRECT_ATTENDEES:
        return printed_as_job(request, "badges", event, language, attendee_ids=ids)
    attendees = list(selectors.attendees_for_badges(attendees, language))
    response = respond(
        request,
        printing.badges_document(event=event, attendees=attendees, language=language),
        output,
    )
    if output == "pdf":
        protocol.badges_printed(attendee_ids=ids)
    return response


@print_view()
def catering(request, slug, output):
    """The guests with dietary needs at the program's meals (receptions and banquets)."""
    event = get_object_or_404(Event, slug=slug)
    items = selectors.program_items_with_needs(event=event, need="dietary_needs", meals_only=True)
    return respond(
        request,
        printing.catering_document(event=event, items=items, language=language_of(request, event)),
        output,
    )


@print_view()
def accessibility(request, slug, output):
    """The guests with accessibility needs, by venue, entrance and item."""
    event = get_object_or_404(Event, slug=slug)
    items = selectors.program_items_with_needs(event=event, need="accessibility_needs")
    document = printing.accessibility_document(
        event=event,
        items=items,
        entrances=selectors.entrances_of(event),
        language=language_of(request, event),
    )
    return respond(request, document, output)


@transaction.non_atomic_requests
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@staff_view
def private_file(request, name):
    """An uploaded file (a video address, an imported list) for staff who may view its record."""
    found = storage.record_and_private_file(name)
    if found is None:
        raise Http404("No such file")
    record, field_file = found
    try:
        model_admin = admin.site.get_model_admin(type(record))
    except admin.sites.NotRegistered:
        raise PermissionDenied from None
    # The admin's own rule (view or change permission), as for the page that links to the file, or
    # its stricter rule for the file where it has one (a guest list with identity documents).
    may_download = getattr(model_admin, "has_download_permission", model_admin.has_view_permission)
    if not may_download(request, record):
        raise PermissionDenied
    if settings.PRIVATE_FILES_REDIRECT:
        signed = field_file.storage.signed_url(field_file.name, Path(name).name)
        if signed:
            response = HttpResponseRedirect(signed)
            response["Cache-Control"] = "private, no-store"
            return response
    try:
        opened = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    response = FileResponse(opened, as_attachment=True, filename=Path(name).name)
    response["Cache-Control"] = "private, no-store"
    return response


def favicon(request):
    # Browsers ask every site for /favicon.ico; answering saves a 404 line in the log per page.
    return HttpResponsePermanentRedirect(static("ceremony/favicon.svg"))


@require_POST
def language_set(request):
    """Django's set_language (it sets the language cookie and goes back to the page), and for a
    logged-in user the choice kept on the user too, for every browser they log in from."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in LANGUAGES:
        admin_language_set(user=request.user, language=language)
        languages.language_remember(request, language)
    return response


# ---------------------------------------------------------------------------------------------------
# Banquets


def _banquet(pk):
    return get_object_or_404(ProgramItem.objects.select_related("event", "venue"), pk=pk)


@print_view()
def table_plan(request, pk, output):
    item = _banquet(pk)
    document = printing.table_plan_document(
        program_item=item, tables=selectors.tables_for_plan(item), language=language_of(request, item.event)
    )
    return respond(request, document, output)


@print_view()
def place_cards(request, pk, output):
    """In the language asked for, else each guest's card in the guest's own."""
    item = _banquet(pk)
    document = printing.place_cards_document(
        program_item=item, tables=selectors.tables_for_plan(item), language=language_asked(request)
    )
    return respond(request, document, output)


@print_view()
def table_cards(request, pk, output):
    item = _banquet(pk)
    document = printing.table_cards_document(
        program_item=item, tables=selectors.tables_for_cards(item), language=language_of(request, item.event)
    )
    return respond(request, document, output)


# ---------------------------------------------------------------------------------------------------
# A guest's personal RSVP page: no login, the token in the address is the key.


def rsvp_failures():
    return FailureCounter(
        "rsvp",
        limit=settings.RSVP_FAILURE_LIMIT,
        window_seconds=settings.RSVP_FAILURE_WINDOW_MINUTES * 60,
    )


def rsvp_language(request, attendee):
    """The language `?lang=` asks for, else the guest's own, else the event's."""
    asked = request.GET.get("lang")
    if asked in LANGUAGES:
        return asked
    return attendee.person.preferred_language or attendee.event.default_language


def rsvp(request, token):
    """The guest's answer to their invitation. An unknown, replaced or expired token gets the same
    404 (one query by the token's hash, whichever it is); too many from one address, 429."""
    address = client_ip(request)
    failures = rsvp_failures()
    if failures.exceeded(address):
        response = render(request, "rsvp/too_many.html", status=429)
        response["Retry-After"] = str(failures.window_seconds)
        return response
    invitation = invitations.invitation_for_token(token) if len(token) <= TOKEN_MAX_LENGTH else None
    if invitation is None:
        failures.failed(address)
        raise Http404("No such invitation")
    invitations.invitation_opened(invitation=invitation)
    attendee = invitation.attendee
    language = rsvp_language(request, attendee)
    # Whom to contact reads in the guest's language, or in the event's fallback order.
    with translation.override(language), event_fallbacks(attendee.event):
        response = _rsvp_page(request, attendee, language)
    response["Content-Language"] = language
    response["Cache-Control"] = "private, no-store"  # the guest's own data, on a shared computer too
    return response


def _rsvp_page(request, attendee, language):
    event = attendee.event
    visitors = list(invitations.restricted_visits(attendee).select_related("visit__program_item"))
    is_open = invitations.answers_open(event)
    form_arguments = {
        "attendee": attendee,
        "identity": bool(visitors),
        "document_on_file": any(visitor.document_number for visitor in visitors),
    }
    form = None
    if is_open:
        form = RsvpForm(request.POST if request.method == "POST" else None, **form_arguments)
        if request.method == "POST" and form.is_valid():
            invitations.attendee_answer(
                attendee=attendee,
                answer=form.cleaned_data["answer"],
                channel=AnswerChannel.WEB,
                details=form.details(),
                identity_document=form.identity_document(),
            )
            messages.success(request, gettext("Thank you: your answer is saved."))
            return redirect(f"{request.path}?lang={language}")
    other_languages = [
        (code, translation.get_language_info(code)["name_local"])
        for code in LANGUAGE_ORDER
        if code != language
    ]
    return render(
        request,
        "rsvp/page.html",
        {
            "attendee": attendee,
            "event": event,
            "guest_name": attendee.person.name_in(language),
            "form": form,
            "answers_open": is_open,
            "visits": visitors,
            "visit_titles": ", ".join(visitor.visit.program_item.title for visitor in visitors),
            "deadline": event.localtime(event.reply_deadline),
            "other_languages": other_languages,
            "arrival": event.localtime(attendee.arrival),
        },
    )
