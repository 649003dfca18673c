"""Facts described in everyday words (corpus/lexicon/facts.yaml and the 'not listed' rule), lexicon only."""

from __future__ import annotations

import pytest

from assistant.scenario import extract_parties, parse_text


@pytest.mark.parametrize(
    "text, misuse",
    [
        ("The security department wants it to keep track of members of an underground church.", True),
        ("The agency wants to find people who read opposition blogs.", True),
        ("They want to see which phones show up at anti-government rallies.", True),
        ("We will track the members of our loyalty programme in the mall.", None),
        ("The police want to find people who park illegally.", None),
    ],
)
def test_misuse_described_by_its_targets(text: str, misuse: bool | None) -> None:
    assert parse_text(text, embedder=None).misuse_indicated is misuse


@pytest.mark.parametrize(
    "text, products",
    [
        ("The prison tender also lists electric shock belts for transporting inmates.", ["torture_goods"]),
        ("They also want batons with metal spikes and restraint chairs fitted with shackles.", ["torture_goods"]),
        ("Add stun guns and a remote-controlled pepper spray system to the offer.", ["law_enforcement_goods"]),
        ("Only dome cameras for the corridors, nothing else.", ["fixed_camera"]),
        ("Each cell gets a ceiling unit that releases a PAVA mist on command.", ["law_enforcement_goods"]),
        ("The riot package lists wall dispensers filled with capsaicin for the yard.", ["law_enforcement_goods"]),
        ("The drawings show an interview-room seat anchored to the concrete with fitted ankle and wrist shackles.", ["torture_goods", "law_enforcement_goods"]),
    ],
)
def test_anti_torture_goods_are_products(text: str, products: list[str]) -> None:
    assert parse_text(text, embedder=None).products == products


@pytest.mark.parametrize(
    "text, capability",
    [
        ("The kit is concealed inside street lamps and builds movement profiles per phone.", "covert"),
        ("Our suite maps who calls whom from the operator's call-detail records.", "covert"),
        ("We crawl public social media profiles and pull every face we find into an index.", "face_scraping"),
    ],
)
def test_cyber_surveillance_in_plain_words(text: str, capability: str) -> None:
    assert capability in parse_text(text, embedder=None).capabilities


@pytest.mark.parametrize(
    "text, listed",
    [
        ("Uncooled core, maximum frame rate 8.3 Hz.", False),
        ("Same core, but the refresh is throttled to 7.5 Hz for export.", False),
        ("The export model is capped at 9 Hz.", False),
        ("If we switch to our 9 Hz version, same answer?", False),
        ("Our classification says 'not listed'.", False),
        ("It isn't on any control list.", False),
        ("It is on the control list.", None),
        ("Thermal cameras at 30 Hz.", None),
    ],
)
def test_stated_not_listed(text: str, listed: bool | None) -> None:
    assert parse_text(text, embedder=None).dual_use_listed is listed


@pytest.mark.parametrize(
    "text, capability",
    [
        ("The module follows the phones of named activists over time.", "covert"),
        ("We run the groups with fake personas and collect member lists.", "covert"),
        ("It unmasks the admins of anonymous channels.", "covert"),

    ],
)
def test_surveillance_of_people_through_their_devices(text: str, capability: str) -> None:
    assert capability in parse_text(text, embedder=None).capabilities


def test_fleet_tracking_is_not_covert_surveillance() -> None:
    assert parse_text("We track the location of our delivery vans.", embedder=None).capabilities == []


@pytest.mark.parametrize(
    "text, informed, listed",
    [
        ("The export office wrote back that the tool needs a licence.", True, None),
        ("Our transmitters are classified 5A002.a.2.", None, True),
        ("The tool isn't listed in Annex I.", None, False),
    ],
)
def test_authority_and_listing_in_plain_words(text: str, informed: bool | None, listed: bool | None) -> None:
    parsed = parse_text(text, embedder=None)
    assert (parsed.authority_informed, parsed.dual_use_listed) == (informed, listed)


def test_phone_forensics_is_an_interception_product() -> None:
    assert "network_interception" in parse_text("Our forensic kit unlocks seized smartphones and copies their memory.", embedder=None).products


@pytest.mark.parametrize(
    "text, misuse",
    [
        ("The ministry wants it to find out who reads blocked opposition websites.", True),
        ("They want to know which users follow banned channels.", True),
        ("The opposition party office wants cameras for its lobby.", None),
        ("Our firewall blocked websites for staff.", None),
    ],
)
def test_misuse_by_what_people_read_or_follow(text: str, misuse: bool | None) -> None:
    assert parse_text(text, embedder=None).misuse_indicated is misuse


@pytest.mark.parametrize(
    "text",
    [
        "The vans capture the IMSI and IMEI numbers of phones nearby.",
        "A system on the national IP backbone that analyses traffic at the application layer.",
        "Once the target taps a crafted link, a hidden agent installs itself on the phone.",
    ],
)
def test_listed_interception_equipment_described_in_plain_words(text: str) -> None:
    assert "network_interception" in parse_text(text, embedder=None).products


@pytest.mark.parametrize(
    "text, fact, value",
    [
        ("Day/night cameras with infrared illuminators that see in the dark.", "products", ["fixed_camera"]),
        ("Thermal cores that see in the dark.", "capabilities", ["thermal_imaging", "night_vision"]),
        ("Kit for the guard force: ballistic vests, anti-riot helmets and shields.", "products", ["riot_gear"]),
        ("Cooled mid-wave infrared pan-tilt cameras with an InSb detector.", "products", ["thermal_camera"]),
        ("Workstation software that runs hidden on PCs with keystroke logging.", "capabilities", ["covert"]),
        ("80 cameras with gait and clothing recognition for the mine.", "capabilities", ["gait_recognition"]),
    ],
)
def test_products_and_capabilities_in_everyday_words(text: str, fact: str, value: list[str]) -> None:
    assert sorted(getattr(parse_text(text, embedder=None), fact)) == sorted(value)


@pytest.mark.parametrize(
    "text, listed",
    [("Uncooled, fixed lens, 8.7 frames per second.", False), ("Runs at 30 fps.", None)],
)
def test_frame_rate_in_frames_per_second(text: str, listed: bool | None) -> None:
    assert parse_text(text, embedder=None).dual_use_listed is listed


def test_a_bare_order_with_a_country_is_a_scenario() -> None:
    parsed = parse_text("A group of wine estates near Stellenbosch wants 50 outdoor cameras. Any export issue?", embedder=None)
    assert parsed.is_scenario and parsed.destinations == ["ZA"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Units that pretend to be a mobile mast and pick up the ID numbers of every phone nearby.", {"products": ["network_interception"]}),
        ("Low-light units built around light-amplifying tubes.", {"products": ["night_vision"]}),
        ("HR asks whether the cameras could rate each driver's mood for the annual reviews.", {"capabilities": ["emotion_recognition"], "end_user_types": ["employer"]}),
        ("Reports accuse the coast guard of violently rounding up migrants.", {"end_user_types": ["police"], "misuse_indicated": True}),
        ("Mediation devices are carved out of the control list.", {"dual_use_listed": False}),
        ("Do 9 Hz thermal cams need a licence?", {"dual_use_listed": False}),
    ],
)
def test_more_facts_in_everyday_words(text: str, expected: dict) -> None:
    parsed = parse_text(text, embedder=None)
    for fact, value in expected.items():
        got = getattr(parsed, fact)
        assert (sorted(got) if isinstance(got, list) else got) == (sorted(value) if isinstance(value, list) else value), fact


def test_a_letter_from_the_export_office_means_the_authority_informed_us() -> None:
    assert parse_text("We got a letter yesterday from our national export control office about the deal.", embedder=None).authority_informed is True


def test_police_mentioned_as_hearsay_is_not_a_listed_party() -> None:
    background = "A Tehran distributor wants 300 IP cameras. I've read that businesses are being pushed to connect cameras to police systems."
    assert parse_text(background, embedder=None).listed_entities == []
    party = "A Tehran contractor wants 300 IP cameras for the traffic police."
    assert [e.locator for e in parse_text(party, embedder=None).listed_entities] == ["Annex I — entities, entry 8"]


@pytest.mark.parametrize(
    "text, outside",
    [
        ("The mayor wants live face matching to flag fare dodgers and pickpockets.", True),
        ("Flag people with unpaid fines as they walk past.", True),
        ("Search for a missing child in the station in real time.", False),  # one of the exceptions
    ],
)
def test_purpose_of_live_identification(text: str, outside: bool | None) -> None:
    assert parse_text(text, embedder=None).purpose_outside_rbi_exceptions is outside


@pytest.mark.parametrize(
    "text",
    [
        "For onboarding we compare the selfie a customer takes with the photo on their ID card.",
        "Face scans at the staff door check that the person is the badge holder (one-to-one match).",
    ],
)
def test_one_to_one_verification_is_not_facial_recognition(text: str) -> None:
    assert "facial_recognition" not in parse_text(text, embedder=None).capabilities


def test_parties_described_after_as_a_are_not_our_company() -> None:
    parsed = parse_text("I run export sales at a distributor in Bratislava. The paperwork shows the consignee as a company in Zahedan.", embedder=None)
    assert (parsed.company_country, parsed.destinations) == ("SK", ["IR"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It covertly queries a messaging app to triangulate users.", {"capabilities": ["covert"]}),
        ("They will use it to locate the journalists so they can be detained.", {"misuse_indicated": True}),
        ("A tool to unmask anonymous bloggers.", {"misuse_indicated": True}),
        ("Mood scores for cashiers during their shifts, used in bonus talks.", {"end_user_types": ["employer"]}),
        ("Frame rate capped at 9 Hz.", {"dual_use_listed": False}),
        ("An Iranian national wants cameras for his restaurant in Hamburg; anything to do with Iran worries us.", {"destinations": ["DE"]}),
    ],
)
def test_final_round_of_everyday_words(text: str, expected: dict) -> None:
    parsed = parse_text(text, embedder=None)
    for fact, value in expected.items():
        got = getattr(parsed, fact)
        assert (sorted(got) if isinstance(got, list) else got) == (sorted(value) if isinstance(value, list) else value), fact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It crafts implants, delivers them remotely to phones and controls them.", {"products": ["network_interception"]}),
        ("The target list is made up of journalists and opposition bloggers.", {"misuse_indicated": True}),
        ("The tender mentions enforcing public decency rules.", {"misuse_indicated": True}),
        ("Last week we learned these cameras are on the dual-use list.", {"stage": None}),
        ("Members enrol a selfie and the reader checks that the person at the door is that member.", {"capabilities": []}),
        ("A module that logs into private Telegram groups with seized phone credentials.", {"capabilities": ["covert"]}),
        ("The Swedish export control agency wrote to us that the appliance may be misused.", {"authority_informed": True}),
    ],
)
def test_final_check_set_wordings(text: str, expected: dict) -> None:
    parsed = parse_text(text, embedder=None)
    for fact, value in expected.items():
        got = getattr(parsed, fact)
        assert (sorted(got) if isinstance(got, list) else got) == (sorted(value) if isinstance(value, list) else value), fact


@pytest.mark.parametrize(
    "text, withheld",
    [
        ("They won't name the end user and won't sign our end-use statement.", True),
        ("The reseller refuses to say who will operate the cameras.", True),
        ("We will name the end user in the contract.", None),
    ],
)
def test_withheld_end_use(text: str, withheld: bool | None) -> None:
    assert parse_text(text, embedder=None).end_use_withheld is withheld


@pytest.mark.parametrize(
    "text, is_scenario",
    [
        ("Our distributors keep raising concerns and we lack staff. Which concerns do the UN principles tell us to handle first?", False),
        ("When we sell to police forces, what do the Guiding Principles expect from us on stakeholder engagement?", False),
        ("We sell to police forces. Can we ship 30 dome cameras to the police in Nairobi?", True),
        ("Can our distributors in Dubai pass our cameras on to a client in Tehran?", True),
    ],
)
def test_a_buyer_type_alone_is_no_transaction(text: str, is_scenario: bool) -> None:
    assert parse_text(text, embedder=None).is_scenario is is_scenario


@pytest.mark.parametrize(
    "text, company, destinations",
    [
        ("Hello, drone firm from Eindhoven. A mining company in Lima wants 12 units.", "NL", ["PE"]),
        ("Graz software company here. A ministry in Nairobi asked for a quote.", "AT", ["KE"]),
        ("Integrator out of Porto here, quick one: a hotel chain in Accra wants cameras.", "PT", ["GH"]),
        ("we're 40 people in Lyon, making dome cameras. A retailer in Dakar wants 30.", "FR", ["SN"]),
        # a buyer named first is not the writer
        ("Distributor in Dubai wants 300 dome cameras for a client in Tehran; we are a Dutch maker.", "NL", ["IR"]),
        ("Through a distributor in Muscat the cameras would reach a unit in Yemen. We are a Czech maker.", "CZ", ["YE"]),
    ],
)
def test_an_opening_self_description_places_the_company(text: str, company: str, destinations: list[str]) -> None:
    s = parse_text(text, embedder=None)
    assert (s.company_country, s.destinations) == (company, destinations)


def test_a_city_whose_namesake_is_in_the_named_country() -> None:
    s = parse_text("A Spanish company from Valencia here; a hotel in Quito wants cameras.", embedder=None)
    assert s.company_country == "ES" and "VE" not in s.destinations and "EC" in s.destinations


@pytest.mark.parametrize("text, code", [("A Cambodian ministry wants 20 licences.", "KH"), ("A Rwandan agency wants 20 licences.", "RW"), ("An Omani port wants cameras.", "OM")])
def test_regular_nationality_words_name_the_country(text: str, code: str) -> None:
    assert parse_text(text, embedder=None).destinations == [code]


def test_a_capital_that_writes_back_is_the_authority_not_a_destination() -> None:
    s = parse_text("We sell monitoring software to a ministry in Dushanbe. Madrid wrote back yesterday about it.", embedder=None)
    assert s.destinations == ["TJ"]


@pytest.mark.parametrize(
    "text, informed",
    [
        ("Nobody from the authority has told us anything yet.", None),
        ("No one at the export control office has written to us about this buyer.", None),
        ("The ministry says it is only for serious crime.", None),
        ("The licensing office answered on Monday: the export needs a licence.", True),
        ("The authority says we now need an export licence for the software.", True),
    ],
)
def test_an_authority_letter_and_its_denial(text: str, informed: bool | None) -> None:
    assert parse_text(text, embedder=None).authority_informed is informed


@pytest.mark.parametrize(
    "text, misuse",
    [
        ("Their spec asks for files on each opposition party member with who they meet.", True),
        ("The requirement is to map the contacts of lawyers defending detainees.", True),
        ("Does the EU anti-torture regulation cover handcuffs?", None),
        ("My colleague read about the torture goods regulation.", None),
        ("We monitor the warehouse; a journalist once wrote about our prices.", None),
    ],
)
def test_misuse_from_a_verb_and_a_protected_target_in_one_sentence(text: str, misuse: bool | None) -> None:
    assert parse_text(text, embedder=None).misuse_indicated is misuse


@pytest.mark.parametrize(
    "text, capability",
    [
        ("The add-on flags cashiers who look 'stressed' on the till cameras.", "emotion_recognition"),
        ("Every face entering the plaza is matched in real time against the police list.", "remote_biometric_identification"),
        ("The box follows a chosen SIM card around the city with nobody notified.", "covert"),
        ("The engine works out who is behind anonymous accounts; the person never finds out.", "covert"),
        ("It pulls every face out of archived CCTV and public social-media photos into one index.", "face_scraping"),
    ],
)
def test_more_capabilities_in_everyday_words(text: str, capability: str) -> None:
    assert capability in parse_text(text, embedder=None).capabilities


@pytest.mark.parametrize(
    "text, product",
    [
        ("They also want batons with steel studs along the shaft.", "torture_goods"),
        ("Vans with units that pretend to be a mobile phone mast so phones connect to them.", "network_interception"),
        ("The kit connects to a seized handset and bypasses the lock screen.", "network_interception"),
        ("They order 2,000 PAVA sprays for the guards.", "law_enforcement_goods"),
    ],
)
def test_more_products_in_everyday_words(text: str, product: str) -> None:
    assert product in parse_text(text, embedder=None).products


def test_a_regional_corps_named_by_its_own_name_is_listed() -> None:
    s = parse_text("The cameras go to the Beit al Moqadas corps of the Revolutionary Guards in Iran.", embedder=None)
    assert "Annex I — entities, entry 30" in [e.locator for e in s.listed_entities]


def test_an_analyst_at_a_fund_holding_a_stake_is_an_investor() -> None:
    assert parse_text("Analyst at a Danish pension fund. We hold ~1.2% of a camera maker.", embedder=None).seller_role == "investor"


@pytest.mark.parametrize(
    "text, outside",
    [
        ("Police want live face search at the station to find a kidnapped girl seen there an hour ago.", False),
        ("Police want live face search at the station to catch fare dodgers.", True),
        ("Police want live face search at the station.", None),
    ],
)
def test_the_purpose_of_live_face_search(text: str, outside: bool | None) -> None:
    assert parse_text(text, embedder=None).purpose_outside_rbi_exceptions is outside


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A belt the prisoner wears that the guard can trigger to give an electric shock.", ("products", "torture_goods")),
        ("Boxes that hand the call content of targets over to the agency.", ("capabilities", "interception")),
        ("The platform watches public posts, groups and channels and links accounts to real identities.", ("capabilities", "covert")),
    ],
)
def test_described_goods_and_functions(text: str, expected: tuple[str, str]) -> None:
    field, value = expected
    assert value in getattr(parse_text(text, embedder=None), field)


def test_a_bare_city_with_a_large_eu_namesake_is_the_eu_one() -> None:
    assert parse_text("We sell dome cameras to a hotel in Valencia.", embedder=None).destinations == ["ES"]
    assert parse_text("We sell dome cameras to a hotel in Valencia, Venezuela.", embedder=None).destinations == ["VE"]


def test_a_country_described_but_not_named_is_an_export() -> None:
    s = parse_text("Can we sell our monitoring software to a police unit in a country where dissent is punished?", embedder=None)
    assert s.export_region is not None and s.is_scenario


def test_investigations_are_not_investments() -> None:
    assert parse_text("We sell an open-source investigations platform to police forces in Chile.", embedder=None).seller_role != "investor"


@pytest.mark.parametrize(
    "text, company, destinations",
    [
        ("Hi, Lisbon here. A bank in Luanda wants 40 dome cameras.", "PT", ["AO"]),
        ("Tallinn office. A port in Mombasa wants 20 cameras.", "EE", ["KE"]),
        ("Danish sub question: a ministry in Hanoi wants our analytics.", "DK", ["VN"]),
        ("Dubai office of our distributor wants cameras; we are a Dutch maker.", "NL", ["AE"]),
    ],
)
def test_the_writers_office_named_first(text: str, company: str, destinations: list[str]) -> None:
    s = parse_text(text, embedder=None)
    assert (s.company_country, s.destinations) == (company, destinations)


def test_a_report_about_a_country_is_not_a_destination() -> None:
    s = parse_text("After reading a report on police cameras in Iran, we wonder about our sale of door cameras to a retailer in Oslo.", embedder=None)
    assert s.destinations == ["NO"]


def test_being_told_by_the_buyer_is_not_an_authority_letter() -> None:
    assert parse_text("The ministry buys it, and our account manager was told it is for prosecuting critics.", embedder=None).authority_informed is None


@pytest.mark.parametrize(
    "text, protective",
    [
        ("The embassy of an EU member state in Tehran wants thermal cameras for its perimeter.", True),
        ("A German embassy in Tehran wants the cameras to protect its diplomatic staff.", True),
        ("An Iranian ministry wants thermal cameras for its perimeter.", None),
    ],
)
def test_goods_for_protecting_eu_personnel(text: str, protective: bool | None) -> None:
    assert parse_text(text, embedder=None).eu_protective_use is protective


def test_a_module_in_the_telecoms_part_of_the_list_is_listed() -> None:
    assert parse_text("Our engineers say the module is covered in the telecoms part of the dual-use list.", embedder=None).dual_use_listed is True


@pytest.mark.parametrize(
    "text, products, capabilities",
    [
        ("The border unit wants six pairs of night-sight goggles and two thermal binoculars.", ["thermal_camera", "night_vision"], ["thermal_imaging", "night_vision"]),
        ("We ship 300 baby cams and doorbell cams to a webshop in Oslo.", ["fixed_camera"], []),
        ("The start-up sells a SOCMINT platform to police forces.", [], ["interception"]),
        ("Small boxes that log the MAC addresses of passing phones in the square.", [], ["interception", "covert"]),
    ],
)
def test_products_and_capabilities_in_trade_words(text: str, products: list[str], capabilities: list[str]) -> None:
    parsed = parse_text(text, embedder=None)
    assert parsed.products == products
    assert parsed.capabilities == capabilities


@pytest.mark.parametrize(
    "text, destinations",
    [
        ("Leave Syria aside: the order now comes from a hotel in Amman, nothing to do with Syria.", ["JO"]),
        ("Other than Belarus, which we refuse, the distributor wants to sell in Tbilisi.", ["GE"]),
        ("A client in Baku wants 20 cameras.", ["AZ"]),
    ],
)
def test_dismissed_countries_are_not_destinations(text: str, destinations: list[str]) -> None:
    assert parse_text(text, embedder=None).destinations == destinations


def test_a_body_that_might_get_access_is_a_red_flag_not_a_party() -> None:
    wondered = "Malls in Shiraz want 500 domes from our Turkish partner; he thinks the police might get the footage later."
    assert parse_text(wondered, embedder=None).listed_entities == []
    stated = "The police of Shiraz want 500 domes via our Turkish partner."
    assert [e.locator for e in parse_text(stated, embedder=None).listed_entities] == ["Annex I — entities, entry 8"]


@pytest.mark.parametrize(
    "text, face",
    [
        ("Members look into the door reader, which compares them against their own stored photo. No watchlist, no crowd scanning.", False),
        ("The reader checks the face against the photo registered for that card.", False),
        ("The reader compares every visitor with a watchlist of banned members.", True),
    ],
)
def test_one_to_one_verification_is_not_facial_recognition(text: str, face: bool) -> None:
    assert ("facial_recognition" in parse_text("Face recognition at the gym door. " + text, embedder=None).capabilities) is face


@pytest.mark.parametrize(
    "text, fair, repair, military",
    [
        ("We'd like to take two cooled cameras to an expo in Santiago and ship them back once the show closes.", True, None, None),
        ("A visitor wants to buy the exhibit off the stand on the last day of the expo in Santiago.", False, None, None),
        ("The camera came back with a defective shutter; we fixed it and want to return it to the same customer in Mumbai.", None, True, None),
        ("A shipyard asks for our daylight zoom cameras to be fitted on warships for a navy under an EU arms embargo.", None, None, True),
        ("A navy in Chile wants our daylight zoom cameras for its harbour fence.", None, None, None),
    ],
)
def test_general_authorisation_and_military_facts(text: str, fair: bool | None, repair: bool | None, military: bool | None) -> None:
    parsed = parse_text(text, embedder=None)
    assert (parsed.temporary_exhibition, parsed.return_after_repair, parsed.military_incorporation) == (fair, repair, military)


def test_the_country_of_the_fair_is_the_destination_of_a_temporary_export() -> None:
    assert parse_text("We will show the 6A003 unit at a fair in Istanbul and bring it back afterwards.", embedder=None).destinations == ["TR"]


@pytest.mark.parametrize(
    "text, users",
    [
        ("A call-centre in Lyon wants the add-on.", ["employer"]),
        ("A children's hospital in Tartu wants 60 cameras.", ["commercial"]),
    ],
)
def test_end_users_in_plain_words(text: str, users: list[str]) -> None:
    assert parse_text(text, embedder=None).end_user_types == users


def test_our_own_warehouse_is_where_we_are_not_where_the_goods_go() -> None:
    parsed = parse_text("Our Antwerp warehouse got an order from a hotel in Nairobi for 30 cameras.", embedder=None)
    assert (parsed.company_country, parsed.destinations) == ("BE", ["KE"])


@pytest.mark.parametrize(
    "text, company, destinations",
    [
        ("Context: Graz, GmbH, we build analytics. The interior ministry of Kenya is bidding.", "AT", ["KE"]),
        ("Our Estonian OÜ sells the tool to a regulator in Nairobi.", "EE", ["KE"]),
        ("A customer in Lyon wants 20 cameras.", None, ["FR"]),
    ],
)
def test_a_legal_form_after_a_place_is_where_the_writer_is(text: str, company: str | None, destinations: list[str]) -> None:
    parsed = parse_text(text, embedder=None)
    assert (parsed.company_country, parsed.destinations) == (company, destinations)


@pytest.mark.parametrize(
    "text, wmd",
    [
        ("Our checks show the buyer's plant belongs to a nerve agent programme.", True),
        ("The end user builds ballistic missile production lines.", True),
        ("Could any camera ever end up in a chemical weapons plant?", None),
    ],
)
def test_weapons_of_mass_destruction_stated_as_a_fact(text: str, wmd: bool | None) -> None:
    assert parse_text(text, embedder=None).wmd_end_use is wmd


def test_negations_with_have_and_nothing() -> None:
    parsed = parse_text("A private ISP wants DPI boxes. We haven't seen any government link, and nothing thermal is involved.", embedder=None)
    assert "government" not in parsed.end_user_types and "thermal_imaging" not in parsed.capabilities


def test_the_morality_headquarters_in_other_words_is_the_listed_entity() -> None:
    text = "The end user is Iran's HQ for 'promoting virtue and preventing vice'."
    assert [e.locator for e in parse_text(text, embedder=None).listed_entities] == ["Annex I — entities, entry 16"]


def test_faces_compared_after_the_fact_with_a_list_are_facial_recognition() -> None:
    text = "The chain wants to compare customers' faces, an hour later, against its list of banned people."
    assert "facial_recognition" in parse_text(text, embedder=None).capabilities


@pytest.mark.parametrize(
    "text, role",
    [
        ("We're a one-man broker in Antwerp; a plant in Taiwan ships the cores straight to the buyer in Chile.", "broker"),
        ("I put buyer and seller together and take a cut, but the goods never enter the EU.", "broker"),
        ("We make thermal cameras in Ghent and ship them to Chile.", "maker"),
    ],
)
def test_a_broker_between_third_countries(text: str, role: str) -> None:
    assert parse_text(text, embedder=None).seller_role == role


@pytest.mark.parametrize(
    "text, informed",
    [
        ("The licensing office replied that the cameras may be used against protesters.", True),
        ("The ministry sent us a note about the order last night.", True),
        ("The licensing office replied that our paperwork was complete, and nobody raised anything else.", None),
    ],
)
def test_what_the_authority_said_must_be_a_concern_unless_it_wrote_or_warned(text: str, informed: bool | None) -> None:
    assert parse_text(text, embedder=None).authority_informed is informed


@pytest.mark.parametrize(
    "text, services",
    [
        ("We calibrate thermal cameras that the plant bought from other suppliers. We wouldn't export any hardware, just our people on site.", True),
        ("Our engineers would train the operators; no equipment of ours is shipped.", True),
        ("It's purely a consulting job: we advise the integrator on the camera layout.", True),
        ("We ship 40 thermal cameras to Chile and our engineers train the operators.", None),
        ("Would we need a licence if we didn't export any hardware and only trained them?", None),
    ],
)
def test_services_on_goods_we_do_not_export_are_technical_assistance(text: str, services: bool | None) -> None:
    assert parse_text(text, embedder=None).services_only is services


@pytest.mark.parametrize(
    "text, parties",
    [
        ("We wouldn't export any hardware, it's just our people on site.", []),
        ("Our Graz GmbH trains operators. We (Acme Optics GmbH) sell to Pars Vision Ltd.", ["Pars Vision Ltd"]),
        ("The buyer is Negin Tadbir Co. and our partner Rahbaran GmbH will ship.", ["Negin Tadbir Co", "Rahbaran GmbH"]),
        ("It's too late for the 'Blue Star' contract.", ["Blue Star"]),
    ],
)
def test_apostrophes_are_not_quotes_and_our_own_company_is_not_screened(text: str, parties: list[str]) -> None:
    assert extract_parties(text) == parties


@pytest.mark.parametrize(
    "text, purpose",
    [
        ("The cab camera warns when a driver's drowsiness rises, to prevent accidents.", True),
        ("Emotion AI for call-centre staff, to watch their mood for health and safety purposes.", True),
        ("The system spots seizures or panic attacks in patients and alerts the nurse.", True),
        ("The school wants to know whether pupils are bored or frustrated during class.", None),
        ("HR wants a weekly mood score per employee to decide on bonuses.", None),
    ],
)
def test_a_medical_or_safety_purpose_for_emotion_inference(text: str, purpose: bool | None) -> None:
    assert parse_text(text, embedder=None).medical_or_safety_purpose is purpose


@pytest.mark.parametrize(
    "text, zone",
    [
        ("The trader wants them delivered into its bonded free warehouse at the Geneva Freeport.", True),
        ("Ship to the Jebel Ali free zone, please.", True),
        ("Ship to the customer's warehouse in Geneva.", None),
    ],
)
def test_a_free_zone_or_free_warehouse(text: str, zone: bool | None) -> None:
    assert parse_text(text, embedder=None).free_zone is zone


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("Plus 200 cuff points to be anchored in the walls of the isolation block.", "products", ["torture_goods"]),
        ("I'm arranging a deal that a factory in China will ship directly to a customer in Peru. I never touch the goods.", "destinations", ["PE"]),
        ("I'm arranging a deal that a factory in China will ship directly to a customer in Peru. I never touch the goods.", "seller_role", "broker"),
        ("We are a Tallinn software house selling to a police unit in Minsk.", "company_country", "EE"),
        ("The cameras are for tracking test launches of their nuclear-capable ballistic missiles.", "wmd_end_use", True),
        ("The modules will go into the gunner sights and driver-vision systems of armoured vehicles; the country is under an EU arms embargo.", "military_incorporation", True),
        ("A student group fears the footage will be shared with police to identify protesters.", "misuse_indicated", None),
        ("The module reads the pickers' facial expressions and flags who looks frustrated so shift leads can step in.", "end_user_types", ["employer"]),
        ("A thermal camera came back to our workshop with a dead cooler; we swapped it and want to send it back to the same mine.", "return_after_repair", True),
        ("A lab bought the cameras from a US distributor years ago, not from us; they want remote sessions with our engineer.", "services_only", True),
    ],
)
def test_sixth_session_paraphrases(text: str, field: str, value: object) -> None:
    assert getattr(parse_text(text, embedder=None), field) == value


def test_a_chair_with_shackles_is_a_banned_good_and_a_slogan_is_no_end_user() -> None:
    assert "torture_goods" in parse_text('60 "restraint chairs" (steel frame with ankle and wrist shackles).', embedder=None).products  # Annex II 2.5
    assert "torture_goods" not in parse_text("60 restraint chairs fitted only with straps.", embedder=None).products
    said = parse_text("Our forwarder says 'thermal = military' and wants a licence number. The buyer is a dairy farm in Kenya.", embedder=None)
    assert "military" not in said.end_user_types and said.destinations == ["KE"]


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("The goods go straight to the plants in Japan, not into a free zone.", "free_zone", None),
        ("Into the Geneva free-port warehouse, please.", "free_zone", True),
        ("The distributor wants us to sell the units on the stand instead of bringing them back.", "temporary_exhibition", False),
        ("Cameras with emotion recognition in our cinemas, facing the seats only, never staff areas. Banned like workplace emotion recognition?", "end_user_types", []),
        ("An engineering firm abroad wants 80 inspection cameras; they will monitor the machining line for ballistic missiles.", "is_scenario", True),
        ("now 1 cam broke, the mine sends it back to us for repair. after fixing we return it to the same mine", "return_after_repair", True),
        ("Gimbal modules, our classification: not in Annex I, for military reconnaissance drones of an army under an EU arms embargo.", "dual_use_listed", False),
        ("IMSI catchers to be built into their armoured recon vehicles; the country is under an EU arms embargo.", "military_incorporation", True),
        ("We checked the EU Iran list for the buyer in Winnipeg.", "destinations", ["CA"]),
    ],
)
def test_blind_sets_20_and_21_paraphrases(text: str, field: str, value: object) -> None:
    assert getattr(parse_text(text, embedder=None), field) == value


# A bare ask about the law over a described deal is a scenario, not a question about the standards
@pytest.mark.parametrize(
    "text, facts",
    [
        ("Wholesaler in Trnava selling ordinary IP dome cameras to installers in Czechia and Austria. Does shipping inside the EU need a licence?",
         {"is_scenario": True, "destinations": ["CZ", "AT"], "company_country": "SK"}),
        ("Number-plate cameras at the barrier of a hotel car park in Graz to open the gate for guests. AI Act issue?",
         {"is_scenario": True, "capabilities": ["anpr"], "destinations": ["AT"]}),
        ("A bakery chain in Porto wants footfall counting on its shop cameras, nobody identified. Anything special?",
         {"is_scenario": True, "destinations": ["PT"]}),
        ("The gym wants face unlock at the door: the reader only checks whether he is the member on this card.",
         {"biometric_verification": True}),
        ("Cork installer: 10 plain cameras for a library, recorded locally. Any export angle?", {"export_region": None}),
    ],
)
def test_short_legal_asks_over_a_deal(text: str, facts: dict[str, object]) -> None:
    parsed = parse_text(text, embedder=None)
    assert {k: getattr(parsed, k) for k in facts} == facts


@pytest.mark.parametrize(
    "text, services, military",
    [
        # technical assistance on goods someone else sold: no export of the writer's (Reg. 2021/821 Art 8, not Art 3)
        ("Small camera service company in Pärnu. A client in Laos bought thermal cores from a supplier in Asia, not from us; they want our engineers to calibrate them.", True, None),
        ("Riga consultancy: we would tune listed thermal cores that a Kenyan client bought from Taiwan.", True, None),
        ("Our ministry wrote to us that the cameras we support remotely for a client in Yangon, bought from another supplier, may be intended for a military end-use in Myanmar.", True, True),
        ("We sell thermal cameras to a consultancy in Singapore.", None, None),
    ],
)
def test_services_on_goods_bought_elsewhere(text: str, services: bool | None, military: bool | None) -> None:
    parsed = parse_text(text, embedder=None)
    assert (parsed.services_only, parsed.military_incorporation) == (services, military)


def test_lower_case_cities_before_a_party_noun_and_signatures() -> None:
    from assistant.places import find_places

    assert [(p.text, p.code) for p in find_places("antwerp distrib here. tehran reseller wants thermal scopes")] == [("antwerp", "BE"), ("tehran", "IR")]
    assert find_places("the split reseller wants a reading office") == []
    signed = parse_text("We sell a tracking platform to the national police of a country in Central Asia.\n— Jonas (Compliance, Vigil GmbH, Graz)", embedder=None)
    assert (signed.destinations, signed.company_country, signed.export_region) == ([], "AT", "Central Asia")


@pytest.mark.parametrize(
    "text, stage",
    [
        # the country's record, reported before a tender, is not misuse of goods already sold
        ("Dutch integrator. Egypt's interior ministry tender for 400 cameras with face search. NGO reports talk about arrests of journalists.", "pre_contract"),
        ("NGO reports say the police used the cameras we delivered last year to identify protesters.", "misuse_discovered"),
    ],
)
def test_reported_record_before_a_sale_keeps_the_deal_stage(text: str, stage: str) -> None:
    assert parse_text(text, embedder=None).stage == stage


@pytest.mark.parametrize(
    "text, caps",
    [
        ("Engineering wants to cut out every face in all the stored recordings and pour them into one face index.", ["face_scraping"]),
        ("Investigators take a still from footage and search it against their mugshot database.", ["facial_recognition"]),
        ("Every shopper's face compared in real time against a list of known shoplifters.", ["facial_recognition"]),
    ],
)
def test_face_functions_in_plain_words(text: str, caps: list[str]) -> None:
    assert [c for c in parse_text(text, embedder=None).capabilities if c in ("face_scraping", "facial_recognition")] == caps


@pytest.mark.parametrize(
    "text, field, value",
    [
        # a second member of a list under one negation is negated too
        ("Screening finds no listed owners or links to the police or IRGC. The buyer is a hotel chain in Mashhad.", "end_user_types", ["commercial"]),
        ("The buyer is the police in Mashhad.", "end_user_types", ["police"]),
        # the writer's own job at a company in a city: the company's country, not a destination
        ("I handle compliance at a camera manufacturer in Tampere. A ministry in Baku wants 40 dome cameras.", "company_country", "FI"),
        ("I handle compliance at a camera manufacturer in Tampere. A ministry in Baku wants 40 dome cameras.", "destinations", ["AZ"]),
        # a bank's own loan makes the writer a financier
        ("Our bank in Ljubljana is extending a loan to a Czech camera maker to expand its factory.", "seller_role", "investor"),
        ("We took a loan from our bank to build a camera line.", "seller_role", "maker"),
        # brokering in so many words, with a control-list entry between verb and maker
        ("We'd broker 6A003.a cameras from a Korean maker to a buyer in Kazakhstan.", "seller_role", "broker"),
        # a service team sent abroad to install goods bought elsewhere
        ("The customer bought the cameras in China. Our Nantes service team would go to Casablanca to install them.", "services_only", True),
        # abuse described by its practice
        ("There are reports of ethnic profiling and arbitrary detention at those checkpoints run by the police.", "misuse_indicated", True),
        # a workshop card told in the third person: the seller's nationality is where the company is, not a transit country
        ("Trainer's case: a Dutch wholesaler sells standard HD dome cameras to a hotel chain in Mashhad.", "company_country", "NL"),
        ("Trainer's case: a Dutch wholesaler sells standard HD dome cameras to a hotel chain in Mashhad.", "transit", []),
        ("A Dubai reseller sells our cameras on to Iran.", "transit", ["AE"]),
        # "non-listed" negates a listing, not what the goods do
        ("Our non-listed software matches intercepted phone calls against a voiceprint database.", "capabilities", ["interception"]),
        # the writer's own unease is no knowledge of misuse; a past use is
        ("We're uneasy about how it could be used against women or activists.", "misuse_indicated", None),
        ("They have used such cameras against protesters before.", "misuse_indicated", True),
        # the buyer's own papers are first-hand knowledge, not a report
        ("The integrator's project papers (they copied us by mistake) show the end user is a police unit that UN reports link to enforced disappearances, and the tasking list is mostly opposition organisers.", "misuse_reported_only", None),
        # a control-list entry stated without a preposition
        ("Our transmitters are classified 5A002.a.2.", "dual_use_listed", True),
    ],
)
def test_tenth_session_paraphrases(text: str, field: str, value: object) -> None:
    assert getattr(parse_text(text, embedder=None), field) == value


def test_a_follow_up_that_says_not_the_police_drops_the_police() -> None:
    from assistant.scenario import understand
    from assistant.types import Turn

    history = [
        Turn(role="user", content="Odense company. We export OC pepper spray to the police in Greenland. Do we need an anti-torture licence?"),
        Turn(role="assistant", content="(memo)"),
    ]
    before = understand("Odense company. We export OC pepper spray to the police in Greenland. Do we need an anti-torture licence?", embedder=None)
    after = understand("And if the buyer is not the police but a private security contractor guarding a mine near Nuuk?", history, embedder=None)
    assert before.end_user_types == ["police"]
    assert "police" not in after.end_user_types and after.destinations == ["GL"] and after.products == ["law_enforcement_goods"]
