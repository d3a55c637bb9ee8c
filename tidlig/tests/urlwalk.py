"""Walks the URLconf, so sweeps cover every URL that exists, including ones added later."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    kwargs: tuple[str, ...]


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            full_ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield Route(
                name=name,
                pattern=prefix + str(entry.pattern),
                kwargs=tuple(entry.pattern.converters),
            )


def own_routes() -> list[Route]:
    """Tidlig's own routes: Django's i18n view is tested through its own settings."""
    return [r for r in _walk(get_resolver().url_patterns) if not r.pattern.startswith("i18n/") and r.name]


def all_routes() -> list[Route]:
    """Every named route, Django's language switch included."""
    return [r for r in _walk(get_resolver().url_patterns) if r.name]
