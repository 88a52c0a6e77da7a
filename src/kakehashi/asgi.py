import os

from kakehashi import threads

# Before Django (and through it numpy and the encoders) loads: one native thread per pool
# unless MATCHING_THREADS or the operator's own OMP_NUM_THREADS etc. say otherwise.
threads.configure()

from django.core.asgi import get_asgi_application  # noqa: E402  (after the native pools are sized)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
application = get_asgi_application()

from kakehashi import heap  # noqa: E402  (needs the apps loaded)

heap.freeze_startup()
