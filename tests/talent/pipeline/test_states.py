"""The pipeline's state machine, on its own: which moves exist and which side may make each."""

from kakehashi.talent.pipeline import states
from kakehashi.talent.pipeline.states import CANDIDATE, EMPLOYER


def test_the_employer_moves_an_application_along_the_line_up_to_the_certificate_of_eligibility():
    for source, target in [("applied", "screening"), ("screening", "interview"), ("interview", "offer"),
                           ("offer", "coe_applied"), ("coe_applied", "coe_issued"), ("arrived", "employment_started")]:
        assert states.transition_for(source, target, EMPLOYER) is not None
        assert states.transition_for(source, target, CANDIDATE) is None


def test_either_side_records_the_visa_and_the_arrival():
    for source, target in [("coe_issued", "visa_applied"), ("visa_applied", "visa_issued"), ("visa_issued", "arrived")]:
        assert states.transition_for(source, target, EMPLOYER) is not None
        assert states.transition_for(source, target, CANDIDATE) is not None


def test_no_stage_can_be_skipped_or_undone():
    assert states.transition_for("applied", "offer", EMPLOYER) is None
    assert states.transition_for("offer", "interview", EMPLOYER) is None
    assert states.transition_for("applied", "applied", EMPLOYER) is None


def test_only_the_candidate_withdraws_and_only_the_employer_rejects_both_with_a_reason():
    for state in states.OPEN:
        withdraw = states.transition_for(state, "withdrawn", CANDIDATE)
        reject = states.transition_for(state, "rejected", EMPLOYER)
        assert withdraw is not None and withdraw.needs_reason
        assert reject is not None and reject.needs_reason
        assert states.transition_for(state, "withdrawn", EMPLOYER) is None
        assert states.transition_for(state, "rejected", CANDIDATE) is None


def test_final_states_allow_no_move():
    for state in ("employment_started", "withdrawn", "rejected"):
        assert states.moves_for(state, EMPLOYER) == []
        assert states.moves_for(state, CANDIDATE) == []


def test_moves_offered_to_each_side_from_screening():
    assert [m.target for m in states.moves_for("screening", EMPLOYER)] == ["interview", "rejected"]
    assert [m.target for m in states.moves_for("screening", CANDIDATE)] == ["withdrawn"]
    assert states.moves_for("screening", EMPLOYER)[0].needs_interview


def test_documents_open_from_the_interview_stage_and_close_when_the_application_ends():
    assert [s for s in states.LINE if states.reached(s, states.DOCUMENTS_FROM)][0] == "interview"
    assert not states.reached("screening", states.DOCUMENTS_FROM)
    assert not states.reached("rejected", states.DOCUMENTS_FROM)
