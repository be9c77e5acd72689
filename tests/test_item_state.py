"""The due item's life: what liaisons and the office may do, and when an item is overdue."""
from datetime import date

import pytest

from workflows.item_state import (CLOSED, OPEN, STATE_NAMES, ItemState, TransitionError, apply, decide_extension,
                                  request_extension)

DUE = date(2022, 11, 30)


def item(state="pending"):
    return ItemState(state, DUE, DUE)


def test_a_liaison_acknowledges_works_and_submits_then_the_office_accepts():
    done = item()
    for action in ("acknowledge", "progress", "submit"):
        done = apply(done, action, by_office=False)
    assert apply(done, "accept", by_office=True).state == "accepted"


def test_a_returned_item_needs_a_reason_and_goes_back_to_the_unit():
    with pytest.raises(TransitionError, match="原因"):
        apply(item("submitted"), "return", by_office=True)
    returned = apply(item("submitted"), "return", by_office=True, reason="链接打不开")
    assert returned.state == "returned" and apply(returned, "submit", by_office=False).state == "submitted"


def test_only_the_office_accepts_returns_or_waives():
    for action in ("accept", "return", "waive"):
        with pytest.raises(TransitionError, match="政务公开办"):
            apply(item("submitted"), action, by_office=False, reason="x")


def test_only_a_blocked_item_can_be_put_on_hold_by_the_office_and_the_unit_resumes_it():
    with pytest.raises(TransitionError, match="政务公开办"):
        apply(item("blocked"), "hold", by_office=False)
    with pytest.raises(TransitionError):
        apply(item("in_progress"), "hold", by_office=True)
    held = apply(item("blocked"), "hold", by_office=True)
    assert held.state == "held" and held.is_overdue(date(2022, 12, 5))     # still open, still late in dates
    assert apply(held, "progress", by_office=False).state == "in_progress"
    assert apply(held, "submit", by_office=False).state == "submitted"


def test_a_closed_item_cannot_be_reopened_by_a_reply():
    with pytest.raises(TransitionError, match="事项当前为「已办结」，不能提交办结"):
        apply(item("accepted"), "submit", by_office=False)


def test_a_refusal_names_the_state_and_action_in_the_glossarys_words():
    """A liaison pressing 推进中 twice read "事项当前为「in_progress」，不能执行「progress」"."""
    with pytest.raises(TransitionError) as refused:
        apply(item("in_progress"), "progress", by_office=False)
    assert str(refused.value) == "事项当前为「推进中」，不能标记为推进中"
    assert all(STATE_NAMES[state] for state in OPEN + CLOSED + ("submitted",))


def test_overdue_is_computed_from_dates_and_state():
    assert not item().is_overdue(DUE)                       # due at the end of the due day
    assert item().is_overdue(date(2022, 12, 1))
    assert item("returned").is_overdue(date(2022, 12, 1))
    assert not item("submitted").is_overdue(date(2022, 12, 1))
    assert not ItemState("pending", None, None).is_overdue(date(2022, 12, 1))   # an event not yet reported


def test_an_extension_is_asked_before_the_due_date_and_keeps_the_original():
    asked = request_extension(item(), date(2022, 12, 15), today=date(2022, 11, 20))
    approved = decide_extension(asked, approve=True)
    assert (approved.due, approved.original_due, approved.extension) == (date(2022, 12, 15), DUE, "approved")
    assert not approved.is_overdue(date(2022, 12, 10))
    assert decide_extension(asked, approve=False).due == DUE
    with pytest.raises(TransitionError, match="到期日之前"):
        request_extension(item(), date(2022, 12, 15), today=date(2022, 12, 1))
