"""Wagtail's PostgreSQL search backend, with each page's words indexed in its own language.

Wagtail indexes every object in one text search configuration. Here a page is indexed in the
configuration of its locale's language (``LANGUAGE_CONFIGS``, by default ``chancery_vi``:
unaccented words, ``chancery_en`` and ``chancery_fr``: unaccented Snowball stems, all three made
by core's migrations), so that "diplomat" finds "diplomats" and "négociation" finds
"négociations" in the English and French portals, while Vietnamese, whose words do not inflect,
is matched word for word. An object without a locale (a snippet, an image) is indexed in
``SEARCH_CONFIG``.

A query is read in every configuration of ``LANGUAGE_CONFIGS`` at once (the ``OR`` of the three
parses), so one search finds a page in whichever language its words were indexed: the portal's
search, which keeps to the pages of one language, and the admin's, which does not. The
autocomplete index keeps Wagtail's ``simple`` configuration (prefixes are not stemmed).

Settings::

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "chancery.portal.search_backend",
        "SEARCH_CONFIG": "chancery_vi",
        "LANGUAGE_CONFIGS": {"vi": "chancery_vi", "en": "chancery_en", "fr": "chancery_fr"},
    }}

Changing them needs ``chancery update_index`` to index every page again.
"""

from __future__ import annotations

import copy
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class Configs(tuple[str, ...]):
    """The configurations a query is read in (what ``get_config`` hands the compiler)."""


def _languages_of(objs: list[Any]) -> dict[int, str]:
    """The language code of each locale of ``objs``, by locale id (one query)."""
    from wagtail.models import Locale

    ids = {locale_id for obj in objs if (locale_id := getattr(obj, "locale_id", None))}
    if not ids:
        return {}
    return dict(Locale.objects.filter(pk__in=ids).values_list("pk", "language_code"))


def config_of(
    obj: Any, languages: Mapping[int, str], configs: Mapping[str, str], default: str
) -> str:
    """The configuration ``obj`` is indexed in: its locale's language's (``languages`` by
    locale id, ``configs`` by language), else ``default``."""
    code = languages.get(getattr(obj, "locale_id", None) or 0, "")
    return configs.get(code.split("-", 1)[0].lower(), default)


class LanguageIndex(PostgresIndex):
    """Writes each object's entry in its language's configuration."""

    backend: LanguageSearchBackend

    def add_items(self, model: Any, objs: Iterable[Any]) -> None:
        objs = list(objs)
        languages = _languages_of(objs)
        groups: dict[str, list[Any]] = defaultdict(list)
        for obj in objs:
            config = config_of(obj, languages, self.backend.language_configs, self.backend.config)
            groups[config].append(obj)
        for config, group in groups.items():
            if config == self.backend.config:
                super().add_items(model, group)
            else:
                PostgresIndex(self.backend.in_config(config)).add_items(model, group)


class LanguageQueryCompiler(PostgresSearchQueryCompiler):
    """Reads the query in each configuration and matches any of the readings."""

    def get_config(self, backend: Any) -> Any:
        configs = getattr(backend, "query_configs", None)
        return Configs(configs) if configs else backend.config

    def build_tsquery(self, query: Any, config: Any = None) -> Any:
        if not isinstance(config, Configs):
            return super().build_tsquery(query, config=config)
        if self.fields is not None:
            # Searching named fields builds their vectors on the fly in the query's own
            # configuration, which must be one: the first (the default language's).
            return super().build_tsquery(query, config=config[0])
        read = super().build_tsquery
        readings = [reading for one in config if (reading := read(query, config=one)) is not None]
        return functools.reduce(operator.or_, readings) if readings else None


class LanguageSearchBackend(PostgresSearchBackend):
    query_compiler_class = LanguageQueryCompiler
    index_class = LanguageIndex

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.language_configs: dict[str, str] = dict(params.get("LANGUAGE_CONFIGS") or {})
        # The default configuration first: a search on named fields reads the query in it.
        self.query_configs: tuple[str, ...] = tuple(
            dict.fromkeys(one for one in [self.config, *self.language_configs.values()] if one)
        )

    def in_config(self, config: str) -> LanguageSearchBackend:
        """This backend writing (and reading) in ``config`` only."""
        other = copy.copy(self)
        other.config = config
        other.query_configs = (config,)
        return other


SearchBackend = LanguageSearchBackend
