"""Organisers' pages: staff, or the owners and admins of the series' organisation. Anything
they do not organise answers 404 (queries.*_managed_by)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import approved_member

from .. import exports, queries, services
from ..forms import AnnouncementForm, AttendanceImportForm, QuestionForm, SeriesForm, SessionForm, SpeakerForm
from ..models import Question, Registration, Series, Session, Speaker


def _form_page(
    request: HttpRequest, form, action: Callable[[], Any], *, title: str, back: str, multipart: bool = False,
    done: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """GET: the form. POST: validate, call `action()` (a service call), then `done(result)` or
    "Saved." and the result's page; field and service errors re-render the form (400)."""
    if request.method == "POST":
        if form.is_valid():
            with service_errors(form) as call:
                saved = action()
            if call.ok:
                if done is not None:
                    return done(saved)
                messages.success(request, _("Saved."))
                return redirect(saved.get_absolute_url())
        status = 400
    else:
        status = 200
    context = {"form": form, "title": title, "back": back, "multipart": multipart}
    return render(request, "events/manage/form.html", context, status=status)


@approved_member
def index(request: SignedInRequest) -> HttpResponse:
    series = queries.managed_series(request.user).prefetch_related("sessions")
    if not series.exists() and not queries.may_create_series(request.user):
        raise PermissionDenied
    return render(request, "events/manage/index.html", {"series_list": series, "may_create": queries.may_create_series(request.user)})


@approved_member
def series_create(request: SignedInRequest) -> HttpResponse:
    if not queries.may_create_series(request.user):
        raise PermissionDenied
    form = SeriesForm(request.POST or None, user=request.user)
    action = lambda: services.create_series(request.user, **form.service_kwargs())  # noqa: E731
    return _form_page(request, form, action, title=_("New series"), back=reverse("events:manage"))


@approved_member
def series_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    series = queries.series_managed_by(request.user, slug)
    form = SeriesForm(request.POST or None, instance=Series.objects.get(pk=series.pk), user=request.user)
    action = lambda: services.update_series(request.user, series, **form.service_kwargs())  # noqa: E731
    return _form_page(request, form, action, title=series.title, back=series.get_absolute_url())


def _speaker_form(request: SignedInRequest, series: Series, speaker: Speaker | None) -> HttpResponse:
    instance = Speaker.objects.get(pk=speaker.pk) if speaker else Speaker(series=series)
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=instance)

    def action() -> Series:
        services.save_speaker(request.user, series, speaker, **form.service_kwargs())
        return series

    title = speaker.name if speaker else _("New speaker")
    return _form_page(request, form, action, title=title, back=series.get_absolute_url(), multipart=True)


@approved_member
def speaker_create(request: SignedInRequest, slug: str) -> HttpResponse:
    return _speaker_form(request, queries.series_managed_by(request.user, slug), None)


@approved_member
def speaker_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.select_related("series"), pk=pk)
    if not queries.can_organise(request.user, speaker.series):
        raise Http404
    return _speaker_form(request, speaker.series, speaker)


@approved_member
def session_create(request: SignedInRequest, slug: str) -> HttpResponse:
    series = queries.series_managed_by(request.user, slug)
    form = SessionForm(request.POST or None, instance=Session(series=series), series=series)
    action = lambda: services.create_session(request.user, series, **form.service_kwargs())  # noqa: E731
    return _form_page(request, form, action, title=_("New session"), back=series.get_absolute_url())


@approved_member
def session_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    form = SessionForm(request.POST or None, instance=Session.objects.get(pk=session.pk), series=session.series)
    action = lambda: services.update_session(request.user, session, **form.service_kwargs())  # noqa: E731
    return _form_page(request, form, action, title=session.title, back=session.get_absolute_url())


@approved_member
def questions(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with service_errors(form) as call:
                services.add_question(request.user, session, **form.cleaned_data)
            if call.ok:
                messages.success(request, _("Saved."))
                return redirect("events:questions", slug=session.slug)
        status = 400
    return render(request, "events/manage/questions.html", {"session": session, "form": form, "questions": session.questions.all()}, status=status)


@require_POST
@approved_member
def question_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("session__series"), pk=pk)
    if not queries.can_organise(request.user, question.session.series):
        raise Http404
    services.delete_question(request.user, question)
    messages.success(request, _("The question was removed."))
    return redirect("events:questions", slug=question.session.slug)


ATTENDED = {"yes": True, "no": False, "": None}


@approved_member
def registrants(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    if request.method == "POST":
        marks = {}
        for key, value in request.POST.items():
            if key.startswith("attended_") and key[9:].isdigit() and value in ATTENDED:
                marks[int(key[9:])] = ATTENDED[value]
        services.mark_attendance(request.user, session, marks)
        messages.success(request, _("Attendance saved."))
        return redirect("events:registrants", slug=session.slug)
    return render(
        request,
        "events/manage/registrants.html",
        {
            "session": session,
            "registrants": queries.registrants(session),
            "questions": list(session.questions.all()),
            "import_form": AttendanceImportForm(),
            "seats_left": queries.seats_left(session),
            "Status": Registration.Status,
        },
    )


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@approved_member
def registrants_csv(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    return _download(exports.to_csv(session), "text/csv; charset=utf-8", f"{session.slug[:60]}-registrants.csv")


@approved_member
def registrants_xlsx(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    return _download(
        exports.to_xlsx(session), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{session.slug[:60]}-registrants.xlsx",
    )


@require_POST
@approved_member
def attendance_import(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    form = AttendanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file."))
        return redirect("events:registrants", slug=session.slug)
    upload = form.cleaned_data["file"]
    with service_errors(request) as call:
        if upload.size > exports.MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is too large (at most 1 MB)."))
        result = services.import_attendance(request.user, session, exports.parse_attendance(upload.read()))
    if call.ok:
        messages.success(request, _("Attendance imported: %(n)d registrations updated.") % {"n": result["updated"]})
        if result["unknown"]:
            messages.warning(
                request,
                _("Not registered for this session: %(emails)s") % {"emails": ", ".join(result["unknown"][:20])},
            )
    return redirect("events:registrants", slug=session.slug)


@approved_member
def announce(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    form = AnnouncementForm(request.POST or None)

    def done(item) -> HttpResponse:
        messages.success(request, _("The message is on its way to %(n)d people.") % {"n": item.recipients})
        return redirect("events:registrants", slug=session.slug)

    action = lambda: services.send_announcement(request.user, session, **form.cleaned_data)  # noqa: E731
    return _form_page(request, form, action, title=_("Message to the registrants"), back=session.get_absolute_url(), done=done)


@approved_member
def feedback_results(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_managed_by(request.user, slug)
    return render(request, "events/manage/feedback.html", {"session": session, "summary": queries.feedback_summary(session)})
