from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if settings.SECRET_KEY_FROM_ENV:
        return []
    return [
        Warning(
            "SECRET_KEY is generated and kept in the data directory.",
            hint="Set SECRET_KEY (or SECRET_KEY_FILE) so that every web node signs with the same key.",
            id="kakehashi.W001",
        )
    ]
