"""`{% opportunity_matches opportunity user as result %}`: the explained matches a viewer may see."""

from django import template

from ..matches import queries

register = template.Library()


@register.simple_tag
def opportunity_matches(opportunity, user, limit=10):
    """{"matches": [...], "pending": bool}: pending while the engine has not embedded it yet."""
    return {
        "matches": queries.matches_for(opportunity, user, limit=limit),
        "pending": opportunity.is_live and not queries.is_embedded(opportunity),
    }
