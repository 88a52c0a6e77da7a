"""The engine knows collections, not apps: a collection registered with plain functions is
indexed, forgotten, searched with an allowed-ids or viewer filter, compared and rebuilt
without any change inside `kakehashi.matching`."""

import pytest

from kakehashi.matching import collections, queries, services
from kakehashi.matching.collections import Collection, Document
from kakehashi.matching.models import Embedding, Neighbourhood

pytestmark = pytest.mark.django_db

JOBS = {
    1: ("en", "Caregiver for an elderly care home in Osaka", "Night shifts, bathing and meal assistance."),
    2: ("ja", "大阪の介護施設で働く介護職員", "夜勤、入浴介助、食事介助があります。"),
    3: ("en", "Welder for shipbuilding in Nagasaki", "Arc welding of steel hull blocks."),
    4: ("hi", "नागासाकी में जहाज निर्माण के लिए वेल्डर", "स्टील के पतवार ब्लॉकों की आर्क वेल्डिंग।"),
}


@pytest.fixture
def jobs():
    """A 'job' collection over a dict, the way an app registers one in AppConfig.ready."""
    rows = dict(JOBS)
    calls: list[tuple[int, bool]] = []

    def fetch(ids):
        return [Document(i, rows[i][0], (f"{rows[i][1]}\n{rows[i][2]}", *collections.passages(rows[i][1], rows[i][2])))
                for i in ids if i in rows]

    collections.register(Collection(
        name="job", fetch=fetch, live_ids=lambda: sorted(rows),
        visible_ids=lambda viewer: [i for i in rows if viewer == "staff" or rows[i][0] != "hi"],
        on_change=lambda object_id, indexed: calls.append((object_id, indexed)),
        on_reindex=lambda progress: {"job_hook": 1},
    ))
    for pk in rows:
        services.refresh("job", pk)
    yield rows, calls
    collections.unregister("job")


def test_refresh_indexes_the_document_and_tells_its_app(jobs):
    _, calls = jobs

    assert Embedding.objects.filter(collection="job", object_id=1, part=0).count() == 2  # one per encoder
    assert Embedding.objects.filter(collection="job", object_id=1, part__gte=1).exists()  # passages
    assert Neighbourhood.objects.filter(collection="job", object_id=1).count() == 1
    assert calls == [(1, True), (2, True), (3, True), (4, True)]


def test_refresh_forgets_a_document_its_collection_no_longer_returns(jobs):
    rows, calls = jobs
    del rows[3]

    assert services.refresh("job", 3) is False

    assert not Embedding.objects.filter(collection="job", object_id=3).exists()
    assert not Neighbourhood.objects.filter(collection="job", object_id=3).exists()
    assert calls[-1] == (3, False)


def test_index_document_runs_in_a_task_after_commit(jobs, django_capture_on_commit_callbacks):
    rows, _ = jobs
    rows[5] = ("en", "Farm worker for a vegetable farm in Hokkaido", "Harvesting and packing vegetables.")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.index_document("job", 5)
    assert not Embedding.objects.filter(collection="job", object_id=5).exists()
    for callback in callbacks:
        callback()

    assert Embedding.objects.filter(collection="job", object_id=5, part=0).exists()


def test_forget_removes_vectors_and_neighbourhoods_at_once(jobs):
    services.forget("job", [1, 2])

    assert set(Embedding.objects.filter(collection="job").values_list("object_id", flat=True)) == {3, 4}
    assert set(Neighbourhood.objects.filter(collection="job").values_list("object_id", flat=True)) == {3, 4}


def test_search_finds_the_translation_among_the_allowed_ids_and_nothing_irrelevant(jobs):
    found = queries.search("job", "介護の仕事", allowed={1, 3, 4})

    assert [pk for pk, _ in found] == [1]


def test_search_without_the_cut_off_ranks_every_allowed_id(jobs):
    found = queries.search("job", "介護の仕事", allowed={1, 3, 4}, relevant=False)

    assert found[0][0] == 1
    assert {pk for pk, _ in found} == {1, 3, 4}


def test_search_keeps_to_what_the_viewer_may_see(jobs):
    assert [pk for pk, _ in queries.search("job", "welding", viewer="visitor")] == [3]
    assert {pk for pk, _ in queries.search("job", "welding", viewer="staff")} == {3, 4}
    assert queries.search("job", "welding", viewer="visitor", allowed={1, 4}) == []
    assert {pk for pk, _ in queries.search("job", "welding", viewer="visitor", allowed={1, 4}, relevant=False)} == {1}


def test_search_refuses_to_run_unfiltered(jobs):
    with pytest.raises(ValueError, match="never searches unfiltered"):
        queries.search("job", "welding")


def test_similarity_and_best_passages_between_two_documents(jobs):
    hit = queries.similarity("job", 3, 4)

    assert hit.object_id == 4
    assert queries.semantic_score(hit.adjusted) > 0.5
    pairs = queries.best_passages("job", 3, 4)
    assert pairs[0]["mine"] == "Welder for shipbuilding in Nagasaki"
    assert pairs[0]["theirs"] == "नागासाकी में जहाज निर्माण के लिए वेल्डर"


def test_similar_ranks_the_translation_first(jobs):
    hits = queries.similar("job", 1, allowed={2, 3, 4})

    assert [h.object_id for h in hits][0] == 2


def test_reindex_rebuilds_the_collection_and_runs_its_hook(jobs):
    rows, _ = jobs
    Embedding.objects.filter(collection="job").delete()
    Embedding.objects.create(collection="job", object_id=99, encoder="e5", version="x", language="en",
                             text_hash="x", vector=b"")

    figures = services.reindex_collection("job")

    assert figures["job"] == 4 and figures["job_hook"] == 1 and figures["encoded_parts"] > 0
    assert set(Embedding.objects.filter(collection="job", part=0).values_list("object_id", flat=True)) == set(rows)


def test_needs_reindex_when_a_collection_has_live_documents_without_vectors(jobs):
    assert services.needs_reindex() is False

    Embedding.objects.filter(collection="job").delete()

    assert services.needs_reindex() is True


def test_an_unknown_collection_is_an_error_in_the_caller():
    with pytest.raises(LookupError, match="no matching collection 'nothing'"):
        services.index_document("nothing", 1)


def test_matching_imports_no_domain_app():
    import ast
    from pathlib import Path

    root = Path(services.__file__).parent
    domain = ("accounts", "opportunities", "community", "events", "meetings", "talent", "supplychain", "knowledge")
    imported = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not {m for m in imported if m.split(".")[:2] in [["kakehashi", d] for d in domain]}


def test_similar_and_best_passages_across_two_collections(jobs):
    people = {
        10: ("ja", "溶接工として五年の経験があります", "造船所で鋼材のアーク溶接を担当しました。"),
        11: ("en", "Certified care worker", "Three years in a nursing home, bathing and meal assistance."),
    }
    collections.register(Collection(
        name="candidate", live_ids=lambda: sorted(people),
        fetch=lambda ids: [Document(i, people[i][0], (f"{people[i][1]}\n{people[i][2]}",
                                                      *collections.passages(people[i][1], people[i][2])))
                           for i in ids if i in people],
    ))
    try:
        for pk in people:
            services.refresh("candidate", pk)

        welder_first = [h.object_id for h in queries.similar("job", 3, among="candidate", allowed={10, 11})]
        carer_first = [h.object_id for h in queries.similar("job", 1, among="candidate", allowed={10, 11})]

        assert welder_first == [10, 11]
        assert carer_first == [11, 10]
        assert queries.best_passages("job", 3, 10, among="candidate")[0]["theirs"] in {people[10][1], people[10][2]}
    finally:
        collections.unregister("candidate")
