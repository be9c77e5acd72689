"""Finding 身份证号, mobile and bank card numbers published unmasked, and never repeating them."""
import pytest

from workflows.personal_data import (BANK_CARD, ID_CARD, MOBILE, Passage, find_personal_data, id_card_valid,
                                     kind_of, luhn_valid, mask)


@pytest.mark.parametrize("number, valid", [
    ("11010519491231002X", True),    # GB 11643's own example: check digit X (10)
    ("11010519491231002x", True),    # written with a small x
    ("640121199003071232", True),    # 永宁县, born 1990-03-07
    ("640302198512310040", True),    # born on New Year's Eve
    ("110105200002290013", True),    # 2000 was a leap year: 29 February exists
    ("440306197608151033", True),
    ("110105194912310021", False),   # the check digit should be X
    ("640121199003071231", False),   # the check digit should be 2
    ("640121199003071233", False),   # one off the other way
    ("640121199003071229", False),   # a digit of the sequence changed: the check digit no longer agrees
    ("110105190002290014", False),   # 1900 was not a leap year: no 29 February
    ("640121199013071234", False),   # month 13
    ("640121199002301234", False),   # 30 February
    ("000121199003071232", False),   # province 00 does not exist
    ("99012119900307123X", False),   # nor does 99
    ("64012119900307123", False),    # 17 characters
    ("6401211990030712322", False),  # 19
    ("640121********1232", False),   # masked: fine to publish
])
def test_a_shenfenzheng_counts_only_with_a_real_birth_date_and_the_gb11643_check_digit(number, valid):
    assert id_card_valid(number) is valid


@pytest.mark.parametrize("digits, valid", [
    ("6222021234567890128", True), ("6217001234567893", True), ("43922500123456786", True),
    ("6222021234567890127", False), ("6217001234567894", False),
])
def test_a_bank_card_number_counts_only_when_it_passes_luhn(digits, valid):
    assert luhn_valid(digits) is valid


@pytest.mark.parametrize("written, kind", [
    ("13812345678", MOBILE), ("138 1234 5678", MOBILE), ("138-1234-5678", MOBILE), ("+8613812345678", MOBILE),
    ("19912345678", MOBILE),
    ("12812345678", None),           # no mainland mobile starts 12
    ("1381234567", None),            # ten digits
    ("6222021234567890128", BANK_CARD), ("6222 0212 3456 7890 128", BANK_CARD),
    ("6217001234567894", None),      # fails Luhn
    ("1217001234567892", None),      # passes Luhn, but no card number starts with 1
    ("640121199003071232", ID_CARD),
])
def test_mobile_and_card_numbers_are_told_apart_from_other_digits(written, kind):
    assert kind_of(written) == kind


def test_a_finding_names_the_place_and_masks_the_number_and_its_neighbours():
    text = "申请人张三，身份证号640121199003071232，联系电话13812345678，已公示。"
    found = find_personal_data([Passage("第3行", text)])
    assert [(f.kind, f.where) for f in found] == [(ID_CARD, "第3行"), (MOBILE, "第3行")]
    assert found[0].excerpt == "申请人张三，身份证号【640121********1232】，联系电话138**…"
    assert found[1].excerpt == "…*1232，联系电话【138****5678】，已公示。"
    assert all("640121199003071232" not in f.excerpt and "13812345678" not in f.excerpt for f in found)


def test_masked_forms_and_numbers_inside_longer_codes_are_fine():
    text = ("身份证号640121********1232，电话138****5678，卡号6222 **** **** 0128，"
            "统一社会信用代码91640121MA76A1234X，文号宁政办发〔2022〕53号，编号A13812345678")
    assert find_personal_data([Passage("第1行", text)]) == []


def test_full_width_digits_are_read_as_digits():
    assert [f.kind for f in find_personal_data([Passage("第1行", "电话：１３８１２３４５６７８")])] == [MOBILE]


def test_mask_leaves_the_text_around_the_numbers_as_it_was():
    assert mask("请联系13812345678或6217001234567893。") == "请联系138****5678或6217********7893。"
