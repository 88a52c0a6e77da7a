"""Schemathesis against the generated OpenAPI schema, in-process (WSGI), as a member and as
staff (bearer tokens): every operation, a bounded number of generated requests each, and no
failure of not_a_server_error, status_code_conformance, content_type_conformance or
response_schema_conformance.

Bounded: FUZZ_EXAMPLES requests per operation and role (default 8; set the environment
variable for a longer run, e.g. FUZZ_EXAMPLES=200), no deadline, derandomized so a run is
reproducible."""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kakehashi.accounts.services import create_api_token
from kakehashi.api import api
from kakehashi.opportunities.models import Opportunity

from ..factories import (
    EventSessionFactory,
    MembershipFactory,
    OpportunityFactory,
    OrganisationFactory,
    PostFactory,
    SeriesFactory,
    StaffFactory,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"))))
schema.app = WSGIHandler()

# Path values that name the fixture's objects, mixed into the generated ones so that the
# run reaches past the 404 of a random slug.
SLUGS = ["public-post", "members-post", "digital-partnership", "fuzz-series", "sundaram-precision", "ai"]


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)

    def known(name, value):
        if name in ("slug", "tag"):
            return st.sampled_from([value, *SLUGS])
        if name == "reference":
            references = list(Opportunity.objects.order_by("pk").values_list("reference", flat=True))
            return st.sampled_from([value, *references])
        if name.endswith("_id"):
            return st.sampled_from([value, 1, 2, 3])
        return st.just(value)

    return st.fixed_dictionaries({name: known(name, value) for name, value in path_parameters.items()})


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; django.test.Client does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["member", "staff"])
def token(request, db, settings) -> str:
    """A bearer token of an approved member (owner of an organisation) or of staff, with a
    little of everything to read: posts, a session, organisations."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # the WSGI client's host
    if request.param == "member":
        user = MembershipFactory(organisation=OrganisationFactory(slug="sundaram-precision"), role="owner").user
    else:
        user = StaffFactory()
    PostFactory(slug="public-post")
    PostFactory(slug="members-post", visibility="members")
    EventSessionFactory(slug="digital-partnership", series=SeriesFactory(slug="fuzz-series"))
    OpportunityFactory()
    own = user.memberships.get().organisation if request.param == "member" else OrganisationFactory()
    OpportunityFactory(organisation=own, status="draft", published_at=None)
    return create_api_token(user, name="fuzz")[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_operation_keeps_its_contract(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
