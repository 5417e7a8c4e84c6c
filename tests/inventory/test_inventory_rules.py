"""The search-combination rules and field rules, each with its exact message and position.

Every file here has one site `s` with one group `g` whose keys start on line 8, column 9
(see inventory_text.group_file); `G` is the group's dotted path.
"""

from __future__ import annotations

import pytest
from inventory_text import group_problems

G = "sites.s.groups.g"
USA = ("quantity: 1", "country: USA")


@pytest.mark.parametrize(
    "lines",
    [
        (*USA, "state: NC", "city: RALEIGH"),
        (*USA, "state: NC", "rate_center: DURHAM", "city: DURHAM", "zip: '27701'", "lata: '426'"),
        (*USA, "area_code: '919'", "state: NC", "city: CARY", "rate_center: CARY"),
        (*USA, "npa_nxx: '919555'", "order_by: npaNxx", "state: NC"),
        (*USA, "npa_nxx: '919555'", "lca: false"),
        (*USA, "npa_nxxx: '9195551'", "lca: true", "city: CARY", "state: NC", "zip: '27511'"),
        (*USA, "rate_center: DURHAM", "state: NC", "lca: false"),
        (*USA, "zip: '27601'", "order_by: fullNumber"),
        (*USA, "state: NC"),
        (*USA, "lata: '426'"),
        (*USA, "local_vanity: PIZZA", "area_code: '919'", "state: NC", "ends_in: true"),
        (*USA, "local_vanity: P_ZZ*", "protected: NONE"),
        (*USA, "toll_free_vanity: FLOWERS", "order_by: fullNumber"),
        (*USA, "toll_free_wildcard: '8**'", "order_by: areaCode", "backorder: true"),
        (*USA, "area_code: '919'", "backorder: true"),
        ("quantity: 2", "country: CAN", "state: 'ON'", "city: TORONTO"),
        ("quantity: 2", "country: GBR", "type: GEOGRAPHIC", "area_code: '20'", "city: London"),
        ("quantity: 2", "country: DEU", "protected: MIXED"),
        ("quantity: 0", "country: USA"),
        ("country: USA", "numbers: ['+19195550100', '+1 (919) 555-0101']"),
        ("quantity: 3", "country: USA", "numbers: ['+19195550100']", "area_code: '919'"),
    ],
)
def test_valid_groups_pass(lines: tuple[str, ...]) -> None:
    assert group_problems(*lines) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # city and rate_center need state (NANP)
        (
            (*USA, "city: RALEIGH"),
            f"10:9: {G}.city: city needs state in a NANP country; add state, e.g. state: NC",
        ),
        (
            (*USA, "rate_center: DURHAM"),
            f"10:9: {G}.rate_center: rate_center needs state in a NANP country; add state,"
            " e.g. state: NC",
        ),
        # area_code, npa_nxx and npa_nxxx exclude each other
        (
            (*USA, "area_code: '919'", "npa_nxxx: '9195551'"),
            f"11:9: {G}.npa_nxxx: npa_nxxx cannot combine with area_code; use one of area_code,"
            " npa_nxx, npa_nxxx",
        ),
        # ends_in only with local_vanity
        (
            (*USA, "area_code: '919'", "ends_in: true"),
            f"11:9: {G}.ends_in: ends_in works only with local_vanity",
        ),
        # lca only with npa_nxx, npa_nxxx, rate_center + state; and its own combinations
        (
            (*USA, "area_code: '919'", "lca: false"),
            f"11:9: {G}.lca: lca works only with npa_nxx, npa_nxxx, or rate_center with state",
        ),
        (
            (*USA, "npa_nxx: '919555'", "lca: false", "state: NC"),
            f"11:9: {G}.lca: lca with npa_nxx cannot combine with state; drop lca or them",
        ),
        (
            (*USA, "rate_center: DURHAM", "state: NC", "zip: '27701'", "lca: true"),
            f"13:9: {G}.lca: lca with rate_center + state cannot combine with zip; drop lca or"
            " them",
        ),
        (
            (*USA, "npa_nxxx: '9195551'", "lca: false", "order_by: fullNumber"),
            f"12:9: {G}.order_by: order_by does not work in an lca search; drop one of them",
        ),
        # order_by only where the tables allow it
        (
            (*USA, "area_code: '919'", "order_by: fullNumber"),
            f"11:9: {G}.order_by: order_by works only with rate_center, npa_nxx, npa_nxxx, city,"
            " zip, toll_free_vanity or toll_free_wildcard",
        ),
        (
            (*USA, "state: NC", "order_by: fullNumber"),
            f"11:9: {G}.order_by: order_by works only with rate_center, npa_nxx, npa_nxxx, city,"
            " zip, toll_free_vanity or toll_free_wildcard",
        ),
        # toll-free vanity and wildcard combine with nothing but order_by
        (
            (*USA, "toll_free_wildcard: '88*'", "state: NC"),
            f"11:9: {G}.state: state cannot combine with toll_free_wildcard; a toll_free_wildcard"
            " search takes only order_by (move state to another group)",
        ),
        (
            (*USA, "toll_free_vanity: FLOWERS", "protected: ONLY"),
            f"11:9: {G}.protected: protected cannot combine with toll_free_vanity; a"
            " toll_free_vanity search takes only order_by (move protected to another group)",
        ),
        (
            (*USA, "toll_free_vanity: FLOWERS", "toll_free_wildcard: '88*'"),
            f"11:9: {G}.toll_free_wildcard: toll_free_wildcard cannot combine with"
            " toll_free_vanity; a group uses one of them",
        ),
        # local vanity combines with state, area_code, ends_in and protected only
        (
            (*USA, "local_vanity: PIZZA", "zip: '27601'"),
            f"11:9: {G}.zip: zip cannot combine with local_vanity; a local_vanity search takes"
            " only state, area_code, ends_in, protected (move zip to another group)",
        ),
        # outside NANP: type, area_code, city (and protected) only
        (
            ("quantity: 1", "country: GBR", "state: NC"),
            f"10:9: {G}.state: state is for NANP countries (USA, CAN); a GBR group takes only"
            " type, area_code and city",
        ),
        (
            ("quantity: 1", "country: DEU", "toll_free_wildcard: '80*'"),
            f"10:9: {G}.toll_free_wildcard: toll_free_wildcard is for NANP countries (USA, CAN);"
            " a DEU group takes only type, area_code and city",
        ),
        (
            ("quantity: 1", "country: FRA", "backorder: true"),
            f"10:9: {G}.backorder: backorder works only for NANP countries (USA, CAN)",
        ),
        # type is for non-NANP countries
        (
            (*USA, "type: TOLL_FREE", "toll_free_wildcard: '8**'"),
            f"10:9: {G}.type: type is for countries outside NANP; a NANP search takes its type"
            ' from its criteria (toll_free_wildcard "8**" for any toll-free number)',
        ),
        # NANP area code and state shapes
        (
            (*USA, "area_code: '20'"),
            f'10:20: {G}.area_code: "20" is not a NANP area code: an area code is 3 digits,'
            ' e.g. "919"',
        ),
        (
            (*USA, "area_code: '119'"),
            f'10:20: {G}.area_code: "119" is not a NANP area code: an area code cannot begin with'
            " 0 or 1",
        ),
        ((*USA, "state: XX"), f'10:16: {G}.state: "XX" is not a US state code, e.g. NC'),
        (
            (*USA, "state: QC"),
            f'10:16: {G}.state: "QC" is not a US state code; it belongs to CAN',
        ),
        (
            ("quantity: 1", "country: CAN", "state: NC"),
            f'10:16: {G}.state: "NC" is not a Canadian province or territory code; it belongs to'
            " USA",
        ),
        # backorder (Bandwidth error 5522)
        (
            (*USA, "npa_nxx: '919555'", "backorder: true"),
            f"11:9: {G}.backorder: backorder does not work with npa_nxx (Bandwidth error 5522)",
        ),
        (
            ("country: USA", "numbers: ['+19195550100']", "backorder: true"),
            f"10:9: {G}.backorder: backorder does not work with pinned numbers (Bandwidth error"
            " 5522)",
        ),
        (
            (*USA, "toll_free_vanity: FLOWERS", "backorder: true"),
            f"11:9: {G}.backorder: backorder does not work with toll_free_vanity (Bandwidth"
            " error 5522)",
        ),
        # a NANP group that must search needs something to search by
        (
            ("quantity: 3", "country: USA", "numbers: ['+19195550100']"),
            f"7:7: {G}: nothing to search by for 2 numbers; add area_code, npa_nxx, npa_nxxx,"
            " rate_center + state, city + state, state, zip, lata, local_vanity,"
            " toll_free_vanity or toll_free_wildcard, or pin the numbers",
        ),
        # quantity
        (("country: GBR",), f"7:7: {G}: give quantity (0 to 5000), or pin numbers with numbers:"),
        (
            ("quantity: 1", "country: USA", "numbers: ['+19195550100', '+19195550101']"),
            f"8:19: {G}.quantity: 1 is below the 2 pinned numbers; raise it to at least 2, or"
            " remove quantity (it defaults to 2)",
        ),
        (("quantity: 5001", "country: GBR"), f"8:19: {G}.quantity: 5001 is above the maximum 5000"),
        (("quantity: -1", "country: GBR"), f"8:19: {G}.quantity: -1 is below the minimum 0"),
        (
            ("quantity: 1.5", "country: GBR"),
            f"8:19: {G}.quantity: expected a whole number, got the number 1.5",
        ),
        # pinned numbers
        (
            ("country: USA", "numbers: ['9195550100']"),
            f'9:19: {G}.numbers[0]: "9195550100" is not in E.164; write it with + and the'
            ' country code: "+19195550100"',
        ),
        (
            ("country: USA", "numbers: ['+442071234567']"),
            f'9:19: {G}.numbers[0]: "+442071234567" is a GBR number, not a USA number',
        ),
        (
            ("country: USA", "numbers: ['+1919']"),
            f'9:19: {G}.numbers[0]: "+1919" is not a valid USA number (libphonenumber)',
        ),
        (
            ("country: USA", "numbers: ['call me']"),
            f'9:19: {G}.numbers[0]: "call me" is not a phone number (The string supplied did not'
            " seem to be a phone number); write it in E.164, e.g. +19195550100",
        ),
        (
            ("country: USA", "numbers: ['+19195550100', '+1 919 555 0100']"),
            f"9:35: {G}.numbers[1]: +19195550100 is listed twice in this group (first on line"
            " 9); list it once",
        ),
        (
            ("country: USA", "numbers: [+19195550100]"),
            f"9:19: {G}.numbers[0]: +19195550100 is read as the number 19195550100; write it in"
            ' quotes: "+19195550100"',
        ),
        # countries
        (
            ("quantity: 1", "country: XYZ"),
            f'9:18: {G}.country: "XYZ" is not an ISO 3166-1 alpha-3 country code',
        ),
        (
            ("quantity: 1", "country: GB"),
            f'9:18: {G}.country: "GB" is not valid; use an ISO 3166-1 alpha-3 country code in'
            ' capitals, e.g. USA, GBR, DEU ("GB" looks like an alpha-2 code: use "GBR")',
        ),
        (
            ("quantity: 1", "country: NO"),
            f'9:18: {G}.country: NO is read as the boolean false; write it in quotes: "NO"',
        ),
        # schema shapes
        (
            (*USA, "npa_nxx: '919055'"),
            f'10:18: {G}.npa_nxx: "919055" is not valid; use 6 digits, the area code and the'
            ' exchange each starting with 2-9, e.g. "919555"',
        ),
        (
            (*USA, "toll_free_wildcard: '99*'"),
            f'10:29: {G}.toll_free_wildcard: "99*" is not valid; use three characters: 8, a digit'
            ' or *, then *, e.g. "88*" or "8**"',
        ),
        (
            (*USA, "area_code: 919"),
            f'10:20: {G}.area_code: 919 is read as the number 919; write it in quotes: "919"',
        ),
        (
            (*USA, "zip: '2760'"),
            f'10:14: {G}.zip: "2760" is not valid; use a 5- or 9-digit ZIP code, quoted, e.g.'
            ' "27601" or "27601-1234"',
        ),
        (
            (*USA, "lata: '123456'"),
            f'10:15: {G}.lata: "123456" is not valid; use up to 5 digits, quoted, e.g. "426"',
        ),
        (
            (*USA, "local_vanity: AB"),
            f'10:23: {G}.local_vanity: "AB" is not valid; use 3 to 7 letters or digits (_ for one'
            " character, * for any run), e.g. PIZZA",
        ),
        (
            (*USA, "toll_free_vanity: ABCDEFGH"),
            f'10:27: {G}.toll_free_vanity: "ABCDEFGH" is not valid; use 4 to 7 letters or digits,'
            " e.g. FLOWERS",
        ),
        (
            (*USA, "state: nc"),
            f'10:16: {G}.state: "nc" is not valid; use a two-letter state or province code in'
            " capitals, e.g. NC",
        ),
        (
            (*USA, "zip: '27601'", "order_by: FULLNUMBER"),
            f'11:19: {G}.order_by: "FULLNUMBER" is not one of fullNumber, npaNxxx, npaNxx,'
            ' areaCode (did you mean "fullNumber"? case matters)',
        ),
        (
            (*USA, "state: NC", "protected: maybe"),
            f'11:20: {G}.protected: "maybe" is not one of NONE, ONLY, MIXED',
        ),
        (
            ("quantity: 1", "country: GBR", "typ: GEOGRAPHIC"),
            f'10:9: {G}.typ: unknown key "typ"; did you mean "type"?',
        ),
        (
            ("quantity: 1", "country: GBR", "voice_package: abc"),
            f'10:24: {G}.voice_package: "abc" is not valid; use the package\'s id, a UUID such as'
            " d21315af-9b5b-4b45-a6f4-9106cbfe87d1",
        ),
        (
            ("quantity: 1", "country: GBR", "auto_activate: 'yes'"),
            f'10:24: {G}.auto_activate: expected true or false, got the text "yes"',
        ),
        (("quantity: 1",), f'7:7: {G}: missing required key "country"'),
        (("quantity: 1", "country: GBR", "city: ''"), f"10:15: {G}.city: must not be empty"),
    ],
)
def test_each_rule_reports_its_exact_message_and_position(
    lines: tuple[str, ...], expected: str
) -> None:
    found = group_problems(*lines)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]
