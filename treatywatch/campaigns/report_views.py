"""A campaign's action reports: the list a reader may read (filtered, downloaded), a report's page, and the phone
form members report with and correct (the campaign's dashboard is `treatywatch.web.campaign_dashboard`).

Every report is read through `visible_to`: a report the reader may not read does not exist for them (404), and is
never counted. Anonymous readers' pages (public reports only) are shared from the page cache; a signed-in reader's
are rendered for that reader alone. Every write goes through the actions, with who made it and why."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from treatywatch.campaigns.models import ActionReport, Campaign, ReportKind
from treatywatch.campaigns.report_actions import ReportInput, do_save_report, may_report_for
from treatywatch.campaigns.report_forms import ReportForm
from treatywatch.campaigns.report_queries import (
    PAGE_COLUMNS,
    REPORT,
    CountedPaginator,
    ReportFilters,
    counted,
    get_campaign,
    parse_report_filters,
    reports_for,
)
from treatywatch.lib.actions import ActionError
from treatywatch.lib.dates import as_of, as_of_context
from treatywatch.lib.errors import BadParameter, answers_user_errors
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import public_page
from treatywatch.organisations.models import Organisation, Role
from treatywatch.organisations.visibility import organisations_of
from treatywatch.registry.models import State

PER_PAGE = 50
FILTER_PARAMETERS = ("state", "ask", "kind")
# The reason kept in the history when a report is first entered from the form.
REPORTED = "reported from the campaign's report form"


def chosen_filters(request: HttpRequest, campaign: Campaign) -> ReportFilters:
    """The filters of the page's form: a field left empty does not filter (the form sends every field)."""
    given = {name: request.GET.get(name, "").strip() or None for name in FILTER_PARAMETERS}
    return parse_report_filters(campaign, **given)


def filter_query(request: HttpRequest) -> str:
    """The request's filters and day as a query string, for the downloads and the other pages of the list."""
    kept = QueryDict(mutable=True)
    for name in (*FILTER_PARAMETERS, "as_of"):
        if value := request.GET.get(name, "").strip():
            kept[name] = value
    return kept.urlencode()


def _page(request: HttpRequest, found: QuerySet[ActionReport], count: int | None) -> Page[ActionReport]:
    raw = request.GET.get("page", "1")
    try:
        return CountedPaginator(found, PER_PAGE, count).page(raw)
    except InvalidPage:
        raise BadParameter(f"page: {raw!r} is not a page of this list") from None


def may_report(request: HttpRequest) -> bool:
    return request.user.is_authenticated and organisations_of(request.user, Role.EDITOR).exists()


@public_page
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign(slug)
    day = as_of(request)
    filters = chosen_filters(request, campaign)
    found = reports_for(request.user, campaign, filters).filter(date__lte=day)
    page = _page(request, found, counted(request.user, campaign, filters, day))
    context: dict[str, Any] = {
        **as_of_context(request, day),
        "campaign": campaign,
        "page": page,
        "count": page.paginator.count,
        "columns": PAGE_COLUMNS,
        "query": filter_query(request),
        "filters": {name: request.GET.get(name, "").strip() for name in FILTER_PARAMETERS},
        "state_choices": sorted(State.objects.all(), key=lambda s: s.sort_key),
        "ask_choices": campaign.asks.all(),
        "kind_choices": ReportKind.choices,
        "may_report": may_report(request),
    }
    return render(request, "campaigns/reports.html", context)


@public_page
def report_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    require_format(fmt)
    campaign = get_campaign(slug)
    day = as_of(request)
    found = reports_for(request.user, campaign, chosen_filters(request, campaign)).filter(date__lte=day)
    meta: dict[str, str | None] = {"campaign": campaign.slug, "as_of": day.isoformat()}
    meta |= {name: request.GET.get(name, "").strip() or None for name in FILTER_PARAMETERS}
    cells = [REPORT.cells(report) for report in found]
    return render_export(fmt, cells, meta, f"{campaign.slug}-reports", REPORT.columns(), items="reports")


def _readable(request: HttpRequest, campaign: Campaign, pk: int) -> ActionReport:
    """The report, if the reader may read it; otherwise it does not exist for them."""
    found = (
        ActionReport.objects.visible_to(request.user)
        .filter(campaign=campaign, pk=pk)
        .select_related("ask", "state", "owner")
        .first()
    )
    if found is None:
        raise Http404(_("There is no such report."))
    return found


@public_page
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = get_campaign(slug)
    report = _readable(request, campaign, pk)
    context = {
        "campaign": campaign,
        "report": report,
        "may_edit": request.user.is_authenticated and may_report_for(request.user, report.owner),
    }
    return render(request, "campaigns/report.html", context)


def _report_input(form: ReportForm) -> ReportInput:
    data = form.cleaned_data
    names = ("owner", "kind", "date", "ask", "state", "target", "link", "note", "visibility")
    return ReportInput(**{name: data[name] for name in names})


def _save(request: HttpRequest, form: ReportForm, campaign: Campaign, existing: ActionReport | None) -> bool:
    data = form.cleaned_data
    try:
        do_save_report(
            campaign,
            existing,
            _report_input(form),
            actor=request.user,
            reason=data.get("reason") or REPORTED,
            expected_version=data.get("version"),
        )
    except ActionError as error:
        form.refuse(error)
        return False
    return True


def _form_page(request: HttpRequest, form: ReportForm, campaign: Campaign, report: ActionReport | None) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "campaign": campaign, "report": report}
    return render(request, "campaigns/report_form.html", context, status=status)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"message": message}, status=403)


def _owners(request: HttpRequest) -> QuerySet[Organisation]:
    return organisations_of(request.user, Role.EDITOR).select_related("state").order_by("name")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_user_errors
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign(slug)
    owners = _owners(request)
    first = owners.first()
    if first is None:
        return _refused(request, _("Only the editors of a member organisation can report what it did."))
    if request.method == "POST":
        form = ReportForm(request.POST, campaign=campaign, owners=owners)
        if form.is_valid() and _save(request, form, campaign, None):
            messages.success(request, _("Thank you: your report is saved."))
            return redirect("campaign-reports:reports", slug=campaign.slug)
    else:
        # Today, in the member's country: most reports need only what was done and whom it approached.
        initial = {"owner": first, "state": first.state, "date": timezone.localdate()}
        form = ReportForm(campaign=campaign, owners=owners, initial=initial)
    return _form_page(request, form, campaign, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_user_errors
def report_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = get_campaign(slug)
    report = _readable(request, campaign, pk)
    if not may_report_for(request.user, report.owner):
        return _refused(request, _("Only the editors of the organisation that made this report can change it."))
    owners = _owners(request)
    if request.method == "POST":
        form = ReportForm(request.POST, campaign=campaign, owners=owners, correcting=report)
        if form.is_valid() and _save(request, form, campaign, report):
            messages.success(request, _("The report is saved."))
            return redirect("campaign-reports:report", slug=campaign.slug, pk=report.pk)
    else:
        names = ("owner", "kind", "date", "ask", "state", "target", "link", "note", "visibility", "version")
        initial = {name: getattr(report, name) for name in names}
        form = ReportForm(campaign=campaign, owners=owners, correcting=report, initial=initial)
    return _form_page(request, form, campaign, report)
