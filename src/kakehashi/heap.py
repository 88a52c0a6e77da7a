"""A web process's long-lived heap, out of the cyclic garbage collector's way.

What startup makes — modules, classes, functions, settings, the URL configuration and every
view it imports — lives as long as the process. Python's cyclic collector would walk all of it
again at every full (generation 2) collection, which under steady traffic comes about once in a
hundred requests and cost 20–45 ms here with the matching caches loaded: the whole p99 tail of
a talent job search (bench/talent_search.py: p99 62–107 ms before, 15–17 ms after). So once
startup is over the entry points call `freeze_startup`, which moves everything alive into the
permanent generation (`gc.freeze`, as the Python documentation recommends for long-running
servers); what requests make afterwards is collected as before.
"""

import gc

from django.urls import get_resolver


def freeze_startup() -> None:
    get_resolver().url_patterns  # noqa: B018  (imports every view now, not in the first request)
    gc.collect()
    gc.freeze()
