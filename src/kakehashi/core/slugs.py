"""One way to give a row a unique slug."""

from typing import Any

from django.utils.text import slugify

SUFFIX_ROOM = 12  # room left in the field for "-2", "-3", …


def unique_slug(model: Any, text: str, *, fallback: str, field: str = "slug") -> str:
    """slugify(text), cut to fit `model.<field>`, or `fallback` if nothing is left; "-2",
    "-3", … is added while another row has it. Call it inside the transaction that saves the
    row; the field's unique constraint settles a race."""
    max_length = model._meta.get_field(field).max_length
    base = slugify(text)[: max_length - SUFFIX_ROOM] or fallback
    slug, n = base, 1
    while model._default_manager.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
