"""Unit tests of the field scorer."""

from __future__ import annotations

import pytest

from congvan.scoring import aggregate, match_count, score_document, similarity


def test_only_gold_keys_are_scored() -> None:
    scores = score_document({"number": "5", "symbol": "X"}, {"number": "5"})
    assert set(scores) == {"number"}


def test_number_ignores_leading_zeros() -> None:
    assert score_document({"number": "02144"}, {"number": "2144"})["number"].correct == 1
    assert score_document({"number": "2145"}, {"number": "2144"})["number"].correct == 0


def test_exact_fields_compare_after_nfc_and_whitespace() -> None:
    decomposed = "Ha\u0300 Nô\u0323i"  # "Hà Nội" in NFD
    s = score_document({"place": f"  {decomposed} "}, {"place": "Hà  Nội"})
    assert s["place"].correct == 1
    assert score_document({"place": "Hà Nam"}, {"place": "Hà Nội"})["place"].correct == 0


def test_null_gold_requires_null_prediction() -> None:
    assert score_document({"urgency": None}, {"urgency": None})["urgency"].correct == 1
    assert score_document({"urgency": "KHẨN"}, {"urgency": None})["urgency"].correct == 0
    assert score_document({}, {"urgency": None})["urgency"].correct == 1


def test_nested_fields() -> None:
    pred = {"issuer": {"name": "SỞ NỘI VỤ", "parent": None}, "signer": {"name": "A B"}}
    gold = {"issuer": {"name": "SỞ NỘI VỤ", "parent": "UBND TỈNH"}, "signer": {"name": "A B"}}
    s = score_document(pred, gold)
    assert (s["issuer.name"].correct, s["issuer.parent"].correct) == (1, 0)
    assert s["signer.name"].correct == 1


def test_subject_uses_similarity_threshold() -> None:
    gold = {"subject": "Về việc tăng cường công tác phòng, chống dịch bệnh trên địa bàn tỉnh"}
    near = {"subject": "Về việc tăng cường công tác phòng, chống dịch bệnh trên địa bàn tinh."}
    far = {"subject": "Về việc tổ chức hội nghị"}
    assert score_document(near, gold)["subject"].correct == 1
    assert score_document(far, gold)["subject"].correct == 0


def test_list_fields_one_to_one() -> None:
    gold = {"cc": ["Như trên", "Lưu: VT, NV"]}
    pred = {"cc": ["Như trên", "Như trên", "Lưu: VT, NV.", "Sở Tài chính"]}
    s = score_document(pred, gold)["cc"]
    assert (s.tp, s.fp, s.fn) == (2, 2, 0)


def test_action_items_compare_text_of_dicts() -> None:
    gold = {"action_items": ["Giao Sở Tài chính chủ trì thực hiện"]}
    pred = {"action_items": [{"text": "Giao Sở Tài chính chủ trì thực hiện", "assignee": None}]}
    s = score_document(pred, gold)["action_items"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


def test_references_match_on_number_symbol_without_spaces() -> None:
    gold = {"references": [{"number_symbol": "144/2021/NĐ-CP", "date": None}]}
    pred = {"references": [{"number_symbol": "144/2021/NĐ- CP"}, {"number_symbol": "1/QĐ-X"}]}
    s = score_document(pred, gold)["references"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)


def test_aggregate_accuracy_and_micro_f1() -> None:
    docs = [
        score_document({"number": "1", "cc": ["a b c d"]}, {"number": "1", "cc": ["a b c d"]}),
        score_document({"number": "2", "cc": []}, {"number": "3", "cc": ["x y z"]}),
    ]
    agg = aggregate(docs)
    assert agg["number"] == pytest.approx(0.5)
    assert agg["cc"] == pytest.approx(2 * 1 / (2 * 1 + 0 + 1))


def test_aggregate_empty_lists_are_perfect() -> None:
    assert aggregate([score_document({"recipients": []}, {"recipients": []})])["recipients"] == 1.0


def test_matching_is_greedy_by_best_similarity() -> None:
    assert match_count(["abcd", "abce"], ["abce"], similarity) == 1
    assert similarity("Như trên;", "như trên") == 1.0


def test_item_assignee_and_deadline_over_matched_items() -> None:
    gold = {"action_items": [
        {"text": "Sở Tài chính chủ trì rà soát, báo cáo trước ngày 15/12/2025",
         "assignee": "Sở Tài chính", "deadline": "2025-12-15"},
        {"text": "Các sở, ngành phối hợp thực hiện", "assignee": "Các sở, ngành", "deadline": None},
        {"text": "Văn phòng theo dõi, đôn đốc việc thực hiện", "assignee": None, "deadline": None},
    ]}  # fmt: skip
    pred = {"action_items": [
        {"text": "Sở Tài chính chủ trì rà soát, báo cáo trước ngày 15/12/2025.",
         "assignee": "Sở Tài chính", "deadline": "2025-12-15"},
        {"text": "Các sở, ngành phối hợp thực hiện", "assignee": "Các sở, ngành phối hợp",
         "deadline": "2025-12-31"},
        {"text": "Một việc khác hẳn", "assignee": None, "deadline": None},
    ]}  # fmt: skip
    s = score_document(pred, gold)
    assert (s["action_items"].tp, s["action_items"].fp, s["action_items"].fn) == (2, 1, 1)
    assert (s["action_items.assignee"].correct, s["action_items.assignee"].total) == (1, 2)
    assert (s["action_items.deadline"].correct, s["action_items.deadline"].total) == (1, 2)
    agg = aggregate([s])
    assert agg["action_items.assignee"] == pytest.approx(0.5)


def test_string_item_gold_scores_no_item_fields() -> None:
    gold = {"action_items": ["Giao Sở Tài chính chủ trì thực hiện"]}
    pred = {"action_items": [{"text": "Giao Sở Tài chính chủ trì thực hiện", "assignee": "X"}]}
    assert set(score_document(pred, gold)) == {"action_items"}
