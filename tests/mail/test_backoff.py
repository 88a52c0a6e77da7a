import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kakehashi.mail.services import backoff


def test_backoff_doubles_from_thirty_seconds():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


@given(st.integers(min_value=1, max_value=10_000))
def test_backoff_never_shrinks_and_never_exceeds_an_hour(attempts):
    assert backoff(attempts) <= backoff(attempts + 1) <= dt.timedelta(hours=1)
