"""Supplier lists: the organisation's lists, upload, template, column mapping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kakehashi.core.permissions import approved_member, public

from .. import columns, queries, services
from ..forms import MappingForm, UploadForm
from ..models import ListStatus
from ..problems import FileProblem, message

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation


TEMPLATE_LANGUAGES = [("en", "English"), ("ja", "日本語"), ("hi", "हिन्दी")]


def _index(request: HttpRequest, form: UploadForm, organisations: QuerySet[Organisation], status: int = 200) -> HttpResponse:
    return render(request, "supplychain/index.html", {
        "lists": queries.latest_versions(request.user), "form": form, "can_upload": organisations.exists(),
        "template_languages": TEMPLATE_LANGUAGES, "columns": columns.COLUMNS,
    }, status=status)


@approved_member
def index(request: HttpRequest) -> HttpResponse:
    organisations = queries.upload_organisations(request.user)
    return _index(request, UploadForm(organisations=organisations), organisations)


@approved_member
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    organisations = queries.upload_organisations(request.user)
    form = UploadForm(request.POST, request.FILES, organisations=organisations)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > services.max_bytes():
            form.add_error("file", message(services.too_large().as_dict()))
        else:
            try:
                supplier_list = services.upload_list(  # the file object itself: never read whole into memory here
                    request.user, form.cleaned_data["organisation"], form.cleaned_data["name"], uploaded.name or "", uploaded,
                )
            except services.UploadRefused as refused:
                form.add_error("file", message(refused.problem.as_dict()))
            else:
                if supplier_list.status == ListStatus.MAPPING:
                    return redirect("supplychain:mapping", pk=supplier_list.pk)
                return redirect("supplychain:detail", pk=supplier_list.pk)
    return _index(request, form, organisations, status=400)


@public
def template(request: HttpRequest, language: str) -> HttpResponse:
    if language not in columns.TEMPLATE_LANGUAGES:
        raise Http404
    response = HttpResponse(columns.template_csv(language), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="supplier-list-template-{language}.csv"'
    return response


@approved_member
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    supplier_list = queries.list_for(request.user, pk)
    if not queries.can_upload_for(request.user, supplier_list.organisation_id):
        raise Http404
    if supplier_list.status not in (ListStatus.MAPPING, ListStatus.FAILED):
        return redirect("supplychain:detail", pk=supplier_list.pk)
    headers = services.file_headers(supplier_list)
    form = MappingForm(request.POST or None, headers=headers, initial_mapping=supplier_list.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_mapping(request.user, supplier_list, form.mapping())
        except FileProblem as problem:
            form.add_error(None, message(problem.as_dict()))
        else:
            messages.success(request, _("Columns confirmed; the file is being imported."))
            return redirect("supplychain:detail", pk=supplier_list.pk)
    return render(request, "supplychain/mapping.html", {"list": supplier_list, "form": form, "headers": headers},
                  status=400 if request.method == "POST" else 200)
