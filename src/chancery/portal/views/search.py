"""Search on the portal: /<lang>/search/?q=...&section=...&page=N (GET only)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from chancery.portal import published
from chancery.portal import search as portal_search_module
from chancery.portal import site as portal_site


@require_safe
def portal_search(request: HttpRequest) -> HttpResponse:
    """Search the visible pages of the URL's language, optionally in one section (``?section=``,
    an unknown one is ignored), 20 results a page. Anyone may search; the page uses neither the
    session nor a CSRF token, so it can be cached for everyone."""
    language = published.current_language()
    query = portal_search_module.normalise(request.GET.get("q", ""))
    try:
        home = portal_site.home(language)
    except ObjectDoesNotExist:  # a portal without this language's skeleton
        raise Http404 from None
    section_pages = portal_search_module.sections(home)
    section_key = request.GET.get("section", "")
    if section_key not in section_pages:
        section_key = ""
    context: dict[str, object] = {
        "page": home,  # the layout's navigation and language links
        "query": query,
        "section": section_key,
        "sections": [(key, page.title) for key, page in section_pages.items()],
        "results": None,
        "hits": [],
    }
    if query:
        results = portal_search_module.paginate(
            portal_search_module.search(query, language, section_pages.get(section_key)),
            request.GET.get("page"),
        )
        context["results"] = results
        context["hits"] = portal_search_module.hits(results, section_pages, request)
    return TemplateResponse(request, "portal/search.html", context)
