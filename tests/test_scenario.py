"""Scenario parser: places and their roles, capabilities from descriptions, Annex I end users, follow-ups.

All tests use the lexicon alone (`embedder=None`) or a tiny fake embedder, so they
run in milliseconds without the model.
"""

from __future__ import annotations

import pytest
from langchain_core.embeddings import Embeddings

from assistant import scenario as parser
from assistant.errors import CorpusError
from assistant.places import find_places
from assistant.reader import load_examples
from assistant.scenario import extract_parties, parse_text, understand
from assistant.types import Scenario, Turn


def parse(text: str, history: list[str] | None = None) -> Scenario:
    return understand(text, [Turn(role="user", content=h) for h in history or []], embedder=None)


# --- where the asking company is -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "in_eu"),
    [
        ("We are an EU camera maker. Can we sell dome cameras to a hotel in Chile?", None, True),
        ("A Portuguese camera maker wants to sell dome cameras to a hotel in Chile.", "PT", True),
        ("We run a platform from Latvia for shops in Ankara.", "LV", True),
        ("Our Lisbon office got an enquiry from a distributor in Chile.", "PT", True),
        ("We are a German maker; a Dubai distributor wants thermal cameras for the municipality of Tehran.", "DE", True),
        ("Established in Croatia, our company sells ANPR to parking operators in Zagreb.", "HR", True),
        ("We're a Swiss company exporting bullet cameras to a police department in Kenya.", "CH", False),
    ],
)
def test_company_country_from_demonyms_and_phrases(text: str, country: str | None, in_eu: bool) -> None:
    s = parse(text)
    assert (s.company_country, s.company_in_eu) == (country, in_eu)


def test_places_and_demonyms_are_never_parties() -> None:
    s = parse("A Portuguese camera maker with a Lisbon office runs a platform from Latvia for a mall in Ankara.")
    assert s.parties == []
    assert extract_parties("Our Lisbon office sells to Imen Sanat Zaman Fara Company in Tehran.") == [
        "Imen Sanat Zaman Fara Company"
    ]
    assert extract_parties("A hotel in Kish Island and a port in Bandar Abbas.") == []


# --- destinations and transit ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "destinations", "transit"),
    [
        ("We are an EU camera maker and a hotel chain in Chile wants 300 dome cameras.", ["CL"], []),
        ("A reseller in Shiraz wants our bullet cameras.", ["IR"], []),
        ("A Dubai distributor wants thermal cameras for the municipality of Tehran.", ["IR"], ["AE"]),
        ("Cameras for the municipality of Shiraz, shipped via Dubai.", ["IR"], ["AE"]),
        ("We resell Chinese cameras to a mall in Iraq.", ["IQ"], []),
        ("We sell to a wholesaler in Rotterdam who supplies shops across Russia.", ["RU"], ["NL"]),
        ("We are negotiating with a buyer from Islamabad.", ["PK"], []),
    ],
)
def test_destinations_and_transit(text: str, destinations: list[str], transit: list[str]) -> None:
    s = parse(text)
    assert (s.destinations, s.transit) == (destinations, transit)


def test_gazetteer_cities_and_ambiguous_words() -> None:
    assert [(p.text, p.code) for p in find_places("Offices in Madrid, Mashhad and Lisbon.")] == [
        ("Madrid", "ES"),
        ("Mashhad", "IR"),
        ("Lisbon", "PT"),
    ]
    assert find_places("Split the order and ship the Mobile units.") == []
    assert [(p.text, p.code) for p in find_places("a port in Split")] == [("Split", "HR")]
    assert [(p.text, p.code) for p in find_places("Chile's police and the UAE")] == [("Chile", "CL"), ("UAE", "AE")]


# --- capabilities and end users from descriptions -------------------------------------------


def test_emotion_recognition_from_a_description_with_school_end_user() -> None:
    s = parse("We sell analytics that work out from pupils' faces whether they are bored.")
    assert s.capabilities == ["emotion_recognition", "video_analytics"]
    assert s.end_user_types == ["school"]


@pytest.mark.parametrize(
    ("text", "capabilities"),
    [
        ("The system sorts visitors into groups by ethnicity and gender.", ["ethnicity_analytics", "biometric_categorisation"]),
        ("The system collects photos of faces from websites to grow its gallery.", ["face_scraping"]),
        (
            "Police want to identify people in the crowd in real time at demonstrations using our face matching.",
            ["facial_recognition", "remote_biometric_identification"],
        ),
        ("Our platform lets the operator listen to phone calls and read text messages of subscribers.", ["interception"]),
        ("Do the cameras see in total darkness?", ["night_vision"]),
        ("It reads licence plates of cars entering the car park.", ["anpr"]),
        ("Our support team logs into the customers' recorders from abroad.", ["remote_access"]),
    ],
)
def test_capabilities_from_descriptions(text: str, capabilities: list[str]) -> None:
    assert parse(text).capabilities == capabilities


def test_employer_and_university_end_users() -> None:
    assert parse("The buyer is a call centre that wants to monitor its agents' moods.").end_user_types == ["employer"]
    assert parse("Our cameras estimate whether students in the lecture hall are paying attention.").end_user_types == [
        "university"
    ]


# --- misuse -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They want the cameras to identify protesters.", True),
        ("Reports show the buyer used our cameras against women not wearing the hijab.", True),
        ("We learned the police use them to track activists.", True),
        ("There is no indication that the buyer would misuse the equipment.", False),
        ("The municipality wants cameras to manage traffic flow.", None),
    ],
)
def test_misuse_indicated(text: str, expected: bool | None) -> None:
    assert parse(text).misuse_indicated is expected


# --- Annex I end users ------------------------------------------------------------------------


def test_iranian_traffic_police_maps_to_lef_entry_with_reason() -> None:
    s = parse("We sell ANPR cameras to the Iranian traffic police in Mashhad.")
    assert [(e.mention, e.source_id, e.locator) for e in s.listed_entities] == [
        ("traffic police in Mashhad", "eu-359-2011", "Annex I — entities, entry 8")
    ]
    assert "Law Enforcement Forces" in s.listed_entities[0].reason


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("Morality police patrols in Shiraz would use the body cameras.", [5, 8]),
        ("Could we sell body cams to FARAJA?", [8]),
        ("A Basij unit in Isfahan wants drones.", [6]),
        ("An IRGC regional command in Ahvaz asked for thermal scopes.", [28]),
        ("We're a Dutch distributor selling to Evin Prison.", [2]),
        ("The buyer is the police in Munich.", []),
        ("A distributor in Almaty will supply a traffic police unit in Tashkent.", []),
        ("Our Iranian partner supplies the Revolutionary Guards.", []),
    ],
)
def test_annex_i_entries(text: str, entries: list[int]) -> None:
    assert [e.locator for e in parse(text).listed_entities] == [f"Annex I — entities, entry {n}" for n in entries]


# --- follow-ups -------------------------------------------------------------------------------

FIRST = "We are a Dutch maker selling thermal cameras with facial recognition to the traffic police in Tehran."


def test_negated_follow_up_removes_thermal_and_keeps_the_rest() -> None:
    s = parse("and if the cameras had no thermal channel, only visible light?", [FIRST])
    assert s.products == ["fixed_camera"]
    assert s.capabilities == ["facial_recognition"]
    assert (s.destinations, s.end_user_types, s.company_country) == (["IR"], ["police"], "NL")
    assert [e.locator for e in s.listed_entities] == ["Annex I — entities, entry 8"]


def test_instead_follow_up_replaces_destination_and_end_user() -> None:
    s = parse("what if the buyer were a mall in Dubai instead", [FIRST])
    assert (s.destinations, s.transit, s.end_user_types) == (["AE"], [], ["commercial"])
    assert s.products == ["thermal_camera"] and "thermal_imaging" in s.capabilities
    assert s.listed_entities == []


def test_also_follow_up_adds_a_capability() -> None:
    s = parse(
        "And if they also wanted emotion detection?", ["We're a Spanish maker selling dome cameras to a school in Morocco."]
    )
    assert (s.capabilities, s.company_country, s.destinations) == (["emotion_recognition"], "ES", ["MA"])


# --- optional embedding layer -----------------------------------------------------------------


class _KeywordEmbedder(Embeddings):
    """Two-dimensional fake: the reader's emotion examples and texts with 'glimmer' point one way, all else the other."""

    def _vec(self, text: str) -> list[float]:
        groups = load_examples()["capabilities"]
        emotion = "glimmer" in text or any(t == text and label == "emotion_recognition" for label, t in zip(groups.labels, groups.texts))
        return [1.0, 0.0] if emotion else [0.0, 1.0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def test_embedding_layer_adds_capabilities_only_when_given_an_embedder() -> None:
    text = "Our cameras look for a glimmer in every shopper."
    assert "emotion_recognition" not in parse_text(text, embedder=None).capabilities
    assert parse_text(text, embedder=_KeywordEmbedder()).capabilities == ["emotion_recognition"]
    # sentences under a negation are not read for capabilities
    assert parse_text("Our cameras do not look for a glimmer in shoppers.", embedder=_KeywordEmbedder()).capabilities == []


def test_bad_lexicon_entry_names_the_file_and_fix() -> None:
    with pytest.raises(CorpusError, match="facts.yaml: capabilities.x: an entry must be a regex or a mapping"):
        parser._compile_rule({"regex": "x"}, "capabilities.x")


def test_follow_up_moving_the_intermediary_keeps_the_final_destination() -> None:
    s = parse(
        "What if the distributor were in Turkey rather than the UAE?",
        ["We sell dome cameras to a mall in Tehran through a distributor in Dubai."],
    )
    assert (s.destinations, s.transit) == (["IR"], ["TR"])
    # when the intermediary was the only destination, moving it moves the destination
    s = parse("Same deal, but the reseller is in Muscat.", ["A reseller in Shiraz asked for 100 IP cameras."])
    assert (s.destinations, s.transit) == (["OM"], [])


def test_large_cities_in_lower_case_after_a_preposition() -> None:
    s = parse("we are headquartered in brussels and sell to kenya")
    assert (s.company_country, s.company_in_eu, s.destinations) == ("BE", True, ["KE"])


def test_place_lexicon_refuses_a_code_yaml_read_as_boolean(tmp_path) -> None:
    from assistant.errors import CorpusError
    from assistant.places import Gazetteer

    bad = tmp_path / "places.yaml"
    bad.write_text("demonyms:\n  Norwegian: NO\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="Norwegian.*False.*quote codes"):
        Gazetteer(bad)


def test_norway_follow_up_keeps_its_country_code() -> None:
    history = [Turn(role="user", content="We export 6A003 thermal cameras from the Netherlands to an integrator in Norway.")]
    s = understand("Our Norwegian customer will pass half of them on to a partner in Tabriz. Can we still ship?", history, embedder=None)
    assert all(isinstance(c, str) for c in [*s.destinations, *s.transit])
    assert "IR" in s.destinations and "NO" in s.transit


# --- self-descriptions, places that are not destinations, consignees --------------------------


@pytest.mark.parametrize(
    ("text", "company", "destinations"),
    [
        # a nationality and an organisation noun opening the message, then "here" or punctuation
        ("Portuguese integrator here. A hotel in Luanda wants cameras.", "PT", ["AO"]),
        ("Austrian firm, Graz. We sell bullet cameras to a port in Mombasa.", "AT", ["KE"]),
        ("Belgian start-up: our software counts shoppers for malls in Nairobi.", "BE", ["KE"]),
        # a city right after the self-description, in the same country, is the company too
        ("Czech SME here (Ostrava). A bank in Accra wants dome cameras.", "CZ", ["GH"]),
        ("we are a firm from Varna, Bulgaria. a school in Georgia wants cameras.", "BG", ["GE"]),
        # lower- or upper-case nationality words in a self-description
        ("we r a finnish reseller, buyer = hotel in Doha", "FI", ["QA"]),
        ("DUTCH COMPANY - can we send 20 dome cameras to a hospital in Lagos?", "NL", ["NG"]),
        # working for, seat, founded, greetings, "we in", our staff in, "like ours", "We're <nationality>"
        ("I'm Kenyan myself, working for a Danish camera maker; the buyer is a mall in Lusaka.", "DK", ["ZM"]),
        ("HQ: Aarhus. A port operator in Mombasa wants ANPR cameras.", "DK", ["KE"]),
        ("Founded in 2005 in Graz, we design video analytics; a bank in Nairobi is interested.", "AT", ["KE"]),
        ("Hello from Tampere! We build thermal cameras and a utility in Chile wants some.", "FI", ["CL"]),
        ("Korean cameras arrive in bulk; we in Antwerp relabel them for a retailer in Dakar.", "BE", ["SN"]),
        ("our engineers in Porto maintain the recorders for a casino in Macau", "PT", ["MO"]),
        ("Could a Norwegian firm like ours sell thermal cameras to the Egyptian army?", "NO", ["EG"]),
        ("We're Canadian with no office in Europe, and a hospital in Lyon wants our software.", "CA", ["FR"]),
        ("We make doorbells with built-in cameras in Porto and want to sell them in Angola.", "PT", ["AO"]),
    ],
)
def test_self_descriptions_name_the_company_not_a_destination(text: str, company: str, destinations: list[str]) -> None:
    s = parse(text)
    assert (s.company_country, s.destinations) == (company, destinations)


@pytest.mark.parametrize(
    ("text", "company", "destinations"),
    [
        # negative cases: a foreign organisation is a buyer, not us
        ("A German maker wants our cameras.", None, ["DE"]),
        ("Turkish distributor, Ankara, wants to buy 50 PTZ cameras.", None, ["TR"]),
        ("Iranian company, based in Tehran, wants our thermal cameras.", None, ["IR"]),
        ("A distributor in Dubai wants cameras for a mall in Oman.", None, ["OM"]),
        ("A Spanish integrator asked us for a quote for a hotel in Rabat.", None, ["MA"]),
        ("We are a French maker; a customer in Paris wants cameras.", "FR", ["FR"]),
    ],
)
def test_foreign_organisations_are_not_our_company(text: str, company: str | None, destinations: list[str]) -> None:
    s = parse(text)
    assert (s.company_country, s.destinations) == (company, destinations)


@pytest.mark.parametrize(
    ("text", "destinations"),
    [
        # fairs and meetings
        ("We saw the client at a security expo in Istanbul; the site is a hospital in Tehran.", ["IR"]),
        ("We met them at Eurosatory in Paris and the buyer is the coast guard of Oman.", ["OM"]),
        ("The conference in Madrid is where we first talked; the customer is a Chilean bank.", ["CL"]),
        # past work
        ("We used to sell in Russia; now a Kazakh bank wants cameras.", ["KZ"]),
        ("We did a previous installation in Riyadh, but this one is a school in Amman.", ["JO"]),
        # negated sales
        ("We won't ship to Syria; the order is for a retailer in Amman.", ["JO"]),
        ("We are not exporting to Russia - the customer is in Armenia.", ["AM"]),
        # nationality and home of persons
        ("The project manager is a Syrian national; the client is a school in Jordan.", ["JO"]),
        ("Our agent, a Turkish citizen living in Vienna, found a hotel in Tbilisi.", ["GE"]),
    ],
)
def test_meetings_past_work_negations_and_persons_are_not_destinations(text: str, destinations: list[str]) -> None:
    assert parse(text).destinations == destinations


def test_negation_with_directly_and_repeat_orders_keep_the_destination() -> None:
    s = parse("We do not sell to Iran directly but via a partner in Armenia.")
    assert (s.destinations, s.transit) == (["IR"], ["AM"])
    assert parse("We did a similar project in Tehran in 2021 and they want it again.").destinations == ["IR"]
    assert parse("Our cameras are headed for the Iranian national police.").destinations == ["IR"]


@pytest.mark.parametrize(
    ("text", "destinations", "transit"),
    [
        ("Goods land in Baku and then go by rail to a ministry in Tashkent.", ["UZ"], ["AZ"]),
        ("We sell to a wholesaler in Hamburg whose end customers are police forces in Egypt.", ["EG"], ["DE"]),
        ("The consignee is a forwarder in Dubai; the final destination is a hospital in Pakistan.", ["PK"], ["AE"]),
        ("Delivery address is a warehouse in Aqaba, but the real user is a ministry in Iraq.", ["IQ"], ["JO"]),
        ("Our Baku partner installs the VMS for a mall in Tbilisi.", ["GE"], ["AZ"]),
        ("We would route the order through our Dubai subsidiary to a police force in Kenya.", ["KE"], ["AE"]),
        # the end user named after a consignee never moves Iran out of the destinations
        ("The goods go to a logistics firm in Tehran; the end user is a hospital in Baghdad.", ["IR", "IQ"], []),
    ],
)
def test_consignee_and_stopover_countries_are_transit(text: str, destinations: list[str], transit: list[str]) -> None:
    s = parse(text)
    assert (s.destinations, s.transit) == (destinations, transit)


def test_accentless_city_names_are_found() -> None:
    assert [(p.text, p.code) for p in find_places("a supermarket chain in Reykjavik")] == [("Reykjavik", "IS")]


def test_a_follow_up_that_drops_a_destination_and_names_a_new_one() -> None:
    history = [
        Turn(role="user", content="We make thermal cameras in Lyon. Can we sell them to a reseller in Isfahan?"),
        Turn(role="assistant", content="No: thermal cameras are Annex III equipment and Iran is barred."),
    ]
    s = understand("Fine, Iran is off the table. Same cameras, but the buyer would be a port in Durban, South Africa.", history, embedder=None)
    assert s.destinations == ["ZA"]


def test_a_follow_up_that_says_the_face_check_is_one_to_one() -> None:
    history = [
        Turn(role="user", content="We are installing face recognition at our office entrance in Ghent."),
        Turn(role="assistant", content="It depends on what the system does."),
    ]
    s = understand("Staff look into the gate camera and it only confirms it's really them against their own enrolled photo.", history, embedder=None)
    assert "facial_recognition" not in s.capabilities


def _turns(*texts: str) -> Scenario:
    from assistant.types import Turn

    history = [Turn(role="user", content=t) for t in texts[:-1]]
    return understand(texts[-1], history, embedder=None)


def test_a_follow_up_that_takes_back_the_authority_letter() -> None:
    first = "Our Warsaw company sells an OSINT platform to a police unit in Dhaka. The ministry wrote to us that it may be used for repression."
    assert _turns(first).authority_informed is True
    assert _turns(first, "Hypothetically: if the ministry had never written, but our own checks found a memo on tracking protest leaders?").authority_informed is False


def test_a_new_end_user_instead_drops_the_old_parties_and_misuse() -> None:
    first = "A Dubai integrator ordered 260 plain IP dome cameras; the project sheet says they go to Radis Vira Tejarat in Tehran."
    later = _turns(first, "What if the integrator's end client were instead a private hotel group on Kish Island?")
    assert later.parties == [] and later.destinations == ["IR"]
    rally = "The police in Kampala want 500 dome cams for squares where opposition rallies were broken up and protesters arrested."
    assert _turns(rally).misuse_indicated is True
    assert not _turns(rally, "Forget Kampala: same cameras, but the buyer is a supermarket chain in Lisbon.").misuse_indicated


def test_dropping_the_earlier_product_for_another_one() -> None:
    first = "A telco in Belgrade wants a deep packet inspection platform that intercepts VoIP calls on its backbone."
    assert "interception" in _turns(first).capabilities
    later = _turns(first, "What if we drop that and only sell them the traffic-shaping box for quality of service?")
    assert later.capabilities == [] and later.products == []


def test_one_to_one_verification_at_our_own_gates_is_a_scenario() -> None:
    s = understand("Facilities manager at our Milan HQ. We're buying face turnstiles: each employee enrols their face and the gate just checks that the person tapping in is who they say they are. Is it banned?", embedder=None)
    assert s.is_scenario and s.biometric_verification is True and s.company_country == "IT"
    assert "facial_recognition" not in s.capabilities and s.end_user_types == []  # "enrols" names no school


def test_a_persons_nationality_is_recorded_not_taken_for_a_destination() -> None:
    s = understand("A shop owner in Hamburg, an Iranian citizen living in Germany, wants two thermal imagers for heat leaks.", embedder=None)
    assert s.nationalities == ["IR"] and "IR" not in s.destinations


@pytest.mark.parametrize(
    "text, codes",
    [
        ("10 thermal cams to a mining company in chile", ["CL"]),
        ("we ship to turkey next week", ["TR"]),
        ("they sold it to us", []),
        ("cooked turkey with chile sauce", []),
        ("a distributor based in lisbon", ["PT"]),
        ("selling as saas to chains in DE/FR/IT", ["DE", "FR", "IT"]),
        ("we use TV/PC at home", []),
    ],
)
def test_lower_case_countries_and_code_lists_after_a_preposition(text: str, codes: list[str]) -> None:
    from assistant.places import find_places

    assert [p.code for p in find_places(text)] == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("a freight forwarder in piraeus ships it on to bandar abbas", ["GR", "IR"]),  # smaller and two-word cities
        ("below every threshold of the dual-use list", []),  # "dual" is an alternate name of Douala, not read in lower case
        ("we want to split the order; interested in reading the rules", []),  # everyday words stay words
        ("a letter from the Dept of Enterprise", []),
    ],
)
def test_lower_case_cities_need_a_preposition_and_an_uncommon_name(text: str, codes: list[str]) -> None:
    assert [p.code for p in find_places(text)] == codes


@pytest.mark.parametrize(
    ("text", "company", "destinations"),
    [
        ("Family metalworks near Solingen. We make handcuffs; an importer in Cairo wants 10,000 pairs.", "DE", ["EG"]),
        ("Sales ops in Stockholm. A university in Hong Kong wants our camera package.", "SE", ["HK"]),
        ("Family-owned distributor, Kraków. An Iranian hotel group wants 250 dome cameras.", "PL", ["IR"]),
        ("Engineering manager at a thermal camera company in Jena. A buyer in Shenzhen wants cores.", "DE", ["CN"]),
        ("Aarhus. We supply hotel Wi-Fi gateways to an integrator in Baku.", "DK", ["AZ"]),
        ("Sweden, Linköping. We make a VMS add-on for the ministry in Ashgabat.", "SE", ["TM"]),
        ("Riga company. We plan to export our VMS to a police command in Nairobi.", "LV", ["KE"]),
        ("Kosice SK, we sell video management software to police in Bishkek.", "SK", ["KG"]),
        ("Aveiro (PT) maker of camera gimbals. A trading company in Amman asks for 300 units.", "PT", ["JO"]),
        ("Credit officer, bank in Esch-sur-Alzette. A loan to a camera maker in Braga.", "LU", ["PT"]),
        # a bare non-European place heading the message is the topic, not the writer's seat
        ("Tehran. We got an order from the municipality.", None, ["IR"]),
    ],
)
def test_signature_lines_name_the_writers_seat(text: str, company: str | None, destinations: list[str]) -> None:
    s = parse(text)
    assert (s.company_country, s.destinations) == (company, destinations)


@pytest.mark.parametrize(
    ("text", "destinations"),
    [
        ("We're an integrator in Porto. The software comes from an Israeli vendor and runs on-prem at a call centre in Braga.", ["PT"]),
        ("We're the Sofia subsidiary of a Japanese camera maker; Bulgarian border police want cameras along the border with the Turkish side.", ["BG"]),
        ("We screen customers and our sanctions policy is excluding Iran; any special Iran-sanctions checks for a sale to Spain?", ["ES"]),
        ("Tender from the Ghana Prisons Service for CCTV in three prisons.", ["GH"]),
        ("A 5-day course in Istanbul for officers from Iran border guard units.", ["TR", "IR"]),
        ("Update: the Doha deal is off. The cameras now go to a shipyard in Nagasaki.", ["JP"]),
        ("Delivery to a free zone near the Iranian border, buyer in Sulaymaniyah.", ["IR", "IQ"]),
    ],
)
def test_origins_parents_negated_and_dropped_places_are_not_destinations(text: str, destinations: list[str]) -> None:
    assert sorted(parse(text).destinations) == sorted(destinations)


def test_lower_case_nationality_before_a_party_noun_is_a_place() -> None:
    s = parse("we tranship thermal imagers made in china to an iranian trading co")
    assert s.destinations == ["IR"]
    assert parse("we broker korean thermal cameras to a buyer in cairo").destinations == ["EG"]


@pytest.mark.parametrize(
    ("text", "capability"),
    [
        ("Investigators upload a suspect's photo and search it against recorded footage after a crime.", "facial_recognition"),
        ("Run face detection over every frame and keep a template of every face that walked through.", "face_scraping"),
        ("Software that detects signs of agitation or distress in patients' faces and body language.", "emotion_recognition"),
        ("Desk cameras give each agent a daily frustration / enthusiasm score.", "emotion_recognition"),
        ("A hidden function that mirrors all traffic of chosen hotel rooms to a remote console.", "interception"),
        ("A tool that quietly pulls location + contact data from phones on a network.", "interception"),
    ],
)
def test_capabilities_described_in_plain_words(text: str, capability: str) -> None:
    assert capability in parse(text).capabilities


def test_report_authors_languages_and_adverbs_are_not_parties() -> None:
    assert extract_parties("The SOMO / Justice for Iran report says the cameras turned up.") == []
    assert extract_parties("The buyer wants a Farsi-language GUI.") == []
    assert extract_parties("Goods go from China to Manila. Surely, we are not caught?") == []
    assert extract_parties("An order from the Interior Ministry of Turkmenistan.") == ["Interior Ministry"]
    assert extract_parties("A report says Hikvision Digital sold them.") == []


def test_misuse_known_only_from_reports_is_kept_apart_from_a_stated_intent() -> None:
    reported = parse("Buyer: municipal police in Bishkek. Some reports of police pressure on journalists there.")
    assert reported.misuse_indicated is True and reported.misuse_reported_only is True
    intended = parse("Our site visit shows the police want the module to identify journalists at rallies.")
    assert intended.misuse_indicated is True and intended.misuse_reported_only is None
    # a legal category quoted by a colleague is not misuse
    assert parse("My colleague says thermal is 'internal repression equipment'. True?").misuse_indicated is None


def test_lenders_are_investors_and_border_control_is_recorded() -> None:
    assert parse("Spanish bank (bilbao). A camera maker asks 15m EUR working capital.").seller_role == "investor"
    assert parse("We need a bank guarantee for the tender in Oman for 300 cameras.").seller_role != "investor"
    assert parse("The coast guard wants thermal cameras that detect people in boats.").border_control is True


def test_repairs_that_add_functions_are_not_a_return_after_repair() -> None:
    plain = parse("Twelve thermal cameras came back for repair; we fix them and ship them back to the mine in Chile.")
    upgraded = parse("Twelve thermal cameras came back for repair; we add a new detector module and ship them back to the mine in Chile.")
    assert (plain.return_after_repair, upgraded.return_after_repair) == (True, False)


def test_services_demo_units_and_the_buyers_own_software() -> None:
    course = parse("Training company in Cork here. We deliver a course in Cairo for a police unit on using video analytics software.")
    assert course.services_only is True
    assert parse("We sell dome cameras and run a course for the buyer in Cairo.").services_only is not True
    fair = parse("We take two 6A003 demo units to a trade show in São Paulo, show them on the booth and fly them back. Nothing sold there.")
    assert fair.temporary_exhibition is True
    theirs = parse("We installed plain cameras (no analytics from us); the police feed them into their own face-matching software.")
    assert "facial_recognition" not in theirs.capabilities


def test_an_inspectorate_notice_is_an_authority_warning() -> None:
    s = parse("Yesterday the Inspectorate sent us a formal notice that this export may be intended for internal repression.")
    assert s.authority_informed is True
    assert parse("Nobody has told us anything and we have no evidence about how they'll use it; journalists were detained there.").authority_informed is not True


def test_asked_classifications_excluded_countries_and_arranged_sales() -> None:
    asked = parse("Our intrusion sensor has an 8-element thermal detector. Is this a 6A003 controlled thermal camera?")
    assert asked.dual_use_listed is None
    assert parse("We export 6A003 controlled cameras to Morocco.").dual_use_listed is True
    abroad = parse("A research centre abroad (not in EU, US, Japan etc.) wants me to train its staff.")
    assert abroad.destinations == [] and abroad.export_region == "abroad"
    broker = parse("We'd arrange, not ship ourselves, the sale of framing cameras from a Japanese maker to a lab in Karachi.")
    assert (broker.seller_role, broker.destinations) == ("broker", ["PK"])


def test_an_iranian_nationality_mentioned_is_not_a_destination() -> None:
    owners = parse("A carpet import GmbH in Hamburg, owned by two Iranian businessmen who live in Germany, wants 16 cameras for its own warehouse in Hamburg.")
    assert (owners.destinations, owners.transit, owners.nationalities) == (["DE"], [], ["IR"])
    born = parse("We export dome cameras to a distributor in Toronto. The distributor's CEO is an Iranian-born Canadian citizen.")
    assert born.destinations == ["CA"] and "IR" in born.nationalities
    are = parse("We install cameras for a bakery in Lyon. The owners are Iranian.")
    assert are.destinations == ["FR"] and are.nationalities == ["IR"]
    # people who are the targets of misuse, and an Iranian buyer, still read as before
    critics = parse("Buyer: a provincial police unit in Azerbaijan. They'll use it on Iranian-Azeri diaspora critics.")
    assert critics.destinations == ["AZ"] and critics.listed_entities == []
    assert parse("An Iranian trading company wants 40 thermal cameras.").destinations == ["IR"]


def test_a_denied_link_a_quoted_label_and_a_retracted_destination_are_not_destinations() -> None:
    assert parse("A ministry agency in Kazakhstan wants 12 thermal units. No link to Iran or any sanctioned party.").destinations == ["KZ"]
    label = parse("Two trainees are Iranian nationals who live in Romania. Am I allowed to teach them, or is that 'technical assistance to Iran'?")
    assert "IR" not in label.destinations and label.parties == []
    assert parse("Our sales rep flagged the Toronto order as 'Iran risk'. We export dome cameras to a distributor in Toronto.").destinations == ["CA"]
    assert parse("Correction: the buyer isn't in Serbia after all, it's a cantonal police force in Switzerland.").destinations == ["CH"]
    # a quoted end use in a statement is still where the goods go
    assert parse("The buyer says the cameras are 'for use in Tehran'.").destinations == ["IR"]


def test_places_before_based_in_brackets_and_alternate_city_names() -> None:
    cork = parse("Cork-based integrator (Ireland). We'd provide remote engineering support to a client in Kenya.")
    assert (cork.company_country, cork.destinations) == ("IE", ["KE"])
    fair = parse("Marketing manager, thermal imaging company in Toulouse. We take two demo units of our 6A003 camera to a trade fair in Mexico City and bring them back afterwards.")
    assert (fair.company_country, fair.destinations, fair.temporary_exhibition) == ("FR", ["MX"], True)
    assert [p.code for p in find_places("a webshop in Patras")] == ["GR"]
    assert find_places("Patras is a name") == []  # a smaller city's alternate name needs a preposition


def test_high_risk_ai_uses_in_education_and_employment() -> None:
    exams = parse("We're buying online proctoring: webcam footage of students during remote exams is analysed by AI that flags suspected cheating.")
    assert exams.education_assessment is True
    assert parse("Our school wants 20 plain CCTV cameras for the corridors, recording only.").education_assessment is None
    ranking = parse("Ceiling cameras + software that tracks each worker's movements, idle time and pace and produces a ranking used when deciding whose contract is renewed.")
    assert ranking.worker_evaluation is True
    assert parse("We count shoppers entering the store with AI cameras.").worker_evaluation is None
    trainers = parse("They now want the cameras to score the facial expressions of their own personal trainers — who looks motivated, who looks bored.")
    assert "emotion_recognition" in trainers.capabilities and "employer" in trainers.end_user_types


def test_code_breaking_heat_imaging_and_brokered_framing_cameras() -> None:
    assert "interception" in parse("Wi-Fi encryption-cracking appliances that break WEP/WPA keys, for a firm in Tehran.").capabilities
    assert "thermal_camera" in parse("A shipment of handheld heat-imaging viewers to Mashhad.").products
    framing = parse("It's now their high-speed framing cameras (>1 million fps, these ARE Annex I), and the regional authority emailed me that they might be meant for a missile test programme.")
    assert (framing.dual_use_listed, framing.authority_informed, framing.wmd_end_use) == (True, True, True)
    support = parse("We'd provide remote engineering support for thermal cameras (Annex I-listed) that the client bought from a US supplier.")
    assert (support.services_only, support.dual_use_listed) == (True, True)


def test_misuse_against_protest_organisers_and_data_passed_to_armed_groups() -> None:
    assert parse("A ministry official told us the expansion is to follow the organisers of the taxi-driver protests in Luanda.").misuse_indicated is True
    assert parse("The municipal police have been passing data to armed groups that threaten social leaders in Cúcuta.").misuse_indicated is True


def test_an_eu_member_states_embassy_is_protective_use() -> None:
    assert parse("The Embassy of Portugal in Tehran wants thermal cameras on its perimeter wall.").eu_protective_use is True
    assert parse("The Dutch embassy in Tehran wants thermal cameras.").eu_protective_use is True
    assert parse("The Embassy of Russia in Tehran wants thermal cameras.").eu_protective_use is None


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert [s for _, s in parser._sentences("They watch persons incl. lawyers. Then Art. 5 applies.")] == ["They watch persons incl. lawyers.", " Then Art. 5 applies."]
    rfp = parse("An Egyptian agency wants 500 face-matching cameras; their RFP says the system will watch 'persons of interest' incl. human-rights defenders and lawyers.")
    assert rfp.misuse_indicated is True


def test_a_category_asked_about_is_not_a_function_described() -> None:
    asked = parse("We sell an anti-theft agent that locates stolen laptops to a firm in Pune. Sales asked if this counts as spyware under the dual-use rules.")
    assert "network_interception" not in asked.products and "interception" not in asked.capabilities
    assert "network_interception" in parse("We sell spyware to a ministry in Baku.").products
    infection = parse("Our phone-infection toolkit: the agent installs itself, hides from antivirus and forwards chats. A Gulf intelligence service wants it.")
    assert "network_interception" in infection.products


def test_denials_of_a_weapons_link_and_of_thermal_functions() -> None:
    assert parse("A university lab in Osaka wants three 6A003 cameras. We are not aware of any military or WMD link.").wmd_end_use is None
    assert parse("The lab in Osaka may use them for a ballistic missile programme.").wmd_end_use is True
    loan = parse("A bank client sells ordinary daylight cameras via Dubai into Iran. None of its products are thermal or night vision.")
    assert not {"thermal_imaging", "night_vision"} & set(loan.capabilities)


def test_authority_letters_in_other_words_and_third_person_cards() -> None:
    assert parse("Letter received from our national export control authority: the cameras may be intended for military vehicles.").authority_informed is True
    assert parse("Yesterday a letter came from our Ministry's export control directorate about the platform for Nigeria.").authority_informed is True
    assert parse("Our borrower forwarded a letter from the national export control authority about its shipment to a government abroad.").authority_informed is True
    card = parse("Card 12 for the installers course: Tartu installer puts 16 regular cameras with a recorder into a supermarket. Which verdict?")
    assert (card.is_scenario, card.destinations) == (True, ["EE"])
    klara = parse("Klara, a freelance engineer in Vienna, is asked to configure over video call the thermal cameras of a police station in Shiraz.")
    assert klara.is_scenario is True and "IR" in klara.destinations


def test_repair_visits_and_goods_the_client_bought_elsewhere_are_services() -> None:
    assert parse("Can I just send our service engineer to Abu Dhabi to replace a burnt power board and re-calibrate it?").services_only is True
    assert parse("Now two technicians would go to Accra to repair 12 of those batons that stopped working.").services_only is True
    bought = parse("We offer calibration training for 6A003 cores. A customer in Southeast Asia (not an EU001 country) bought the cores from a US reseller.")
    assert bought.services_only is True
    assert parse("We sell and ship 6A003 cores to a customer in Vietnam and train their staff.").services_only is not True


def test_military_pods_embargo_and_investee_duties() -> None:
    pods = parse("The customer is building them into military targeting pods for a country under an EU arms embargo.")
    assert pods.military_incorporation is True
    held = parse("Stewardship lead at a pension fund. A holding sells a covert platform to a foreign interior ministry. What is the company legally required to do before delivering?")
    assert (held.seller_role, held.investee_duty, held.export_region is not None) == ("investor", True, True)
    assert parse("Pension fund here: we hold 2% of a camera maker that sells to police abroad. Should we divest?").investee_duty is None


def test_heat_vision_monoculars_and_a_buyer_from_a_city_who_asks() -> None:
    optics = parse("A hunting shop in Shiraz wants 60 handheld heat-vision monoculars (they show animals by body heat).")
    assert "thermal_camera" in optics.products and optics.destinations == ["IR"]
    assert parse("We are small distributor in Kaunas. A private security company from Mashhad ask us for 25 thermal monoculars.").destinations == ["IR"]
    assert parse("Goods ship from Shanghai to the buyer in Lagos.").destinations == ["NG"]  # a port of departure stays out


def test_the_writers_own_export_authority_and_a_long_self_description_are_home() -> None:
    s = parse("We're a video management software company in Aarhus. The Danish export control authority sent us a letter about the police agency in Kenya.")
    assert (s.company_country, s.destinations) == ("DK", ["KE"])
    assert parse("We're selling to a police company in Kenya.").company_country is None


def test_interior_ministries_are_security_end_users_and_reported_abuse_is_only_reported() -> None:
    assert "police" in parse("Its biggest customers are interior ministries in the Gulf.").end_user_types
    ngo = parse("A city government in Mindanao wants 400 cameras with face matching against a police watchlist. Local NGOs say the same police unit was involved in extrajudicial killings.")
    assert (ngo.misuse_indicated, ngo.misuse_reported_only) == (True, True)
    told = parse("A city government in Mindanao wants 400 cameras. The police told us they will use them to find the journalists who covered the killings.")
    assert (told.misuse_indicated, told.misuse_reported_only) == (True, None)


def test_nothing_on_the_list_and_nothing_showing_misuse_are_negations() -> None:
    assert parse("Nothing is on the dual-use list according to our export manager; the cameras go to Manila.").dual_use_listed is False
    s = parse("Municipal police in a non-EU country want 150 cameras. So far nothing concrete shows they will misuse it.")
    assert s.stage != "misuse_discovered"


def test_a_makers_nationality_is_origin_only_when_someone_else_makes_the_goods() -> None:
    assert parse("We're arranging for a Korean maker to sell thermal modules to an airport in Almaty.").destinations == ["KZ"]
    assert parse("I'm the compliance officer of a Danish camera manufacturer.").company_country == "DK"
    assert parse("I'm Lebanese myself, working for a Belgian camera maker; the buyer is a mall in Accra.").company_country == "BE"
    assert "thermal_camera" not in parse("Being a Czech producer of night vision scopes, may we ship to Kazakhstan?").products


# --- twelfth session: from blind sets 65-67 ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A German client sells RF monitoring equipment to a satellite-services firm in Iran.",
        "Its adviser has classified the shipment under Annex IV of the Iran human-rights regulation.",
        "We make GSM jammers and speaker-recognition kits.",
    ],
)
def test_annex_iv_kinds_of_equipment_are_interception_kit(text: str) -> None:
    assert "network_interception" in parse(text).products


def test_police_officers_seconded_to_an_eu_mission_are_a_member_state_operation() -> None:
    text = ("A wholesaler in Vienna ships pepper-spray canisters to a non-EU country, used only by Austrian police officers "
            "seconded to an EU civilian crisis-management mission there.")
    assert parse(text).member_state_operation is True
    assert parse("We ship pepper spray to the police of a non-EU country.").member_state_operation is None


@pytest.mark.parametrize(
    ("text", "duty"),
    [
        ("We are the lending bank to a Spanish vendor shipping a data-retention platform abroad. What does the law require of the vendor?", True),
        ("We sit on the board of a start-up as lead investor; it has an order from a ministry abroad. Can the company still ship under its normal terms?", True),
        ("We hold a minority stake in a Dutch firm selling monitoring software abroad. What's the company's legal position?", True),
        ("We hold a minority stake in a Dutch firm selling monitoring software abroad. What should we ask as investors?", None),
    ],
)
def test_an_investor_asking_about_the_investees_position(text: str, duty: bool | None) -> None:
    assert parse(text).investee_duty is duty


def test_a_party_named_again_in_a_follow_up_keeps_the_facts_of_the_story() -> None:
    first = "We hold 3% of a camera maker whose products turned up in surveillance of protesters abroad, sold through a local distributor."
    later = parse("Twelve months on they still refuse to review the distributor. Are we now obliged to sell?", [first])
    assert later.misuse_indicated is True and later.end_user_types == ["intermediary"]


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("We sell a thermal camera capped at 9 Hz to a distributor in Brazil.", False),
        ("We sell a thermal camera capped at 9 Hz to a distributor in Brazil; they want a firmware build that raises the cap to 30 Hz.", True),
        ("Can we unlock the 9 Hz frame-rate limit for the distributor in Brazil?", True),
    ],
)
def test_lifting_the_frame_rate_cap_makes_a_thermal_camera_listed(text: str, listed: bool) -> None:
    assert parse(text).dual_use_listed is listed


def test_a_freelance_trainer_told_no_export_licence_is_needed_exports_nothing() -> None:
    text = ("I'm a freelance trainer contracted by an EU analytics firm. A ministry unit abroad bought the firm's software two years ago "
            "and wants a course on it. I'm told no export licence is needed because it's only training.")
    assert parse(text).services_only is True
    assert parse("I'm a freelance trainer and we export cameras to a ministry abroad with a course.").services_only is None


def test_a_state_under_an_arms_embargo_is_an_export_region() -> None:
    s = parse("A defence contractor in an African state under an EU arms embargo wants 300 camera modules to build into the sights of armoured vehicles for its army.")
    assert s.export_region == "an African state under an EU arms embargo" and s.military_incorporation is True


def test_a_tender_that_names_no_abusive_use_leaves_only_the_end_users_record() -> None:
    text = ("A police force in Southeast Asia wants our face search. The tender mentions no specific abusive use, but NGO reports "
            "describe that force violently dispersing protests and arresting activists.")
    s = parse(text)
    assert s.misuse_indicated is True and s.misuse_reported_only is True


def test_the_owner_of_the_buyer_is_not_a_destination() -> None:
    s = parse("We are a Luxembourg maker. The wholly owned Swiss subsidiary of a Saudi group is buying 40 thermal cameras for Zurich airport.")
    assert s.destinations == ["CH"]
    assert parse("We are a Luxembourg maker. A Saudi group is buying 40 thermal cameras.").destinations == ["SA"]


@pytest.mark.parametrize(
    ("text", "authorised", "services"),
    [
        ("Last year we exported ceiling-mounted spray units to the Norwegian prison service with an export authorisation from our ministry. "
         "Can our engineer walk their technicians through the repair on a video call?", True, True),
        ("Last year we exported spray units to a prison in Norway under an individual licence. They want a replacement unit shipped.", None, None),
        ("We exported thermal cameras under an individual licence in 2021. Two came back to us for repair and go back unchanged.", True, None),
    ],
)
def test_service_on_goods_exported_under_an_authorisation(text: str, authorised: bool | None, services: bool | None) -> None:
    s = parse(text)
    assert (s.export_authorised, s.services_only) == (authorised, services)


def test_goods_the_police_bought_from_an_asian_supplier_are_not_ours() -> None:
    text = ("We maintain the CCTV in police cells in West Africa. The cells have pepper-spray dispensers that the police bought directly "
            "from an Asian supplier; they asked our Lisbon service centre to troubleshoot them by video link.")
    assert parse(text).services_only is True


def test_an_export_denied_is_no_export_region() -> None:
    s = parse("We're an Austrian supplier. Our armed forces want AI intrusion analytics for an ammunition depot. No export is involved.")
    assert s.export_region is None
    assert parse("We're an Austrian supplier and we export intrusion analytics.").export_region == "a country outside the EU (not named)"


def test_a_category_the_team_worries_about_is_not_a_function() -> None:
    text = "Our try-on feature classifies face shape and suggests frames. Someone on our team worries this is 'biometric categorisation'. Is it?"
    assert "biometric_categorisation" not in parse(text).capabilities
    assert "biometric_categorisation" in parse("Our kiosk does biometric categorisation of shoppers.").capabilities


def test_output_kept_from_hr_is_no_worker_evaluation() -> None:
    text = "A coach operator wants our cab camera that scores drivers' performance from their faces, with no data going to HR."
    assert parse(text).worker_evaluation is False


@pytest.mark.parametrize(
    ("text", "products", "capabilities"),
    [
        ("We want to sell Annex IV network monitoring appliances to a private ISP in Iran.", ["network_interception"], []),
        ("Our own classification: cyber-surveillance item, not listed in Annex I. A call-detail-record analysis suite for an agency in Iraq.", [], ["interception", "covert"]),
    ],
)
def test_annex_iv_and_cyber_surveillance_named_by_the_writer(text: str, products: list[str], capabilities: list[str]) -> None:
    s = parse(text)
    assert set(products) <= set(s.products) and set(capabilities) <= set(s.capabilities)


def test_a_member_states_foreign_ministry_guarding_its_embassy_is_protective_use() -> None:
    text = "We supply a Member State's foreign ministry. They want thermal cameras for the guards who protect their embassy compound in Tehran."
    assert parse(text).eu_protective_use is True


def test_thermal_models_carved_out_of_the_deal_are_not_sold() -> None:
    text = "Our Dubai distributor sells on to Iran. We'd only sell them visible-light domes; thermal models are carved out of the agreement."
    s = parse(text)
    assert "thermal_camera" not in s.products and "thermal_imaging" not in s.capabilities


@pytest.mark.parametrize(
    ("text", "destinations"),
    [
        ("A hotel group in Yerevan wants 120 domes; it's a single-country project with no Iranian customers. Given Armenia borders Iran, anything special?", ["AM"]),
        ("A supermarket chain in Almaty pays our client for store cameras, and nothing in the documents points to Iran.", ["KZ"]),
    ],
)
def test_denied_and_neighbouring_countries_are_no_destinations(text: str, destinations: list[str]) -> None:
    assert parse(text).destinations == destinations


@pytest.mark.parametrize(
    "text",
    [
        "Same cameras — 9 Hz, fixed lens, not 6A003 per our classification — to a cement plant in Turkey.",
        "Can we sell our low-frame-rate thermal cameras to a cement plant in Turkey?",
    ],
)
def test_more_wordings_of_an_unlisted_thermal_camera(text: str) -> None:
    assert parse(text).dual_use_listed is False


def test_a_repaired_camera_sent_to_a_new_country_is_an_export_not_a_service() -> None:
    text = ("Our service centre has just repaired a thermal camera we exported to Mersin under an individual licence in 2024. "
            "The customer wants it sent not back to Turkey but to its sister company in Baku.")
    assert parse(text).services_only is None


def test_nothing_pointing_to_a_wmd_link_is_no_wmd_end_use() -> None:
    text = "A Saudi contractor wants 60 thermal cameras for a plant fence. Nothing points to a military or WMD link."
    assert parse(text).wmd_end_use is None


def test_capsicum_units_we_source_for_our_own_bid_are_our_export() -> None:
    text = ("We're quoting for a prison in Egypt: CCTV and capsicum spray canisters on the cell-block ceilings. "
            "The spray units come from an EU supplier. What export regime applies?")
    s = parse(text)
    assert "law_enforcement_goods" in s.products and s.services_only is None


def test_goods_our_staff_install_on_site_and_goods_in_transit() -> None:
    assert parse("Our Dubai subsidiary installs CCTV in duty-free stores; installation is done by our own staff and the cameras stay on site.").installed_on_site is True
    text = "We're a forwarder in Koper moving Chinese-made thermal cameras under external transit through Slovenia to Belgrade; they won't be released here."
    assert parse(text).transit_only is True
    assert parse("We ship thermal cameras from Koper to Belgrade.").transit_only is None


# --- thirteenth session: from blind sets 73, 75-77, 79, 80 -----------------------------------


@pytest.mark.parametrize(
    ("text", "company", "destinations"),
    [
        ("Lisbon manufacturer. A São Paulo agribusiness wants 300 of our thermal cameras for fire spotting.", "PT", ["BR"]),
        ("Rotterdam distributor. A trading firm in Almaty ordered 200 network cameras.", "NL", ["KZ"]),
        ("Lyon-based. Our video gateway is wanted by a hospital group in Riyadh.", "FR", ["SA"]),
        ("Our Aarhus software house has a face-matching tool that an interior ministry in Bahrain wants.", "DK", ["BH"]),
        ("Last year we sold 30 thermal cameras from our plant near Stuttgart to a port contractor in Lagos.", "DE", ["NG"]),
        ("We're the Dublin subsidiary of a US analytics company selling cameras to a retailer in Istanbul.", "IE", ["TR"]),
    ],
)
def test_where_the_writer_is_from_short_self_introductions(text: str, company: str, destinations: list[str]) -> None:
    s = parse(text)
    assert (s.company_country, s.destinations) == (company, destinations)


def test_a_tehran_header_is_no_self_introduction_and_a_group_company_abroad_receives_an_export() -> None:
    assert parse("Tehran distributor. We got an order for cameras.").company_country is None
    s = parse("Understood on Basra. Separately, can we ship the same model from Antwerp to our sister company in Toronto?")
    assert (s.company_country, s.destinations) == ("BE", ["CA"])


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("A customer wants 300 of our 9 Hz uncooled thermal cameras.", False),
        ("They are microbolometer units whose frame rate is limited by design to 8.7 Hz.", False),
        ("The customer wants a firmware key from our update server that unlocks 30 Hz.", True),
        ("Our suite searches content that operators deliver through the ETSI handover interface.", True),
        ("A thermal camera for a customer in Brazil.", None),
    ],
)
def test_frame_rates_and_law_enforcement_monitoring_features_decide_the_listing(text: str, listed: bool | None) -> None:
    assert parse(text).dual_use_listed is listed


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("The option estimates, from face images captured at the turnstiles, each fan's ethnic background.", "ethnicity_analytics"),
        ("It tells stewards whether he or she is likely Muslim.", "ethnicity_analytics"),
        ("The analytics reads shoppers' faces at the entrance and flags 'agitated or aggressive' customers.", "emotion_recognition"),
        ("Cameras in the corridors recognise each pupil as they walk past and mark them present.", "facial_recognition"),
    ],
)
def test_sensitive_traits_emotions_and_identification_in_plain_words(text: str, cap: str) -> None:
    assert cap in parse(text).capabilities


def test_a_ban_the_writer_compares_with_is_no_function_of_the_product() -> None:
    text = ("A school in Vienna wants cameras that recognise each pupil as they walk past — no emotion detection, just identity. "
            "Does the AI Act ban this the way it bans emotion recognition in schools?")
    assert "emotion_recognition" not in parse(text).capabilities


def test_hr_scoring_receptionists_expressions_reads_staff_emotions() -> None:
    first = "Our hotel group wants cameras at the Barcelona reception desks that read guests' facial expressions to measure satisfaction."
    later = parse("The same cameras also see our receptionists. HR would like a weekly 'friendliness score' for each of them based on their expressions.", [first])
    assert "employer" in later.end_user_types


def test_our_own_premises_make_a_deployment_to_decide() -> None:
    text = ("Our facilities team in Dublin wants to replace staff badges at the office turnstiles with face verification against "
            "each employee's own template. Is that high-risk or banned under the AI Act?")
    s = parse(text)
    assert s.is_scenario is True and s.biometric_verification is True


def test_an_authority_named_by_its_acronym_informs_the_exporter() -> None:
    text = "We signed with a distributor in Almaty. Yesterday the SBDU wrote to us that it is concerned the platform could be used to repress the population."
    assert parse(text).authority_informed is True


def test_weapon_stations_in_an_embargoed_country_are_military_incorporation() -> None:
    text = ("A Panama trading house ordered 150 camera modules; the drawings show them built into remote-controlled weapon stations "
            "made by Venezuela's state military industry. Venezuela is under an EU arms embargo.")
    assert parse(text).military_incorporation is True


def test_general_reporting_with_nothing_specific_is_the_record_not_the_intent() -> None:
    text = ("A Shenzhen integrator wants 5,000 modules for projects in Urumqi. We know there is extensive reporting on mass surveillance "
            "and detention of Uyghurs in Xinjiang, but we have nothing specific on these projects.")
    assert parse(text).misuse_reported_only is True


def test_a_ban_on_placing_on_the_market_is_decided_by_the_eu_offer_even_with_clients_abroad() -> None:
    text = ("Start-up in Tallinn: we crawl public camera streams, extract every face and build a searchable face index that shopping "
            "centres across the EU and police forces in the Gulf can query.")
    assert parse(text).eu_market is True
    assert parse("We sell across the EU; now a distributor in Riyadh wants our face-recognition cameras.").eu_market is None


def test_a_listed_partys_debt_from_before_its_listing() -> None:
    text = ("Imen Sanat Zaman Fara in Tehran still owes us €86,000 for cameras we delivered in 2021. They have since been listed "
            "and say they'll pay us out of their frozen account at an EU bank.")
    assert parse(text).prior_contract_payment is True
    assert parse(text + " They also want 40 new cameras.").prior_contract_payment is None


def test_iranian_port_names_are_iran() -> None:
    assert parse("A container terminal operator at Bandar Imam Khomeini wants night-vision cameras from us.").destinations == ["IR"]


def test_ai_still_in_the_lab_is_research_and_a_market_launch_is_not() -> None:
    text = ("University spin-off: we're training a gait-based re-identification model on recordings of paid volunteers in our own lab. "
            "Nothing is on the market yet.")
    assert parse(text).research_only is True
    assert parse("We sell a gait-recognition system to shopping centres in Belgium.").research_only is None


def test_design_files_for_a_wholly_owned_subsidiary_are_intra_group_technology() -> None:
    text = ("Our Munich parent wants to send the design files and production know-how for our cooled thermal camera line to our "
            "wholly owned R&D subsidiary in Pune, India, to co-develop the next model.")
    s = parse(text)
    assert s.intra_group_technology is True and "IN" in s.destinations
    assert parse("We ship thermal cameras to a distributor in Pune, India.").intra_group_technology is None


def test_a_new_owner_of_the_site_ends_the_return_after_repair() -> None:
    first = "A thermal camera we exported under a licence to a mine in Chile came back for repair. Can we send it back under EU003?"
    assert parse(first).return_after_repair is True
    later = parse("Turns out the mine was sold in March; the new owner's contractor will install it. Still fine?", [first])
    assert later.return_after_repair is False


def test_a_tactics_course_is_more_than_the_minimum_assistance_on_authorised_goods() -> None:
    base = ("We exported ceiling-mounted pepper-spray dispensers to a prison in Kazakhstan under a licence granted last year. "
            "The prison now wants us to repair two units that no longer fire")
    assert parse(base + ".").export_authorised is True
    assert parse(base + " and run a five-day 'cell extraction tactics' course for guards.").export_authorised is None


# fourteenth session


def test_goods_that_come_back_home_after_a_fair_go_to_the_fairs_country() -> None:
    text = ("Marketing wants to take two of our 6A003 thermal cameras to a security expo in Dubai in March. They stay on our stand "
            "and come back to Hamburg right after the show.")
    s = parse(text)
    assert s.destinations == ["AE"] and s.company_country == "DE" and s.temporary_exhibition is True
    # the same return home said as "ship them home", with the fair named only by the verb "exhibit"
    s = parse("We're a camera maker in Ostrava. We'll exhibit at ISAF in Istanbul with three thermal cameras on our stand and ship them home the week after.")
    assert s.destinations == ["TR"] and s.company_country == "CZ" and s.temporary_exhibition is True
    # a repaired camera shipped back to the customer's country is still an export there
    assert parse("A thermal camera came back to our Lyon workshop for repair; we ship it back to the mine in Chile next week.").destinations == ["CL"]


def test_people_and_owners_from_iran_are_not_where_the_goods_go() -> None:
    assert parse("A Muscat developer ordered 250 dome cameras from us for a mall. A few tenants will be Iranian carpet and saffron traders.").destinations == ["OM"]
    assert parse("Can we sell network cameras to a private hospital in Erbil? It treats many patients who come over from Iran.").destinations == ["IQ"]
    assert parse("An Iranian-owned integrator based in Baghdad is buying 500 sensor units for an Iraqi directorate. Nothing goes to Iran.").destinations == ["IQ"]
    ngo = parse("We're an Iranian women's-rights NGO registered in Paris and want to buy eight cameras for our office.")
    assert "IR" not in ngo.destinations and ngo.company_country == "FR"
    # the counter-case: an Iranian buyer in Iran is still the destination
    assert parse("An Iranian integrator in Tabriz wants 500 dome cameras from us.").destinations == ["IR"]


def test_a_route_that_avoids_iran_and_a_forwarders_seat_are_no_transit() -> None:
    text = ("We ship 120 bullet cameras to a warehouse operator in Almaty. The freight forwarder is Iranian-owned, with its head office "
            "in Tehran, but the route is via Georgia, not through Iran. Is paying an Iranian forwarder a problem?")
    s = parse(text)
    assert "IR" not in s.destinations and "IR" not in s.transit and "KZ" in s.destinations


def test_an_assembly_plant_is_no_self_description() -> None:
    s = parse("We are an Austrian camera maker. A Yerevan distributor ordered spare boards for cameras we sold years ago that are now installed at a car assembly plant in Tehran.")
    assert "IR" in s.destinations and s.company_country == "AT"


def test_anti_torture_goods_in_plain_words() -> None:
    assert "torture_goods" in parse("The packing list shows multi-lash whips with metal-tipped thongs and weighted leg restraints.").products
    assert "torture_goods" in parse("A Shenzhen firm wants a full-page ad for its electric restraint cuffs for prisoners.").products
    assert "law_enforcement_goods" in parse("We make disposable spit guards for police.").products
    assert "law_enforcement_goods" in parse("The police want advice on overhauling their water-cannon trucks.").products
    assert "law_enforcement_goods" in parse("PAVA incapacitant sprays for the national police.").products
    assert "capital_punishment_goods" in parse("An order for pentobarbital sodium from a distributor in Texas.").products
    # a restraint chair fitted only with straps is outside Annex II item 2.5
    assert "torture_goods" not in parse("We build padded restraint chairs that use only fabric straps and belts, no shackles, no metal cuffs.").products


def test_transit_advertising_brokering_and_an_assumed_licence() -> None:
    s = parse("We run a cargo hub at Liège airport; pepper sprays for a police department in Toronto pass through under external transit.")
    assert s.transit_only is True
    assert parse("We sell ad space in our magazine; a Shenzhen company wants web banners.").advertising is True
    broker = parse("I'm a sales agent in Prague. I would negotiate the contract and take 4%; the goods go straight from Istanbul to Manila.")
    assert broker.seller_role == "broker"
    first = "We're a German maker shipping 800 electric shock batons to the Ghana Police Service."
    later = parse("Assuming the licence comes through, our technician would fly to Accra to set up the racks and show them how to maintain the batons.", [first])
    assert later.export_authorised is True and later.services_only is True


def test_qos_network_gear_and_stated_classifications_are_unlisted() -> None:
    assert parse("Finnish vendor: an ISP in Istanbul wants our DPI boxes, built for QoS and traffic shaping.").dual_use_listed is False
    assert parse("Our probes record visited sites, but our classification concluded they're not 5A001.j.").dual_use_listed is False
    assert parse("Our Copenhagen firm ships a 5A001.j-class IP monitoring system to an operator in Oslo.").dual_use_listed is True


def test_people_punished_for_using_vpns_indicate_misuse() -> None:
    assert parse("A reseller in Ashgabat buys our appliance for the state telecom. People caught using VPNs there get arrested.").misuse_indicated is True
    assert parse("Police want probes to identify and locate organisers of unlawful assemblies before the elections.").misuse_indicated is True


def test_native_spellings_topics_and_the_exporters_own_country() -> None:
    assert "MD" in parse("A prison modernisation project in Chișinău wants stun batons from us.").destinations
    assert "PS" not in parse("Our Munich client wants cameras to watch the recent climate and Gaza protests.").destinations
    cyprus = parse("A police unit in Kampala wants our face search tool. What is our legal position as exporter from Cyprus?")
    assert cyprus.destinations == ["UG"] and cyprus.company_country == "CY"
    assert "police" in parse("The PSP detectives in Lisbon want a face search tool.").end_user_types


def test_a_name_the_writer_rules_out_is_not_screened() -> None:
    denied = parse("A private ISP in Shiraz wants 6 DPI appliances (I checked the name, it is not Ariantel or anything on a list).")
    assert denied.parties == [] and denied.listed_entities == []
    named = parse("A request came from Ariantel in Tehran for 6 DPI appliances.")
    assert named.parties == ["Ariantel"] and [e.locator for e in named.listed_entities] == ["Annex I — entities, entry 35"]


# fifteenth session


def test_someone_elses_claim_about_the_law_names_no_goods_of_ours() -> None:
    s = parse("Our bank said thermal cameras are forbidden for Iraq. We sell visible-light dome cameras to a hotel chain in Erbil.")
    assert s.products == ["fixed_camera"] and "thermal_imaging" not in s.capabilities
    # the counter-cases: the writer's own goods named again, or named only in the claim, stay
    assert "thermal_camera" in parse("Our forwarder told us thermal cameras need a licence. We want to sell 40 thermal cameras to a port in Oman.").products
    assert "thermal_camera" in parse("A colleague says thermal cameras to Iraq need a licence, is that true?").products


def test_a_question_about_what_a_brief_says_is_no_sale() -> None:
    text = ("I do the sustainability reporting at a camera distributor in Leuven. An NGO contact sent us a 2023 policy brief by SOMO and "
            "Justice for Iran about CCTV and Iran. What does that brief actually say and ask for?")
    assert parse(text).is_scenario is False
    assert parse("We sell thermal cameras to a reseller in Dubai who ships to Tehran. What does Article 2(2) actually say?").is_scenario is True


def test_an_unnamed_member_state_is_the_eu_market_not_a_party() -> None:
    s = parse("We are a Dutch camera maker. We sell 200 dome cameras to a retailer in another EU Member State. What do we need to check?")
    assert s.eu_market is True and s.parties == []
    assert parse("We're an Italian distributor shipping thermal cameras to an integrator elsewhere in the EU.").eu_market is True


def test_stated_outside_the_control_list_in_more_words() -> None:
    assert parse("Our VMS plug-in cross-matches faces with social-media profiles. An interior ministry abroad wants it. None of it is in Annex I.").dual_use_listed is False
    assert parse("We want to sell our campus-scale traffic probe (well below carrier-class, so not 5A001.j) to a ministry in Bahrain.").dual_use_listed is False
    assert parse("It's not carrier-class, so it's outside 5A001.j. An interior ministry in Baku wants it.").dual_use_listed is False
    # the counter-case: the backbone probe described in plain words is 5A001.j
    s = parse("Our box sits on the country's main internet lines, lets officers search it by a phone number or email address and draws a map of who talks to whom. The state security of Tajikistan wants two.")
    assert "network_interception" in s.products and s.dual_use_listed is True


def test_where_a_fair_or_its_visitors_are_from_is_no_destination() -> None:
    s = parse("Sofia-based vendor. We met a Bahraini delegation at Milipol Paris. The Ministry wants our traffic probe for university networks in Manama.")
    assert s.destinations == ["BH"]
    s = parse("Our Utrecht team wants to take a demo thermal camera to the ISAF security fair in Istanbul and bring it back afterwards. "
              "Iranian integrators usually visit our stand there, but we're not selling anything at the fair.")
    assert s.destinations == ["TR"] and s.temporary_exhibition is True
    s = parse("Our Nuremberg sales team is taking four demo thermal cameras to Intersec in Dubai for the three-day show and bringing them "
              "straight back. We won't sell the demo units there.")
    assert s.destinations == ["AE"] and s.temporary_exhibition is True


def test_a_place_in_a_quoted_remark_is_no_destination() -> None:
    s = parse("Brno manufacturer. A Karachi distributor wants 40 of our thermal cameras for border posts near Taftan. Our sales lead keeps saying 'that's basically Iran'.")
    assert s.destinations == ["PK"]


def test_social_scores_and_crime_predictions_are_read() -> None:
    s = parse("A district council in Brno wants a system that turns CCTV analytics into a 'civic reliability score' per resident; low scores drop down the waiting list for flats.")
    assert "social_scoring" in s.capabilities
    s = parse("A Dutch police force wants our analytics to flag which passers-by are likely to commit a crime, based on their clothing.")
    assert "crime_prediction" in s.capabilities
    assert "crime_prediction" not in parse("The city wants our analytics to predict burglary hot spots from crime statistics.").capabilities


def test_a_safety_alarm_and_a_badge_template_check() -> None:
    s = parse("A mining company in Kiruna wants cameras that detect panic or acute stress in operators during emergencies and trigger a safety alarm.")
    assert "emotion_recognition" in s.capabilities and s.medical_or_safety_purpose is True
    s = parse("A data-centre operator in Espoo wants face-based door access: the reader checks the face against that person's own badge template.")
    assert s.biometric_verification is True and "facial_recognition" not in s.capabilities


def test_goods_taken_out_of_a_deal_in_a_follow_up() -> None:
    first = "We'd sell 30 PTZ cameras with a thermal module to a distributor in Dubai for the municipality of Tehran."
    s = parse("What if we take the thermal module out and supply only the visible-light version?", [first])
    assert s.products == ["ptz_camera"] and s.capabilities == []
    s = parse("OK, we take the pepper-spray dispensers out of the package and ship only the cameras and intercoms.",
              ["A prison in Santiago, Chile wants 60 cameras, intercoms and ceiling pepper-spray dispensers."])
    assert "law_enforcement_goods" not in s.products
    s = parse("Fine: ordinary daytime cameras instead, no heat sensor at all.", ["We export 40 thermal PTZ cameras to an integrator in Tehran."])
    assert "thermal_camera" not in s.products and "thermal_imaging" not in s.capabilities
    s = parse("The face-recognition module worried our board, so suppose we removed it: just cameras, recorders and the VMS.",
              ["A city in Kazakhstan wants cameras, recorders, a VMS and our face-recognition module."])
    assert "facial_recognition" not in s.capabilities and "facial_recognition_software" not in s.products


def test_a_head_count_places_the_writer() -> None:
    s = parse("We're eight people in Ostrava. A telecom operator in Tashkent wants our call-records analyser.")
    assert s.company_country == "CZ" and s.destinations == ["UZ"]


def test_more_words_for_misuse_and_covert_access() -> None:
    assert parse("A telecom operator in Tashkent wants our call-records analyser to find out who has been phoning foreign human rights groups.").misuse_indicated is True
    assert parse("An interior ministry wants our face matching; the watchlist will be supplied by its 'political security' department with names of protest organisers.").misuse_indicated is True
    assert "covert" in parse("Our software uses the stored tokens to keep silently downloading the person's cloud messages and photos.").capabilities


def test_a_dead_deal_a_service_visit_and_an_authoritys_answer() -> None:
    assert parse("Our Tehran tender for thermal cameras is dead. Suppose the same cameras went to a port authority in Basra, Iraq instead.").destinations == ["IQ"]
    s = parse("We aren't exporting anything this time, just sending one of our Lyon engineers to recalibrate thermal cameras in Algiers.")
    assert s.services_only is True
    assert parse("They've answered: we need a permit for this deal. What now?").authority_informed is True


def test_a_separate_deal_starts_afresh_and_a_go_between_keeps_the_end_user() -> None:
    first = "We're a Grenoble maker. The border police of Morocco want 20 of our 30 Hz thermal cameras."
    s = parse("Separate deal: a seabird research institute in Bergen, Norway wants one of the same cameras. Do we need an individual licence for that one as well?", [first])
    assert s.destinations == ["NO"] and s.end_user_types == ["university"] and s.products == ["thermal_camera"] and s.company_country == "FR"
    s = parse("What if we invoice an unsanctioned trading house in Jebel Ali instead, which would forward the goods to them?",
              ["A buyer called Radis Vira Tejarat in Tehran wants 50 of our dome cameras."])
    assert s.destinations == ["IR"] and s.transit == ["AE"] and [e.locator for e in s.listed_entities] == ["Annex I — entities, entry 19"]
    s = parse("Before the Morocco deal closes, our sales team wants to take one demo unit to a security trade show in Dubai and bring it straight back.", [first])
    assert s.destinations == ["AE"] and s.temporary_exhibition is True and s.end_user_types == []


def test_a_ceiling_spray_unit_fired_remotely_is_annex_iii_goods() -> None:
    s = parse("The prison in Bishkek also wants a spray unit on the ceiling that staff can fire from the control room to calm prisoners down.")
    assert "law_enforcement_goods" in s.products


# sixteenth session


def test_the_list_side_of_a_screening_hit_is_no_party_and_no_end_user() -> None:
    s = parse("Our screening flagged 'Evin Construction Ltd' of Toronto as a possible hit against 'Evin Prison'. They're a Canadian builder ordering 40 cameras for a condo project.")
    assert s.listed_entities == [] and s.end_user_types == [] and s.destinations == ["CA"]
    s = parse("Screening hit on a customer in Santiago de Chile, 'Naji Ingeniería SpA', against 'Naji Research and Development Company'. They buy dome cameras for a mine.")
    assert s.listed_entities == [] and s.parties == ["Naji Ingeniería SpA"]
    # the listed body named as the buyer itself stays listed
    s = parse("We sell dome cameras to Evin Prison's procurement office in Tehran.")
    assert [e.locator for e in s.listed_entities] == ["Annex I — entities, entry 2"]


def test_denied_entry_features_take_an_item_out_of_annex_i() -> None:
    assert parse("Our tool builds contact graphs from call records. It's not on Annex I, says our classification.").dual_use_listed is False
    probe = "Our probe sits on an ISP's network in Tashkent and extracts application metadata"
    assert parse(probe + ". No hard-selector search, no relationship graphs.").dual_use_listed is False
    assert parse(probe + " and lets analysts run hard-selector searches.").dual_use_listed is True
    assert parse("Our forensic kit does logical extraction only, no bypassing of passcodes, for the police in Kampala.").dual_use_listed is False


def test_money_tied_to_one_export_deal_takes_the_deals_rules() -> None:
    assert parse("We're a bank. We'd provide export pre-financing for 30 thermal cameras a client ships to Hanoi. What licences are involved?").investee_duty is True
    assert parse("Our fund holds 3% of a camera maker that sells thermal cameras to Vietnam. Should we engage?").investee_duty is None
    s = parse("Our bank lends to a Dublin maker of network probes. Do they need anything from the authorities before shipping to Almaty?")
    assert s.seller_role == "investor" and s.investee_duty is True


def test_a_countrys_record_is_reported_misuse_not_knowledge_of_this_use() -> None:
    s = parse("Political-risk underwriter in Paris. A French integrator wants cover for a contract in a country whose security forces have been accused of arresting protesters: 2,000 cameras plus face recognition.")
    assert s.misuse_indicated is True and s.misuse_reported_only is True
    s = parse("A mobile operator in Baku wants ten units. Our DD hasn't turned up anything specific, but Azerbaijan's record on journalists worries us.")
    assert s.misuse_reported_only is True
    assert parse("A Tallinn software house: the real user is a foreign security service going after exiled journalists.").misuse_indicated is True


def test_services_on_goods_that_never_left_from_here_and_licences_already_granted() -> None:
    assert parse("Officers come to our Rotterdam academy for a course on the face-recognition VMS they bought from us. No new software ships — it's classroom work only.").services_only is True
    assert parse("A client abroad wants a repair mission for Japanese-made thermal cameras, never exported from the EU.").services_only is True
    assert parse("I'm an agent in Valletta selling a Japanese maker's cameras to an institute in a third country; the cameras never come near Europe.").seller_role == "broker"
    s = parse("We exported 40 cooled thermal cameras (6A003, individual licence granted) to Brazil last spring. Our technicians fly out for the annual maintenance check.")
    assert s.export_authorised is True and s.services_only is True


def test_technology_handed_over_is_no_service_only() -> None:
    s = parse("Our thermal cores are in 6A003. We move assembly to a contract manufacturer in Bac Ninh, Vietnam, and give them the production drawings and calibration recipes through our cloud. No hardware goes out at first, only our engineers' support.")
    assert s.services_only is None


def test_a_questions_sentences_are_embedded_in_one_call_and_cached() -> None:
    from assistant.scenario import _embed_units

    class Batching:
        calls: list[list[str]] = []

        def embed_queries(self, texts: list[str]) -> list[list[float]]:
            self.calls.append(list(texts))
            return [[float(len(t)), 1.0] for t in texts]

    embedder = Batching()
    assert _embed_units(embedder, ["one two three", "four five", "one two three"]) == [(13.0, 1.0), (9.0, 1.0), (13.0, 1.0)]
    assert embedder.calls == [["one two three", "four five"]]
    assert _embed_units(embedder, ["four five", "six"]) == [(9.0, 1.0), (3.0, 1.0)]
    assert embedder.calls[-1] == ["six"]


def test_a_forensic_tool_goes_back_into_the_list_when_it_defeats_the_lock() -> None:
    first = "Our Ghent company makes a kiosk that copies contacts, photos and chats from unlocked phones (logical extraction only). Border police in a Central Asian country want 40."
    assert parse(first).dual_use_listed is False
    s = parse("Our engineers say the new version also gets past the phone's lock screen and pulls a full raw image of the memory. Same customer. Does that change the answer?", [first])
    assert s.dual_use_listed is True
    assert parse("Latvian firm: our tool builds contact graphs inside a regional ISP. Its not carrier class so our counsel says not on annex I.").dual_use_listed is False


# seventeenth session


def test_a_licence_cited_as_precedent_is_no_destination_unless_nothing_else_is() -> None:
    s = parse("We are a Dutch maker. Last year we got an individual licence for Mexico for the same cameras. Now a distributor in Brazil wants 300 thermal cameras for the city police of Sao Paulo.")
    assert s.destinations == ["BR"] and s.transit == []
    assert s.buyer == "city police of Sao Paulo"
    s = parse("We used EU001 for Norway before. This time an integrator in Kazakhstan wants our IP monitoring system for the interior ministry.")
    assert s.destinations == ["KZ"] and s.transit == []
    assert parse("We got a licence for Mexico last month; can we ship the 40 extra units now?").destinations == ["MX"]
    assert parse("We have an individual licence for Mexico; the police in Brazil also want 300 cameras.").destinations == ["MX", "BR"]
    assert parse("Last year we got a licence for Mexico; the police in Brazil also want 300 cameras.").destinations == ["BR"]


def test_an_earlier_case_dropped_or_compared_with_is_no_destination() -> None:
    assert parse("Comparison: the thermal camera we couldn't sell to Iran has a 9 Hz sibling. A research station in Kenya wants six. Same rules as the Iran case?").destinations == ["KE"]
    history = ["Can we sell our cooled thermal cameras to a customer in Iran?"]
    s = parse("OK, scrap Iran. Instead we'll move 200 of those same thermal cameras from our Dutch plant to our own sales subsidiary in Vienna as stock.", history)
    assert s.destinations == ["AT"]
    assert parse("Can we still sell the thermal cameras to Iran via Dubai?", history).destinations == ["IR"]


def test_datasheet_words_and_native_words_read_as_thermal() -> None:
    assert "thermal_camera" in parse("Bi-spectrum turret. Second channel: VOx uncooled 384×288, 12 µm pitch.").products
    assert "thermal_camera" in parse("We want to sell our Wärmebild cameras to a buyer in Isfahan.").products
    assert "thermal_camera" not in parse("The VOX feature of the intercom starts recording when someone speaks.").products


def test_interception_by_its_plain_features() -> None:
    s = parse("Appliance: passive tap on SIP/VoIP trunks, records every call in full, voiceprint enrolment and speaker identification. Buyer: telecom regulator in Baku.")
    assert "interception" in s.capabilities and "network_interception" in s.products
    s = parse("Our lawful-intercept probe (a 5A001.j system) goes to our development centre in Pune.")
    assert s.dual_use_listed is True and "network_interception" in s.products
    assert parse("Is this a 5A001.j system? It goes to Pune.").dual_use_listed is None


def test_listing_denied_by_scale_or_by_a_verbless_aside_and_restored_by_a_key() -> None:
    assert parse("Our inline appliance captures guest traffic. It's nowhere near operator-backbone scale. Buyer in Minsk.").dual_use_listed is False
    assert parse("The uncooled modules — not on the dual-use list — go to a buyer in Chile.").dual_use_listed is False
    assert parse("Thermal core, 8.6 Hz. The same hardware runs at 30 Hz once you load a performance key. Exporting to Brazil.").dual_use_listed is True


def test_the_police_as_rule_maker_are_no_end_user() -> None:
    s = parse("A chain of internet cafés in Shiraz wants 60 cameras and told us Iranian police rules oblige them to record customers.")
    assert "police" not in s.end_user_types and s.listed_entities == []
    s = parse("The buyer is a mall in Tabriz; as required by the police, the feed connects to the police control room.")
    assert "police" in s.end_user_types


def test_stakeholders_legal_forms_and_victims_named_are_read_for_what_they_are() -> None:
    assert parse("We make thermal cameras and engage with stakeholders in Lagos before selling to the police there.").seller_role != "investor"
    assert parse("We hold a 4% stake in a camera maker.").seller_role == "investor"
    s = parse("Our ApS in Aarhus sells a face-scraping tool to a ministry in East Africa.")
    assert s.company_country == "DK" and s.destinations == []
    assert "ethnicity_analytics" not in parse("Plain 4 MP cameras for a city known for mass surveillance and detention of Uyghurs.").capabilities
    assert "ethnicity_analytics" in parse("The analytics flag Uyghurs in the crowd.").capabilities


def test_an_authority_letter_from_a_department_and_active_misuse() -> None:
    s = parse("On 12.05.2026 we got a letter from the export control department of the ministry in Vienna saying the software could serve 'to repress the population' there.")
    assert s.authority_informed is True
    assert parse("We installed 80 cameras at a mine in Zambia. Union reps now tell us the security team used the footage to pick out workers who joined a strike.").stage == "misuse_discovered"
    assert parse("A Chinese factory would ship straight to Lagos. We never touch the batons ourselves; we take a commission.").seller_role == "broker"
    s = parse("We move assembly to a contract manufacturer in Vietnam and put the full manufacturing package in a shared cloud folder. No hardware leaves Sweden.")
    assert s.services_only is None


# eighteenth session


def test_carved_out_of_a_named_entry_reads_as_unlisted() -> None:
    assert parse("Our classification team says mediation devices are carved out of 5D001.e. Are we clear?").dual_use_listed is False
    assert parse("The probe is exempt from entry 5A001.j by the QoS note.").dual_use_listed is False
    assert parse("The module falls under 5A001.j and is not exempt from anything.").dual_use_listed is True


def test_a_topic_or_an_owners_seat_is_no_destination() -> None:
    assert parse("Is there anything Iran-specific? We sell 40 cameras to a hotel in Cyprus.").destinations == ["CY"]
    assert parse("A subsidiary of an Iranian group headquartered in Tehran wants 60 cameras for its plant in Ankara.").destinations == ["TR"]
    assert parse("The company that manages Azadi Stadium wants 40 cameras.").destinations == ["IR"]


def test_the_writers_seat_from_a_job_or_a_head_office() -> None:
    s = parse("I run compliance for a Swiss camera company. Does the EU Iran regime bind us?")
    assert (s.company_country, s.company_in_eu, s.destinations) == ("CH", False, [])
    s = parse("We are a listed camera group, HQ in Frankfurt, selling 300 cameras to a mall in Manila.")
    assert (s.company_country, s.destinations) == ("DE", ["PH"])
    assert parse("The buyer, HQ in Dubai, wants 30 cameras.").destinations == ["AE"]


def test_misuse_read_from_plain_verbs_and_named_groups() -> None:
    assert parse("The agency, per our own checks, jails peaceful protesters.").misuse_indicated is True
    assert parse("The agency, per our own checks, jails peaceful protesters.").end_user_types == []
    assert parse("Our due diligence file concludes the bureau uses such data to pick out Uyghurs for detention.").misuse_indicated is True
    assert parse("The agency wants 200 GPS trackers for the cars of opposition figures.").misuse_indicated is True
    assert parse("Cameras for the city jail in Bogota.").end_user_types == ["prison"]


def test_a_stated_classification_or_eccn_reads_as_listed() -> None:
    assert parse("Our export classification is 5A002.a. A buyer in Caracas wants 50.").dual_use_listed is True
    assert parse("Our ECCN is 5A002; the distributor is in Lima.").dual_use_listed is True
    assert parse("The Turkish distributor classifies the model under 6A003.b.4.").dual_use_listed is True
    assert parse("Our classification is not 5A002.").dual_use_listed is False
    s = parse("Thermal people counters with an 8-element linear array, no time-delay-and-integration, for shops in Cairo.")
    assert s.dual_use_listed is False and "thermal_camera" in s.products


def test_ai_practices_read_through_quotes_and_job_compounds() -> None:
    assert "crime_prediction" in parse("The police in Munich want a 'future offender' score based on age, nationality and a personality questionnaire.").capabilities
    assert "social_scoring" in parse("The city wants a 'civic reliability' score for each resident; low scores drop down the housing lists.").capabilities
    s = parse("A customer-service outsourcer in Lisbon reads agents' facial expressions to see if they are frustrated or bored, so team leads can coach them.")
    assert "emotion_recognition" in s.capabilities and s.end_user_types == ["employer"]
    assert parse("The terminal checks their face against the template they enrolled themselves.").biometric_verification is True
    assert parse("A police force in an EU country wants live face recognition in the station.").eu_market is True
    assert parse("The public-security bureau that runs traffic command in Ho Chi Minh City wants 200 cameras.").end_user_types == ["police"]


def test_the_state_as_beneficiary_of_interception() -> None:
    s = parse("An Iranian mobile operator wants us to tune the interception platform that lets the authorities tap subscribers.")
    assert "government" in s.end_user_types and s.destinations == ["IR"]


def test_a_forensic_kit_limited_to_logical_extraction_is_no_interception_gear() -> None:
    history = [Turn(role="user", content="Can we sell our phone forensic kit to the RCMP in Canada?"), Turn(role="assistant", content="...")]
    s = understand("Our kit does logical extraction only, no passcode bypass. Does that change anything?", history)
    assert s.dual_use_listed is False and "network_interception" not in s.products


# nineteenth session


def test_the_latest_classification_holds() -> None:
    text = "Our 2023 cameras ran at 8 Hz and fell outside the dual-use list. The new model runs at 25 Hz and we now classify it under 6A003.b.4."
    assert parse(text).dual_use_listed is True
    assert parse("We classified it under 6A003.b.4 at first, but the 9 Hz version falls outside 6A003.").dual_use_listed is False
    assert parse("It is a 6A003 camera.").dual_use_listed is True


def test_the_place_a_demo_unit_leaves_from_is_not_the_fair() -> None:
    s = parse("We want to take a thermal demo unit from Lyon to an expo in Riyadh and bring it back after the show.")
    assert (s.destinations, s.temporary_exhibition) == (["SA"], True)


def test_a_pre_listing_debt_in_a_follow_up_keeps_the_destination() -> None:
    s = parse(
        "They still owe us €40,000 for cameras delivered in 2021. The money is in their account at a German bank, which has frozen it.",
        history=["Can our Lyon company sell spare parts to Radis Vira Tejarat Co in Tehran?"],
    )
    assert (s.prior_contract_payment, s.destinations) == (True, ["IR"])
    assert parse("The buyer in Erbil pays through a Dubai bank.").destinations == ["IQ"]
    assert parse("A Turkish bank wants 50 cameras for its branches.").destinations == ["TR"]


def test_first_level_subdivisions_name_their_country() -> None:
    assert [(p.text, p.code) for p in find_places("a copper mine in Minas Gerais")] == [("Minas Gerais", "BR")]
    assert [(p.text, p.code) for p in find_places("a plant in Guangdong")] == [("Guangdong", "CN")]
    assert [p.code for p in find_places("police units in Khuzestan")] == ["IR"]
    assert find_places("a call from Miranda") == []
    assert find_places("we met in Central") == []


def test_reports_of_extracted_chats_used_against_activists_are_misuse_of_such_goods() -> None:
    s = parse(
        "We supply a phone-extraction suite to a police unit in Dushanbe. Our review turned up press reports that "
        "this unit used extracted chats to arrest opposition activists."
    )
    assert (s.misuse_indicated, s.misuse_reported_only) == (True, None)


def test_vehicles_built_to_carry_detainees_are_annex_iii_goods_but_cameras_for_them_are_not() -> None:
    assert parse("We sell prisoner transport vans to a buyer in Tehran.").products == ["riot_gear"]
    assert parse("Vehicles specially designed to transport detainees, for Shiraz.").products == ["riot_gear"]
    assert parse("Cameras for the prison van fleet in Madrid.").products == ["fixed_camera"]


def test_terse_asks_after_the_facts_make_a_scenario() -> None:
    s = parse("Bundle for Kenya Prisons Service: body cams + electric stun batons, shipping from Belgium. Body cams no issue I assume. Batons?")
    assert (s.is_scenario, s.destinations, s.company_country) == (True, ["KE"], "BE")
    assert parse("VMS + ANPR for Kampala Metropolitan Police. Opposition rallies get broken up there. What level of HRDD?").is_scenario is True
    s = parse("Basic 4MP colour domes + NVR, no analytics, for a supermarket chain in Santiago de Chile. Anything beyond normal KYC?")
    assert (s.is_scenario, s.products, s.destinations) == (True, ["fixed_camera"], ["CL"])
    assert parse("What is a dual-use item? Annex I?").is_scenario is False


def test_a_demo_unit_back_straight_after_the_expo_with_its_entry_in_brackets() -> None:
    s = parse("Taking 2 thermal demo cams (6A003.b.4) to a security expo in Dubai in January, back straight after. Individual licence or EU004?")
    assert (s.destinations, s.temporary_exhibition, s.dual_use_listed) == (["AE"], True, True)


def test_the_list_side_of_a_reported_screening_hit_is_no_party() -> None:
    assert "KARAMI" not in parser.without_list_side("Our screening tool flags a 'possible match' with 'KARAMI Hassan' on the EU Iran list.")
    assert "Seraj Cyberspace" not in parser.without_list_side("The tool matched 'Seraj Cyberspace Organization'. The SAS was registered in Lyon.")
    blanked = parser.without_list_side("Our buyer 'Imen Sanat Security Ltd' fuzzy-matched 'Imen Sanat Zaman Fara Company' on the list.")
    assert "Imen Sanat Security Ltd" in blanked and "Zaman Fara" not in blanked


def test_a_road_administration_is_a_government_user_and_the_iranian_side_of_a_border_is_iran() -> None:
    assert parse("We sell ANPR cameras with analytics to the traffic directorate in Riyadh.").end_user_types == ["government"]
    s = parse("We sell thermal cores to an integrator in Van, Turkey. The finished cameras are for a border police post on the Iranian side, near Bazargan.")
    assert "IR" in s.destinations
    assert parse("Our border with the Turkish side is long; we sell cameras for a mall in Tabriz.").destinations == ["IR"]


def test_a_country_code_seat_and_face_rec_shorthand() -> None:
    s = parse("SE-based integrator here. We sell 40 cameras to a mall in Oslo. CSDDD angle?")
    assert (s.company_country, s.destinations) == ("SE", ["NO"])
    assert "facial_recognition" in parse("Face-rec for a police force in Spain, live. Flat ban?").capabilities


def test_customs_as_the_office_that_clears_goods_is_no_end_user() -> None:
    assert "government" not in parse("We ship dome cameras to a distributor in Dubai who installs them in hotels. Customs has never asked for a licence.").end_user_types
    assert parse("We sell body scanners to the customs administration of Ghana.").end_user_types == ["government"]


def test_a_disclosed_end_user_lifts_the_withheld_end_use() -> None:
    first = "A distributor in Almaty wants 2,000 of our standard dome cameras but won't say who the end customers are. We're based in Hamburg."
    assert parse(first).end_use_withheld is True
    s = parse("They've come back with everything: it's for 14 branches of a supermarket chain, with installation contracts and site plans.", history=[first])
    assert (s.end_use_withheld, s.destinations) == (None, ["KZ"])


def test_a_workshop_card_title_is_no_fact() -> None:
    s = parse('Card C2 — "FaceVault". A Lisbon start-up plans a face-search subscription for retailers, built from scraped social-media pictures.')
    assert (s.company_country, s.is_scenario) == ("PT", True)


def test_a_foreign_city_a_slipping_deal_and_an_inspectorates_letter() -> None:
    assert parse("We sell covert Wi-Fi sensor poles to the municipal police of a large foreign city.").export_region == "a large foreign city"
    s = parse(
        "OK, the Brazil deal is slipping anyway. Meanwhile the Canada Border Services Agency wants the same 18 units.",
        history=["We are a Finnish maker. Can we export 18 cooled thermal cameras (6A003.b.4) to the federal police in Brasília?"],
    )
    assert s.destinations == ["CA"]
    assert parse(
        "We receive a letter from the Swedish Inspectorate of Strategic Products saying the authority believes the software could be used against protesters abroad."
    ).authority_informed is True


# twentieth session


def test_an_eu_countrys_own_authority_is_whom_the_exporter_asks_not_a_destination() -> None:
    s = parse("We're a Dublin integrator selling video recorders with plate recognition to a Moroccan port operator. Do we need to tell the Irish authority anything first?")
    assert (s.company_country, s.destinations) == ("IE", ["MA"])
    assert parse("We got a letter from the German licensing office about our thermal cores for Almaty.").destinations == ["KZ"]
    assert parse("We sell 200 body cameras to the Ministry of Interior of Egypt.").destinations == ["EG"]


def test_forwarding_an_email_is_no_onward_shipment() -> None:
    s = parse("Fwd: quote thread. Hi team, forwarding the thread below. A distributor in Tokyo wants 20 thermal cameras (6A003.b.4) from us in Athens.")
    assert (s.company_country, s.destinations, s.transit) == ("GR", ["JP"], [])
    s = parse("A Dubai distributor will forward the cameras to a partner in Tabriz.")
    assert (s.destinations, s.transit) == (["IR"], ["AE"])


def test_neither_negates_the_first_member_and_a_birthplace_is_no_destination() -> None:
    assert "thermal_imaging" not in parse("It is neither thermal nor a telecom interception tool; it matches faces.").capabilities
    assert parse("Our buyer in Vienna is an Austrian firm whose founder was born in Shiraz. 50 domes for its offices.").destinations == ["AT"]


def test_a_place_that_fell_through_is_dismissed() -> None:
    s = parse("We're in Lyon. The Belgrade deal fell through, so now a buyer in Bern wants 6A003 cameras.")
    assert s.destinations == ["CH"]
    s = parse("Belgrade fell through. Now a research institute in Bern wants them.", history=["We are a Lyon maker. A ministry in Belgrade wants 6A003 cameras."])
    assert s.destinations == ["CH"]


def test_piazzas_are_public_places_and_weapon_mounted_sights_are_military() -> None:
    assert "remote_biometric_identification" in parse("Municipal police want live face matching of everyone in the piazzas of the old town, in Bologna.").capabilities
    assert parse("We sell uncooled cores to a Turkish firm which will build them into rifle-mounted thermal sights for the army of a country under an EU arms embargo.").military_incorporation is True


def test_a_running_score_per_resident_is_social_scoring() -> None:
    s = parse("Street cameras attribute littering and noise to individual residents and keep a running score per resident. Residents with low scores slide down the housing list.")
    assert "social_scoring" in s.capabilities
    assert "social_scoring" not in parse("The cameras count litter incidents per street to plan the cleaning crews.").capabilities


def test_a_quantified_denial_of_listing_is_no_listing() -> None:
    assert parse("We make a Wi-Fi sniffer; nothing in it is on the dual-use list. The buyer is in Baku.").dual_use_listed is not True
    assert parse("Only the thermal core is on the dual-use list. The buyer is in Baku.").dual_use_listed is True


# twenty-first session


def test_a_firms_seat_in_brackets_after_its_name_is_its_seat_and_its_name_is_no_place() -> None:
    s = parse("Adler Infrarot GmbH (Jena) sells 40 thermal cameras to a distributor in Almaty. Do they need a licence?")
    assert (s.company_country, s.destinations, s.transit) == ("DE", ["KZ"], [])
    s = parse("Case 4: Vexa Optics SpA (Turin, Italy) has an order from a reseller in Lagos for 300 dome cameras. Verdict?")
    assert (s.company_country, s.destinations) == ("IT", ["NG"])
    # a buyer's seat in brackets after the verb stays where the goods go
    assert parse("We sell to Orbis LLC (Almaty), which resells cameras.").destinations == ["KZ"]


def test_a_signature_block_and_an_appositive_after_us_give_the_writers_seat() -> None:
    s = parse("Can we ship 30 PTZ cameras to a hotel chain in Nairobi?\n\nMikko Laine | Export Compliance | Nordvalo Oy | Espoo, Finland")
    assert (s.company_country, s.destinations) == ("FI", ["KE"])
    s = parse("A distributor in Almaty wants 40 thermal cameras from us, a German maker.")
    assert (s.company_country, s.destinations, s.transit) == ("DE", ["KZ"], [])


def test_the_writers_own_people_and_premises_are_no_destination() -> None:
    s = parse("Explainer for our sales reps in Vienna: what does Annex IV of Regulation 359/2011 cover?")
    assert (s.company_country, s.destinations, s.is_scenario) == ("AT", [], False)
    assert parse("Our Vienna customer wants 20 domes. Anything to check?").destinations == ["AT"]


def test_a_trainers_placeholder_country_is_an_export_and_member_state_a_is_home() -> None:
    s = parse("Trainer card: a maker in Member State A sells facial recognition to the police of Country B. Verdict?")
    assert (s.export_region, s.company_in_eu) == ("Country B", True)
    assert "Country" not in s.parties
    assert parse("Which authority in Member State A decides?").export_region is None


def test_an_investor_describing_its_investees_concrete_export_asks_for_that_exports_status() -> None:
    text = (
        "We hold 8% of Nordvakt AB, a Swedish maker. Nordvakt wants to ship Wi-Fi interception kits to a police unit in Country X "
        "that jails journalists; its own review found the kits would be used to track them. What does Nordvakt have to do?"
    )
    s = parse(text)
    assert (s.seller_role, s.investee_duty, s.company_country, s.destinations) == ("investor", True, "SE", [])
    own = parse("We hold 8% of Nordvakt AB. It ships interception kits to police in Country X that track journalists. Do we, as shareholder, need a licence ourselves?")
    assert own.investee_duty is not True
    assert parse("Our leasing arm finances stock for an installer that sells cameras to police in Minsk.").seller_role == "investor"


def test_business_papers_a_counted_clause_and_plural_abbreviations_make_a_deal() -> None:
    s = parse("40 PTZs for the Lusaka city police. Anything beyond normal KYC?")
    assert (s.products, s.destinations, s.is_scenario) == (["ptz_camera"], ["ZM"], True)
    assert parse("PO just in from a trading firm in Tehran: 60 NVRs, prepaid. Can sales confirm?").is_scenario is True
    assert parse("The listing gives a PO Box in Tehran. Which entity is that?").is_scenario is False


def test_a_national_authority_by_its_own_name_informs_the_exporter() -> None:
    s = parse("Note from the Dutch CDIU: they consider our analytics kit for the Kyrgyz interior ministry could be used against the opposition. Shipping Friday?")
    assert (s.authority_informed, s.destinations) == (True, ["KG"])
    assert parse("The CDIU website says such tools could be misused; our kit goes to Kyrgyz police.").authority_informed is not True


def test_a_denied_plan_leaves_only_reports() -> None:
    s = parse("NGOs report the Tashkent police pressure bloggers, but we have nothing showing they plan to target anyone with our 20 PTZ cameras.")
    assert s.misuse_reported_only is True
    assert parse("No paperwork, but their colonel told us they plan to track the bloggers with our 20 PTZ cameras in Tashkent.").misuse_reported_only is not True


def test_an_authority_that_has_not_decided_or_goods_that_came_back_inform_no_one() -> None:
    assert parse("We notified BAFA under Article 5(2) last week about the analytics licence for Almaty; BAFA hasn't decided yet.").authority_informed is not True
    assert parse("Six thermal cameras exported under our UAMA licence to a steel plant in Minas Gerais, Brazil, came back for repair. Can we send them back?").authority_informed is not True
    assert parse("UAMA came back to us saying a licence is required for the analytics going to Almaty.").authority_informed is True
    assert parse("There is no letter from the authority and we have no information that the analytics for Almaty may be misused.").authority_informed is not True


def test_an_upgrade_with_words_between_is_still_an_upgrade() -> None:
    back = "Six thermal cameras came back from a Brazilian steel plant for repair. We {} and send them back to the plant."
    assert parse(back.format("will fit a new 1280×1024 detector, which doubles the detection range,")).return_after_repair is False
    assert parse(back.format("replaced the detector with a new one of the same spec")).return_after_repair is True


def test_force_against_assemblies_is_reported_misuse() -> None:
    s = parse("We sell 30 IP cameras to the police of a capital city in Africa. UN reports document violent dispersal of peaceful demonstrations there.")
    assert (s.misuse_indicated, s.misuse_reported_only) == (True, True)
    assert parse("The analytics detects sudden dispersal of a crowd in the station.").misuse_indicated is not True


def test_a_follow_up_moving_the_buyer_to_an_unnamed_country_drops_the_named_one() -> None:
    first = ["We are a Helsinki maker. We ship 6A003 thermal cameras to a distributor in Oslo under EU001."]
    assert parse("What if the buyer were in Country X instead?", history=first).destinations == []
    assert parse("We also ship a second batch to Country X.", history=first).destinations == ["NO"]


def test_a_denied_iran_is_no_iranian_end_user() -> None:
    s = parse("Company A (Netherlands) sells ordinary cameras to the city police of Country X, not Iran.")
    assert s.listed_entities == []


def test_an_investor_asking_what_is_expected_of_itself_keeps_its_own_duty() -> None:
    s = parse(
        "We hold 4.5% of a listed German camera maker. BAFA refused its application to export cooled thermal cameras to a Gulf interior ministry "
        "which UN experts link to surveillance of activists. We're not the exporter, obviously. What is expected of us as a shareholder?"
    )
    assert (s.seller_role, s.investee_duty) == ("investor", None)


# twenty-second session


def test_an_authority_answer_that_no_licence_is_needed_clears_the_export() -> None:
    cleared = parse("We notified BAFA under Article 5(2) about our analytics for a police force in Kazakhstan. BAFA replied last week that no authorisation is required.")
    assert (cleared.authority_cleared, cleared.authority_informed) == (True, False)
    assert parse("UAMA decided not to make the export subject to authorisation, so we may ship the cameras to Almaty.").authority_cleared is True
    assert parse("If BAFA says no licence is needed, can we ship the analytics to the Kazakh police?").authority_cleared is None
    assert parse("The distributor told us no licence is needed for Kazakhstan.").authority_cleared is None
    warned = parse("BAFA wrote that our face recognition suite may be used for repression and that we need an authorisation.")
    assert (warned.authority_cleared, warned.authority_informed) == (None, True)


def test_a_later_letter_imposing_a_licence_replaces_an_earlier_clearance() -> None:
    first = ["We notified the ministry about the analytics for Almaty; it answered that no licence is required."]
    s = parse("Now the ministry has written again: it considers the analytics may be used against protesters and imposes an authorisation requirement.", history=first)
    assert (s.authority_cleared, s.authority_informed) == (None, True)


def test_a_dated_past_diversion_is_a_red_flag_not_the_destination() -> None:
    s = parse("Our client in Dubai re-exported two of our PTZ cameras to Tehran back in 2021 without telling us. Now they order 30 more visible-light PTZs for a shopping mall in Dubai.")
    assert (s.destinations, s.transit, s.prior_diversion) == (["AE"], [], True)
    t = parse("A distributor in Istanbul wants 50 dome cameras for a hotel chain in Turkey. In 2019 one of its shipments of our cameras ended up in Iran.")
    assert (t.destinations, t.prior_diversion) == (["TR"], True)
    # goods of this deal that went to Iran, and a stated onward route, are where the goods go
    assert "IR" in parse("We shipped 20 thermal cameras to a Dubai reseller last month and have just learned they ended up in Iran. What now?").destinations
    assert parse("A Yerevan integrator wants thermal cores; it says they will end up in Iran at a power plant.").destinations == ["IR"]


def test_a_retracted_finding_about_another_buyer_withdraws_the_misuse() -> None:
    first = [
        "We want to sell our face recognition analytics to the national police of Kenya; Amnesty reports they used cameras to track and arrest protesters last year.",
        "Bottom line: notify the authority under Article 5(2).",
    ]
    s = parse("Correction: that Amnesty report was actually about a different police force in Uganda, not our buyer.", history=first)
    assert (s.misuse_indicated, s.destinations, s.stage) == (False, ["KE"], "pre_contract")
    kept = parse("Yes, the report is about our buyer, sadly. What now?", history=first)
    assert kept.misuse_indicated is True


def test_matching_a_holders_stored_template_is_one_to_one_verification() -> None:
    assert parse("A logistics firm in Rotterdam wants turnstiles where the camera checks that the face matches the badge holder's stored template before the gate opens.").biometric_verification is True
    assert parse("A French bank wants its ATM cameras to confirm the card owner's identity by comparing their face with the photo on file.").biometric_verification is True
    assert parse("A mall in Lyon wants cameras that compare every shopper's face against a watchlist of shoplifters.").biometric_verification is not True


def test_research_said_in_other_words_is_research_and_a_real_world_test_is_not() -> None:
    assert parse("Our university team built a gait-recognition prototype that we only run in the lab; we have no plans to commercialise it.").research_only is True
    assert parse("It is for a PhD study only and will never be sold or deployed: an emotion classifier trained on consenting volunteers.").research_only is True
    assert parse("We are testing our emotion system in a real call centre with real employees before launch, as research.").research_only is None
    assert parse("Our lab built an emotion prototype and a school district now wants a licence for it.").research_only is None


def test_published_or_openly_released_technology_is_in_the_public_domain() -> None:
    assert parse("We will post our thermal-calibration paper on arXiv and the code in a public GitHub repo under the MIT licence.").public_domain is True
    assert parse("We'll upload our gait-model weights to Hugging Face for anyone to download.").public_domain is True
    assert parse("We send our unpublished source code to the Hyderabad group before publication.").public_domain is None
    assert parse("The code sits in a private repo shared under an NDA with a partner in Shenzhen.").public_domain is None


def test_spiked_batons_and_shock_sleeves_across_a_comma_are_torture_goods() -> None:
    assert "torture_goods" in parse("A container with 1,200 batons, steel shaft with spikes, for a buyer in Nigeria.").products
    assert "torture_goods" in parse("We exhibit sleeves which, worn on the detainee's forearm, deliver an electric shock on command.").products
    assert "torture_goods" not in parse("The camera's power supply carries an electric shock hazard label; anti-climb spikes sit on the pole.").products


def test_customs_transit_said_in_other_words_is_transit() -> None:
    assert parse("The batons arrive in Rotterdam for a buyer in Nigeria; they stay non-Union under T1 and leave on the same vessel.").transit_only is True
    assert parse("We unload the cameras in Rotterdam, clear them and sell them on to a client in Chile.").transit_only is None


def test_cameras_for_fire_detection_are_no_misuse() -> None:
    assert parse("The port authority in Chile uses the cameras for fire detection at the terminal.").stage != "misuse_discovered"
    assert parse("The mine's managers used the footage to fire two union organisers in Peru.").stage == "misuse_discovered"


def test_a_head_of_states_guard_is_a_military_end_user() -> None:
    assert "military" in parse("The presidential guard of an African country wants 40 PTZ cameras through a trading company.").end_user_types
    assert "military" not in parse("A hotel in Nairobi wants 40 PTZ cameras for its presidential suite.").end_user_types


def test_swapping_for_plain_cameras_or_keeping_the_exhibits_changes_the_goods() -> None:
    first = ["We want to ship 12 thermal cameras to a mall developer in Mashhad.", "Bottom line: prohibited under Article 1a(1)."]
    assert parse("And if we swap them for our plain daylight 4 MP domes — same mall?", history=first).products == ["fixed_camera"]
    fair = ["We take two 6A003 thermal cameras to a trade fair in Singapore and bring them back afterwards.", "Bottom line: standard due diligence under EU004."]
    assert parse("Now the local partner wants to keep both units after the show and pay for them on the spot.", history=fair).temporary_exhibition is False


def test_listing_the_people_at_a_demonstration_is_misuse() -> None:
    assert parse("The interior ministry wants the pole sensors to identify everyone who took part in last spring's demonstrations.").misuse_indicated is True
    assert parse("The sensors count visitors on the square for crowd safety; the square hosted demonstrations last year.").misuse_indicated is not True


def test_a_private_adviser_or_a_buyer_ministry_is_not_the_authority() -> None:
    assert parse("A customs adviser told us the firmware upload to our Vietnamese partner may need a licence.").authority_informed is not True
    assert parse("Our customs broker told us we need a licence for the cameras to Egypt.").authority_informed is not True
    assert parse("The customs office told us a licence is needed for the analytics going to Egypt.").authority_informed is True
    assert parse("The buyer, a Gulf emirate's interior ministry, wrote that the sensors should cover the whole port.").authority_informed is not True


def test_classification_ownership_debt_and_petty_purpose_in_other_words() -> None:
    assert parse("The tracker hits no Annex I entry, our counsel says. It will go to a Gulf ministry.").dual_use_listed is False
    assert parse("We send the 6E001 development technology for our cooled cores to our 100%-owned subsidiary in Querétaro, Mexico, for product development.").intra_group_technology is True
    assert parse("We send the 6E001 development technology to our 60/40 joint venture in Pune, India, for product development.").intra_group_technology is False
    assert parse("The remaining 30% is still open; the listed buyer wants to pay it from a frozen account.").prior_contract_payment is True
    assert parse("The police want live face matching on the Old Town square against a list of people with unpaid traffic fines.").purpose_outside_rbi_exceptions is True
    assert parse("The police want live face matching in the station against a list of suspects wanted for murder.").purpose_outside_rbi_exceptions is not True


def test_an_authority_letter_after_a_buyer_ministry_in_the_same_sentence_still_informs() -> None:
    s = parse(
        "We were about to deliver to the interior ministry of a Gulf state when the Danish export control authority sent us a letter "
        "saying the items may be intended for internal repression."
    )
    assert s.authority_informed is True


# twenty-third session


def test_goods_sent_to_a_show_abroad_go_to_the_show_country() -> None:
    demo = parse(
        "Trade-show logistics, Utrecht. We ship three demo thermal cameras to a security exhibition in Tehran this October; "
        "our engineers keep them at the booth and everything is back in the Netherlands within three weeks."
    )
    assert demo.destinations == ["IR"]
    assert demo.temporary_exhibition is True
    one_way = parse("We plan to send our face-recognition demo kit to the ISNR exhibition in Abu Dhabi in March. We are based in Lyon.")
    assert one_way.destinations == ["AE"]
    assert one_way.temporary_exhibition is None
    assert parse("We met a Saudi buyer at a fair in Paris; now he wants 20 thermal cameras shipped to Riyadh.").destinations == ["SA"]


def test_every_face_poured_into_an_index_in_the_passive_is_scraping() -> None:
    assert "face_scraping" in parse(
        "Every face any connected camera sees, around the clock, gets cropped and dropped into a shared face index that customers can search later."
    ).capabilities
    assert "face_scraping" not in parse("Every face the camera sees is compared with the five people on the shop's own ban list.").capabilities


def test_an_unlisted_forensic_kit_for_a_repressive_end_use_stays_a_surveillance_product() -> None:
    repression = parse(
        "Our mobile forensic kits do logical extraction only, no passcode bypass, not in Annex I. A state security service in Central Asia wants 40 "
        "to process phones seized at unauthorised assemblies; its press releases boast of identifying rally organisers, and UN reports "
        "describe journalists detained after the protests."
    )
    assert "network_interception" in repression.products
    assert repression.misuse_indicated is True
    plain = parse("Our mobile forensic kits do logical extraction only, no passcode bypass, not in Annex I. A customs agency in Norway wants 10 for fraud cases.")
    assert "network_interception" not in plain.products


def test_an_authority_letter_with_a_date_before_from_informs() -> None:
    assert parse(
        "We got a letter dated 4 November from the Polish export-control authority about our Wi-Fi tracking add-on for a police force in "
        "Central Asia. The letter says the police may use the units to put down peaceful assemblies."
    ).authority_informed is True
    assert parse("We got a letter dated 4 November from our bank about the payment terms for the Kazakh order.").authority_informed is not True


def test_a_defence_plant_building_apcs_in_an_embargoed_country_is_military_incorporation() -> None:
    s = parse(
        "A customer ordered 400 camera modules and asked for mounting drawings for an armoured personnel carrier turret. They are a state "
        "defence plant building APCs, and their country is under an EU arms embargo."
    )
    assert s.military_incorporation is True
    assert s.export_region is not None
    assert parse("A state-owned dairy plant building yoghurt lines ordered 400 camera modules; the country is under no embargo.").military_incorporation is not True


def test_a_writer_who_arranges_a_deal_and_never_owns_the_goods_is_a_broker() -> None:
    assert parse("A client has asked us to arrange the purchase of 2,000 pepper-spray canisters from a factory in Izmir for the Ghana Police Service.").seller_role == "broker"
    assert parse("We negotiate the sale of thermal cameras from a Chinese maker to a buyer in Egypt for a commission; we never take title to the goods.").seller_role == "broker"
    assert parse("We are a freight forwarder: we book the vessel, insure the cargo and never take title to the goods bound for Egypt.").seller_role != "broker"


def test_what_a_payment_from_frozen_funds_is_for() -> None:
    assert parse("We hold a frozen account for a listed operator; ops wants to keep debiting our €45 account maintenance fee from it.").freeze_derogation == "account_fees"
    assert parse("A listed client with a frozen account asks us to pay €18,000 to the law firm that represents him in court.").freeze_derogation == "legal_fees"
    assert parse("His daughter's rent has always been paid by standing order from his now frozen account.").freeze_derogation == "basic_needs"
    assert parse(
        "In 2022 an arbitral tribunal ordered the broadcaster to pay us €265,000; it was listed months later and its funds are frozen in Hamburg."
    ).freeze_derogation == "prior_judgment"
    assert parse(
        "A relief NGO, not one of the EU's framework humanitarian partners, pays warehouse rent for earthquake aid to a depot owned by a listed foundation."
    ).freeze_derogation == "humanitarian"
    assert parse("The listed police want to buy 40 cameras and rent a warehouse from us.").freeze_derogation is None
    assert parse("Our client pays rent for his flat in Graz from his salary account.").freeze_derogation is None


# twenty-fourth session


def test_a_desk_at_a_firm_opening_the_message_is_the_writer_not_a_destination() -> None:
    seat = parse("Product compliance at Kestrel Analytics, Tartu. A hotel chain in Lyon wants 30 cameras.")
    assert seat.company_country == "EE"
    assert seat.destinations == ["FR"]
    named = parse("Export-control desk at Ostrava Vision. A hotel chain in Lyon wants 30 cameras.")
    assert named.company_country == "CZ"
    assert named.destinations == ["FR"]
    assert parse("Sales request at Tehran Metro. They want 30 cameras.").destinations == ["IR"]


def test_the_nationality_of_the_writers_own_people_is_no_destination() -> None:
    assert parse("Our German managing director asks whether we can sell 50 dome cameras to a hotel chain in Lyon.").destinations == ["FR"]
    assert parse("My Italian colleague asks whether we can sell 50 dome cameras to a hotel chain in Lyon.").destinations == ["FR"]
    assert parse("We sell 50 dome cameras to our German distributor.").destinations == ["DE"]


@pytest.mark.parametrize(
    "place",
    [
        "a private systems contractor in a non-EU capital",
        "the State Security Service of a country outside EU",
        "the Interior Ministry of a central-asian republic",
        "the police of non-EU country",
        "a Western Balkans interior ministry",
        "an interior ministry in a country that criminalises same-sex relations",
    ],
)
def test_an_unnamed_country_outside_the_union_is_an_export(place: str) -> None:
    s = parse(f"We are a Dutch maker. Our unlisted phone-tracking module goes to {place}.")
    assert s.export_region is not None
    assert not [c for c in s.destinations if c != "NL"]


def test_a_place_with_no_article_inside_the_union_stays_internal() -> None:
    assert parse("We are a Dutch maker; our non-EU staff at the Berlin office sell 20 cameras to a hotel in Munich.").export_region is None


def test_military_items_named_first_and_the_goods_built_into_them_after() -> None:
    s = parse(
        "Skjold Optics ships unlisted daylight camera modules to a drone workshop in a country under an EU arms embargo. The workshop "
        "builds reconnaissance drones for the army that are on the military list, and the modules go straight into them."
    )
    assert s.military_incorporation is True
    assert parse(
        "We ship daylight camera modules to a country under an EU arms embargo. The army buys its drones abroad; the modules go into our warehouse."
    ).military_incorporation is not True


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("It is a Layer-7 probe for office networks, so outside 5A001.j.", False),
        ("Classification result: outside 5A001.j.", False),
        ("We regard it as outside Annex I.", False),
        ("An enterprise traffic analyser (not for carrier networks).", False),
        ("NetOptic sells an unlisted network probe.", False),
        ("The firmware locks it at 8.3 Hz.", False),
        ("We classified them 6A003.b.4; the camera runs at 30 Hz, not 9 Hz.", True),
        ("There is no entry for the buyer on the EU sanctions list.", None),
        ("The buyer is an unlisted company.", None),
    ],
)
def test_what_the_writer_concludes_about_the_control_list(text: str, listed: bool | None) -> None:
    assert parser._dual_use_listed(text) is listed


def test_application_layer_decoding_is_interception_and_road_traffic_counting_is_not() -> None:
    assert "interception" in parse("We sell NetLens 7, an enterprise traffic analyser with Layer-7 decoding, to a bank in Tunis.").capabilities
    assert "interception" not in parse("We sell a road traffic analyser that counts vehicles per lane to a city in Tunisia.").capabilities


def test_an_image_intensifier_is_night_vision_even_beside_infrared_lamps() -> None:
    assert "night_vision" in parse("A trader in Dubai wants Gen 3 image-intensifier monoculars plus IR lamps for a warehouse in Mashhad.").products
    assert "night_vision" not in parse("A hotel in Porto wants day/night cameras with IR illuminators.").products


def test_an_authority_letter_in_any_word_order_informs() -> None:
    assert parse("Export office of our ministry sent official letter to us: the tool may be used for repression in Kazakhstan.").authority_informed is True
    assert parse("BAFA addressed a formal letter to our company saying the suite may be intended for repression in Egypt.").authority_informed is True
    assert parse(
        "The licensing office in Madrid has our file. The office writes that the platform could be used to crush domestic dissent in Honduras."
    ).authority_informed is True
    assert parse("We sent a letter to the authority about our cameras for a hotel in Egypt.").authority_informed is not True


def test_a_trait_guessed_from_a_face_with_a_possessive_is_categorisation() -> None:
    s = parse("Our analytics guess from face image of each shopper his race and religion ('ethnic group') for shops in Brno.")
    assert "ethnicity_analytics" in s.capabilities


def test_demonyms_the_regular_endings_miss() -> None:
    assert parse("The Honduran Ministry of Security wants 300 of our dome cameras.").destinations == ["HN"]
    assert parse("A Dominican port operator wants 30 of our cameras.").destinations == ["DO"]


def test_an_events_name_is_its_audience_not_the_buyer() -> None:
    show = parse("We take two thermal demo units to a police and homeland-security expo in New Delhi; they come back afterwards.")
    assert "police" not in show.end_user_types
    buyer = parse("The Delhi police want to buy the demo unit at the expo in New Delhi.")
    assert "police" in buyer.end_user_types


def test_a_denied_link_covers_every_party_in_the_list() -> None:
    s = parse("Dutch distributor. An Isfahan hotel group wants 40 visible-light dome cameras for its lobbies, no link with Radis Vira or police as far we know.")
    assert "police" not in s.end_user_types
    assert "Radis Vira" not in s.parties
    assert "police" in parse("Dutch distributor. An Isfahan hotel group linked to the police wants 40 dome cameras.").end_user_types


def test_our_distributor_abroad_is_a_counterparty_and_shipping_from_is_the_origin() -> None:
    s = parse(
        "Our Erbil distributor, who takes most of our CCTV kits, asked us (a Polish security wholesaler) for 200 stun batons for the "
        "regional police. Shipping from Gdańsk."
    )
    assert s.destinations == ["IQ"]
    assert s.company_country == "PL"


def test_a_follow_up_that_sends_the_goods_to_a_new_party_instead_replaces_the_destination() -> None:
    first = "We sell a thermal gimbal camera to a drone maker in Bengaluru."
    s = parse("Change of plan: the cameras go to our integrator in Ottawa instead.", [first])
    assert s.destinations == ["CA"]
    assert "IN" not in s.transit
    kept = parse("What if the drone maker's distributor were in Turkey?", [first])
    assert kept.destinations == ["IN"]


def test_a_card_that_keeps_everything_but_the_goods_replaces_the_goods() -> None:
    first = "Card 1: a Danish maker sells 40 thermal cameras to a hotel in Yerevan."
    s = parse("Card 2 keeps everything else the same, except the goods are plain 4 MP visible-light domes.", [first])
    assert "thermal_imaging" not in s.capabilities
    assert "thermal_camera" not in s.products


def test_removing_face_matching_in_a_follow_up_removes_what_was_built_on_it() -> None:
    first = "We sell 200 street cameras with a face-matching module that alerts officers live to a city police force in Serbia."
    s = parse("Same cameras, but with no face module at all.", [first])
    assert "facial_recognition" not in s.capabilities
    assert "remote_biometric_identification" not in s.capabilities


def test_the_paying_banks_city_and_our_own_stock_are_no_destinations() -> None:
    assert parse("A trader wants 30 cameras for a mall in Shiraz; payment comes through a bank in Dubai.").destinations == ["IR"]
    assert parse("A bank in Dubai wants 30 cameras for its branches.").destinations == ["AE"]
    first = "We are a Cologne maker. A developer wants 140 dome cameras for a mall in Shiraz, Iran."
    s = parse("Add 18 thermal bullet cameras, shipped together with the domes from our Hamburg stock. Payment would come through a bank in Istanbul.", [first])
    assert s.destinations == ["IR"]


def test_the_exporters_own_authority_is_no_destination_whatever_the_verb() -> None:
    s = parse("Nothing from the Irish authority so far. A state security directorate in a Gulf monarchy wants our unlisted Loom software.")
    assert "IE" not in s.destinations
    assert parse("We sell to the Irish police 30 cameras.").destinations == ["IE"]


def test_a_decimal_stake_is_still_an_investor() -> None:
    assert parse("Our fund may take a 0.8% stake in a Danish camera maker that sells to Gulf police.").seller_role == "investor"


def test_no_reports_linking_the_buyer_to_abuse_denies_misuse() -> None:
    assert parse(
        "We sell 40 IP cameras with ANPR to the Almaty city police. There are no reports linking the Almaty city police to targeting protesters."
    ).misuse_indicated is False
    assert parse("We sell 40 IP cameras to the Almaty city police. Reports link the police to targeting protesters.").misuse_indicated is True


# twenty-fifth session


def test_a_firm_and_seat_heading_with_its_desk_is_the_writer() -> None:
    s = parse("Name GmbH, Cologne, export control. We plan to sell 40 PTZ cameras to a distributor in Almaty, Kazakhstan.")
    assert s.company_country == "DE"
    assert s.destinations == ["KZ"]
    assert parse("Name GmbH, Cologne. We plan to sell 40 PTZ cameras to a distributor in Almaty.").company_country == "DE"


@pytest.mark.parametrize(
    "plan",
    ["We plan to sell", "We are about to ship", "We would like to supply", "We are thinking of selling"],
)
def test_a_sale_still_to_come_is_before_the_contract_even_beside_a_report(plan: str) -> None:
    s = parse(f"{plan} 40 PTZ cameras to a retail chain in Almaty, Kazakhstan. An Amnesty report saying the police beat protesters there is in our file.")
    assert s.stage == "pre_contract"


def test_a_report_about_a_body_does_not_make_it_a_party() -> None:
    s = parse("We want to sell 40 PTZ cameras to a retail chain in Almaty, Kazakhstan. An Amnesty report saying the police beat protesters in Almaty is in our file.")
    assert s.end_user_types == ["commercial"]
    tied = parse("We sold 40 PTZ cameras to a distributor in Almaty, Kazakhstan. A news report says the city police now run our cameras to track protesters.")
    assert "police" in tied.end_user_types
    assert tied.stage == "misuse_discovered"


@pytest.mark.parametrize(
    "withdrawn",
    [
        "Real-time face matching in the streets is now off the table.",
        "The police scrapped the plans for live face matching of passers-by in the old town.",
        "Live face matching of passers-by in the old town was abandoned.",
    ],
)
def test_a_withdrawn_live_matching_plan_is_no_remote_identification(withdrawn: str) -> None:
    s = parse(f"We are a Belgian integrator installing cameras for the city police of Ghent. {withdrawn} What applies?")
    assert "remote_biometric_identification" not in s.capabilities


def test_live_matching_still_wanted_beside_something_scrapped_stays() -> None:
    s = parse(
        "We are a Belgian integrator installing cameras for the city police of Ghent. The police scrapped the old analogue cameras "
        "and now want live face matching of passers-by in the old town."
    )
    assert "remote_biometric_identification" in s.capabilities


def test_goods_headed_for_our_own_subsidiary_near_a_city_abroad_go_there() -> None:
    s = parse("We are a French detector maker in Grenoble. The 300 microbolometer arrays are headed for our own camera subsidiary near Oslo.")
    assert s.destinations == ["NO"]
    assert s.company_country == "FR"
    assert parse("We are a French maker in Grenoble. Our office near Lyon handles the paperwork for 30 cameras sold to a hotel in Porto.").destinations == ["PT"]


def test_a_firm_opening_the_message_in_its_city_with_a_seller_verb_is_the_writer() -> None:
    s = parse("Aurora Vision SE in Lund sells face-recognition street cameras. A city administration in Almaty wants 40.")
    assert s.company_country == "SE"
    assert s.destinations == ["KZ"]


def test_a_past_event_of_the_region_is_its_record_not_the_buyers_intent() -> None:
    s = parse("We sell face-recognition street cameras to a city administration in Almaty. But the region saw mass arrests after protests two years ago.")
    assert s.misuse_indicated is True and s.misuse_reported_only is True
    told = parse("We sell face-recognition street cameras to a city administration in Almaty. The mayor told us the system will be used to identify protesters.")
    assert told.misuse_reported_only is not True


def test_a_withheld_end_user_in_either_word_order() -> None:
    assert parse("An Egyptian integrator wants our VMS; the end user is 'a government client' they can't name until the tender is awarded.").end_use_withheld is True
    assert parse("An Egyptian integrator wants our VMS. End customer: confidential until contract signature.").end_use_withheld is True
    assert parse("They can't name a delivery date yet. We sell 20 cameras to a hotel in Cairo.").end_use_withheld is not True


def test_goods_and_a_listed_buyer_make_a_deal_in_any_words() -> None:
    assert parse("New lead: Radis Vira Tejarat in Tehran, they want 300 std IP domes, pay upfront.").is_scenario is True
    assert parse("Does Art 4(1)(a) cover cameras filming missile engine tests?").is_scenario is not True


@pytest.mark.parametrize("goods", ["board cams", "high-speed cams", "Dome-Kameras"])
def test_a_camera_under_any_modifier_is_a_camera(goods: str) -> None:
    assert "fixed_camera" in parse(f"A customer in Linz orders 20 {goods} from us.").products


@pytest.mark.parametrize("denial", ["Export team says not Annex I.", "Classification: non-Annex I."])
def test_a_terse_classification_denies_a_listing(denial: str) -> None:
    s = parse(f"We sell an unlisted analytics tool that maps who talks to whom from call records telecom operators hand over. {denial} Buyer: police in Minsk.")
    assert s.dual_use_listed is not True


def test_a_buyer_that_is_an_internet_service_provider_does_not_make_us_a_service_firm() -> None:
    s = parse("Our Vienna subsidiary makes deep packet inspection cards; an internet service provider in Tabriz orders 10.")
    assert s.services_only is not True


def test_crowds_watched_verb_first_are_crowd_analytics() -> None:
    assert "crowd_analytics" in parse("An integrator in Riyadh wants thermal cameras to watch gatherings outside the ministries.").capabilities


def test_the_reader_does_not_add_sensitive_categories_from_a_classification_ask() -> None:
    s = parse("Our office turnstile matches each employee's face one-to-one against their badge photo. Is this banned, or at least high-risk biometrics?")
    assert "biometric_categorisation" not in s.capabilities


def test_a_language_named_by_its_nationality_is_no_destination() -> None:
    s = parse("We are a Lithuanian maker. A reseller in Tunis orders our software with French-language training and Arabic manuals.")
    assert s.destinations == ["TN"]
    assert "FR" in parse("We are a Lithuanian maker selling 20 cameras for the French gendarmerie.").destinations


def test_a_persons_past_career_is_no_end_user() -> None:
    s = parse("A hotel chain in Lima buys 40 4 MP colour cameras from us; their head of security is a former police officer.")
    assert "police" not in s.end_user_types
    assert "police" in parse("A hotel chain in Lima buys 40 cameras from us; security there is run by the national police.").end_user_types


def test_arresting_the_organisers_of_a_protest_named_earlier_is_misuse() -> None:
    s = parse("A ministry in Tunis orders our matching software before the anniversary demonstrations, so we can identify and arrest the organisers and their families.")
    assert s.misuse_indicated is True
    assert parse("A city in Tunis orders our cameras to identify the organisers of the marathon for crowd safety.").misuse_indicated is not True


def test_a_shopping_centre_operator_is_no_telecom_operator_for_probes() -> None:
    assert "network_interception" not in parse("A shopping-centre operator in Riga gets our Wi-Fi probe counters.").products
    assert "network_interception" in parse("A mobile operator in Minsk wants our probes on its core network.").products


def test_a_question_about_what_a_document_says_is_no_deal_even_with_a_listed_body() -> None:
    assert parse("What does the supplier note say about shipping thermal cameras to the Kish Island police?").is_scenario is not True


# twenty-sixth session


def test_a_remote_viewer_of_the_footage_is_no_destination() -> None:
    s = parse("A Toulouse maker sells three 6A003 infrared cameras to a university lab in Sapporo, Japan; a Korean university in the consortium will watch footage online.")
    assert s.destinations == ["JP"]
    assert "KR" in parse("A Toulouse maker sells three 6A003 infrared cameras to a university lab in Sapporo, Japan, and two more to a Korean university.").destinations


def test_the_clients_own_warehouse_is_a_destination_not_a_transit_stop() -> None:
    s = parse("client = logistics warehouse in Antwerpen, wants an emotion add-on on our cams so HR sees which pickers look angry. we'd sell + configure it.")
    assert (s.destinations, s.transit) == (["BE"], [])
    s = parse("We ship 50 cameras via a warehouse in Dubai to a client in Baku.")
    assert (s.destinations, s.transit) == (["AZ"], ["AE"])


def test_goods_a_speaker_says_were_dropped_leave_the_deal() -> None:
    first = "A city police force in Bishkek wants us to bundle 200 electric-shock batons with its order of dome cameras."
    s = parse("We've dropped the batons. It's now only the 60 dome cameras and two NVRs for that same police. Anything else?", [first])
    assert s.products == ["fixed_camera"] and s.destinations == ["KG"] and s.end_user_types == ["police"]
    s = parse("They also want 60 dome cameras for that same police. Anything else?", [first])
    assert "law_enforcement_goods" in s.products


def test_an_add_on_excluded_by_pointing_back_to_it_leaves_the_deal() -> None:
    s = parse("We supply a face-based door system to a Dublin fintech; it compares each face only with the employee's own enrolled template. "
              "The brochure advertises an optional mood and engagement analytics add-on. The contract expressly excludes the add-on.")
    assert "emotion_recognition" not in s.capabilities
    s = parse("We supply a face-based door system to a Dublin fintech. The brochure advertises an optional mood and engagement analytics add-on, and the client wants the add-on.")
    assert "emotion_recognition" in s.capabilities


def test_every_face_added_to_a_gallery_by_pronoun_is_untargeted_scraping() -> None:
    s = parse("We sell FaceVault to malls in Spain; it cuts out every face seen by every camera and adds it to a growing face-recognition gallery.")
    assert "face_scraping" in s.capabilities
    s = parse("We sell FaceVault to malls in Spain; staff add a lost child's photo to a gallery when a parent asks.")
    assert "face_scraping" not in s.capabilities


def test_a_country_that_owns_the_buyer_is_no_destination() -> None:
    assert parse("We sell 6A003 cameras to a distributor in Oslo. The distributor is owned by a UAE holding company.").destinations == ["NO"]
    assert parse("We sell 6A003 cameras to a distributor in Oslo owned by a holding company in Dubai.").destinations == ["NO"]


def test_goods_listed_under_a_control_entry_are_listed_and_a_navy_platform_is_military() -> None:
    s = parse("Our Swedish company makes thermal cameras (listed under 6A003); we would fit them to patrol vessels being built for the navy of a country under an EU arms embargo.")
    assert s.dual_use_listed is True and s.military_incorporation is True
    assert parse("Our thermal cameras are not listed under 6A003.").dual_use_listed is not True


def test_military_incorporation_found_in_a_follow_up_after_the_embargo_was_named() -> None:
    first = "We ship 60 PTZ cameras for the coastal authority of a country under an EU arms embargo."
    assert parse("Update: they will be fitted to the fire-control masts of the navy's new gunboats.", [first]).military_incorporation is True
    assert parse("Update: they will be fitted to the navy's new gunboats.", ["We ship 60 PTZ cameras to a coastal authority in Norway."]).military_incorporation is not True


def test_an_exception_asked_about_is_no_protective_use() -> None:
    assert parse("Our firm's liaison office in Tehran needs four new thermal cameras. I've read there's an exception for protecting EU staff in Iran. Can we apply?").eu_protective_use is not True
    assert parse("The German embassy in Tehran orders four thermal cameras from us to protect its diplomatic staff.").eu_protective_use is True


def test_two_companies_wholly_owned_by_one_holding_are_a_group() -> None:
    s = parse("A Dutch holding owns 100% of a German GmbH and 100% of an Israeli Ltd. The GmbH wants to send 6E001 technology for its 6A003 cores to the Israeli Ltd to develop new image processing.")
    assert s.intra_group_technology is True


def test_face_detection_and_matching_against_a_list_is_face_recognition() -> None:
    assert "facial_recognition" in parse("We sell edge boxes to a security firm in Tehran; they run face detection and matching against an uploaded list.").capabilities


def test_people_described_by_the_protest_they_attended_are_targets_of_misuse() -> None:
    assert parse("A governorate in Mashhad uses our platform to pick out people who took part in street protests.").misuse_indicated is True
    assert parse("A city in Tunis buys our cameras to count people attending the marathon.").misuse_indicated is not True


def test_an_ngo_fear_that_it_could_be_used_against_protesters_is_reported_only() -> None:
    s = parse("A Serbian municipality orders our face-recognition cameras for police use. Local NGOs wrote that facial recognition could be used against protesters, but we have no information that this municipality used such systems.")
    assert s.misuse_reported_only is True


def test_dr_congo_is_the_democratic_republic() -> None:
    assert parse("We sell 20 thermal cameras to a mining firm in DR Congo.").destinations == ["CD"]


def test_a_gloss_in_brackets_does_not_hide_the_goods() -> None:
    assert "law_enforcement_goods" in parse("A prison in the Gulf asks us to source ceiling-mounted PAVA (pepper) dispensers from China.").products
    assert "thermal_imaging" not in parse("We sell 40 dome cameras (no thermal) to a hotel in Lima.").capabilities


def test_a_closed_demonstration_in_our_showroom_is_no_exhibition() -> None:
    s = parse("A closed demonstration of two 6A003 cameras in our own Ankara showroom, not a fair; HQ sends them and takes them back. Can we use the EU general licence for temporary exhibitions?")
    assert s.temporary_exhibition is False
    assert parse("We bring two 6A003 cameras to the Milipol fair in Doha and take them back afterwards.").temporary_exhibition is True


def test_one_to_many_beside_a_passport_check_is_identification() -> None:
    s = parse("At the border booths the system does the 1:1 passport check and also compares the face against the national entry-ban database (1:N). We provide the software.")
    assert "facial_recognition" in s.capabilities and s.biometric_verification is not True


def test_re_export_from_a_customs_warehouse_is_an_export_not_transit_or_brokering() -> None:
    s = parse("We're a Rotterdam trading house. In a customs warehouse we hold 40 China-made 6A003 cameras never released for free circulation; "
              "we'd re-export them from the warehouse to our distributor in Tbilisi. Our forwarder says they never entered the EU market.")
    assert s.transit_only is False and s.seller_role != "broker" and s.destinations == ["GE"]


def test_a_faster_variant_after_a_9_hz_classification_is_listed_and_the_customers_vms_is_not_sold() -> None:
    first = "A German maker exports fixed thermal cameras to a port operator in Santos, Brazil. Microbolometer, maximum frame rate 9 Hz, so not listed."
    s = parse("Now they want the 30 Hz variant of the same camera, with a motorised zoom; it outputs live video to their VMS. Still fine?", [first])
    assert s.dual_use_listed is True and "thermal_camera" in s.products and "vms" not in s.products


def test_a_speakers_label_for_the_goods_is_no_capability() -> None:
    s = parse("A Finnish start-up sells a tool to supermarkets that counts people at entrances. No faces stored, no age, gender or ethnicity estimation. "
              "Compliance officer: 'That's biometric categorisation, banned under the AI Act.' Who's right?")
    assert "biometric_categorisation" not in s.capabilities


def test_sourcing_goods_from_a_non_eu_maker_for_an_eu_buyer_is_an_import() -> None:
    s = parse("We distribute custody equipment in Czechia. A prison service asks us to source 60 electric-shock belts from a Chinese manufacturer. Can we bring the belts in for them?")
    assert s.imports_into_eu is True and "torture_goods" in s.products
    assert parse("We broker pepper dispensers from a Chinese manufacturer shipped straight from China to the Gulf, never touching the EU.").imports_into_eu is not True
    assert parse("We buy 40 dome cameras from a German manufacturer for a hotel in Lyon.").imports_into_eu is not True


# twenty-seventh session


def test_a_deal_negotiated_for_goods_that_never_touch_the_eu_makes_the_writer_a_broker() -> None:
    s = parse("We're negotiating, from our Hamburg office, a sale of 80 thermal cores from a Korean maker to a buyer in Peru; the goods never go via Europe. Our commission is 6%.")
    assert s.seller_role == "broker"
    s = parse("Our former customer in Dubai asked us to find a buyer and arrange the sale of its 40 cameras for a commission.")
    assert s.seller_role == "broker"
    assert parse("We sell 80 thermal cores from our Hamburg warehouse to a buyer in Peru.").seller_role != "broker"


@pytest.mark.parametrize(
    "text",
    [
        "No new cores ordered yet, only the engineering help: a video call to help the buyer in Riyadh integrate the cores.",
        "Our engineers in Milan are asked for integration help on thermal cams the customer bought elsewhere; only integration advice, no hardware from us.",
        "A customer in Lima bought four of our cameras second-hand through a broker and wants a week of remote calibration and training.",
    ],
)
def test_help_on_goods_the_writer_does_not_ship_is_a_service_only(text: str) -> None:
    assert parse(text).services_only is True


def test_selling_goods_with_support_is_no_service_only() -> None:
    assert parse("We sell 20 thermal cameras to a buyer in Lima and only provide remote support afterwards.").services_only is not True


@pytest.mark.parametrize(
    "text",
    [
        "Our engineers would integrate and calibrate the cameras into turret sights for armoured vehicles of a country under an EU arms embargo.",
        "Integrate cooled thermal cams — 6A003, the customer bought them elsewhere — into the sights of armoured vehicles for an army under an EU arms embargo.",
        "Update: the modules are actually for reconnaissance drones they build for their country's army, which is under an EU arms embargo.",
        "A ministry in a country under an EU arms embargo wants 500 as driver-vision cams in APCs for its army.",
        "Our tracker goes into that munition seeker; the buyer is in a country under an EU arms embargo.",
        "They want help to integrate the cores into a new airframe. Tender papers show the airframe is a reconnaissance drone; the country is under an EU arms embargo.",
    ],
)
def test_goods_going_into_military_items_in_other_words(text: str) -> None:
    assert parse(text).military_incorporation is True


def test_cameras_for_an_army_depot_are_no_military_incorporation() -> None:
    assert parse("A ministry in a country under an EU arms embargo wants 40 cameras in the army vehicle depot fence line.").military_incorporation is not True


def test_press_about_a_whole_sector_and_refuted_reports_are_no_misuse_of_these_goods() -> None:
    s = parse("With all the press about surveillance tech being misused, can we still sell 30 people-counting cameras to a Lyon museum?")
    assert s.stage != "misuse_discovered" and not s.misuse_indicated
    s = parse("A newspaper says cameras were used to spy on asylum seekers at a centre. We checked: the model in the photos is a competitor's, and the centre has never been our customer.")
    assert s.stage != "misuse_discovered" and s.misuse_indicated is False
    s = parse("A newspaper says our cameras were used to spy on asylum seekers at a centre in Ghent run by our customer.")
    assert s.stage == "misuse_discovered"


def test_a_report_checked_and_corrected_in_a_follow_up_clears_the_misuse() -> None:
    first = "A blog says our cameras at a Slovak plant are used to watch striking workers."
    s = parse("The blog has since published a correction: none of our units are there. They now want 60 dome cameras for their Bratislava warehouse.", [first])
    assert s.stage != "misuse_discovered"


def test_a_named_offence_scored_per_person_is_crime_prediction() -> None:
    assert "crime_prediction" in parse("Loss prevention wants software that scores every customer at the door for 'theft propensity' from age and clothing.").capabilities
    assert "crime_prediction" not in parse("Loss prevention wants software that flags when an item goes into a bag unscanned at the self-checkout.").capabilities


def test_whose_emotions_are_read_decides_the_workplace() -> None:
    s = parse("The analytics read the facial expressions of our front-desk staff and give a 'guest-friendliness and mood' score per receptionist for quarterly reviews.")
    assert "employer" in s.end_user_types
    s = parse("Marketing wants checkout cameras to read customers' faces and spot frustration. The vendor's line is that 'emotion AI is only banned for employees'.")
    assert "employer" not in s.end_user_types


def test_sub_national_administrations_and_their_security_departments() -> None:
    s = parse("The security department of a provincial governorate in Iran wants our hosted call-metadata analytics.")
    assert {"security_service", "government"} <= set(s.end_user_types) and "employer" not in s.end_user_types


def test_a_banned_ai_practice_with_no_place_named_is_presumed_in_the_eu() -> None:
    assert parse("integrator proposal: harvest every face crop from the footage archives of our 40 retail clients into one shared face database.").eu_market is True
    assert parse("We'd harvest every face crop from the footage archives of our retail clients in Brazil into one face database.").eu_market is not True


def test_a_practice_run_on_the_writers_own_servers_in_the_eu_is_used_in_the_eu() -> None:
    s = parse("Our crawler, run by our own team on our servers in Frankfurt, pulls faces from public web pages into our index; customers are firms in the Gulf.")
    assert s.eu_market is True


def test_electric_shock_restraints_and_discharge_systems_in_other_words() -> None:
    assert "torture_goods" in parse("A prisoner-transport restraint belt: the detainee wears it and an escort can trigger an electric shock by remote.").products
    assert "torture_goods" not in parse("40 restraint belts (fabric, no electric-shock function) for custody suites in Nairobi.").products
    assert "law_enforcement_goods" in parse("We service a ceiling-mounted wide-area electric discharge system in a prison in Chile.").products


def test_developing_new_firmware_is_more_than_the_minimum_assistance() -> None:
    text = "We exported the dispensers under licence in 2023; the prison now wants us to develop modified firmware extending its coverage."
    assert parse(text).export_authorised is not True
    assert parse("We exported the dispensers under licence in 2023; the prison wants us to repair one unit.").export_authorised is True


def test_public_reporting_is_no_public_domain_and_open_sourcing_is() -> None:
    assert parse("Public reporting says the buyer's missile programme is nuclear-capable; we sell it 6A003 cameras.").public_domain is not True
    assert parse("We're open-sourcing the tracker on GitHub under Apache 2.0; anyone anywhere can download it.").public_domain is True
    assert parse("MIT researchers in Boston want our thermal cameras.").public_domain is not True


def test_the_rate_before_unlock_firmware_lists_the_camera() -> None:
    assert parse("Vietnam customer has our 9Hz thermal cams; wants the 30Hz unlock firmware pushed OTA from Munich.").dual_use_listed is True
    assert parse("The Turkish thermal cameras still run at 8.3 Hz.").dual_use_listed is False


def test_an_amount_still_unpaid_from_before_a_listing_is_a_prior_contract_payment() -> None:
    text = "We delivered intercoms to a Tehran company in 2022; it was listed in January 2023 and €86k is still unpaid. Can we accept the money?"
    assert parse(text).prior_contract_payment is True
    assert parse("We delivered intercoms to a listed Tehran company in 2022 and they want 40 more now.").prior_contract_payment is not True


def test_design_docs_to_a_wholly_owned_sub_for_dev_are_intra_group_technology() -> None:
    assert parse("Sending 6A003 camera design docs (6E001 dev tech) to our wholly-owned R&D sub in Pune for product dev.").intra_group_technology is True


def test_a_place_in_brackets_after_the_buyer_does_not_make_it_the_writer() -> None:
    s = parse("A Tehran metro operating company (municipal, not on the Annex I list – we checked every entry) wants 2,000 visible-light domes from us.")
    assert "IR" in s.destinations and s.company_country != "IR"


def test_a_dropped_feature_in_a_follow_up_leaves_the_deal() -> None:
    first = "We want software that scores customers at the door for 'theft propensity' from age, gender and clothing."
    s = parse("Understood, we've killed the door scoring. The vendor now offers cameras that flag unscanned items at self-checkouts.", [first])
    assert "crime_prediction" not in s.capabilities
    s = parse("The vendor now also offers cameras that flag unscanned items at self-checkouts.", [first])
    assert "crime_prediction" in s.capabilities


def test_elections_ahead_need_named_targets_to_be_misuse() -> None:
    assert not parse("Our distributor resells face-recognition cameras to the national police ahead of elections.").misuse_indicated
    assert parse("The ministry says the tool is for keeping tabs on opposition organisers ahead of the elections.").misuse_indicated is True


def test_a_drone_flying_out_of_sight_for_an_hour_or_more_is_listed_under_9a012() -> None:
    text = "We build survey drones in Spain. The model flies about 90 minutes and is designed for beyond-visual-line-of-sight missions. A mining company in Brazil wants six."
    assert parse(text).dual_use_listed is True
    assert parse(text.replace("90 minutes", "25 minutes")).dual_use_listed is not True
    assert parse("Our drone flies about 90 minutes, line-of-sight only, for roof inspections in Chile.").dual_use_listed is not True


def test_a_live_one_to_one_check_against_the_own_passport_is_no_identification() -> None:
    s = parse("At a Dutch airport gate, enrolled passengers have their live face compared with the photo on their own passport chip. It's one-to-one only, with no watchlist.")
    assert s.biometric_verification is True and "remote_biometric_identification" not in s.capabilities


def test_a_real_ship_to_left_unnamed_is_an_export() -> None:
    s = parse("A trading company in Kuala Lumpur ordered 12 cameras; the questionnaire says the real ship-to is that country, not Malaysia.")
    assert s.export_region == "a country outside the EU (not named)"


def test_a_report_about_the_buyer_itself_keeps_the_buyer() -> None:
    s = parse("thermal bullets, 9Hz. buyer = a Gulf interior ministry, for coastal posts — same ministry whose riot units were in last year's UN report. we're clear?")
    assert s.end_user_types


def test_an_investors_ask_about_dumping_its_shares_is_its_own() -> None:
    s = parse("ESG desk. we hold ~2% of a listed CCTV maker whose Iran representative sits at Radis Vira Tejarat. do we have to dump the shares / is the holding frozen?")
    assert s.seller_role == "investor" and s.investee_duty is not True


def test_a_counterpartys_sales_territories_and_past_projects_are_not_this_orders_destination() -> None:
    first = "Turkish distributor wants 1,000 standard dome cameras for resale in Turkey."
    s = parse("Their website lists Iran and Iraq as 'sales territories' and a case study of a 2021 project for a police headquarters in Iran. They haven't said this order is for Iran.", [first])
    assert s.destinations == ["TR"]


def test_an_upgrade_or_another_consignee_in_a_follow_up_ends_the_return_after_repair() -> None:
    first = "A metro operator in Delhi sent back eight of our 6A003 thermal cameras for repair. Do we need a new licence to send them back?"
    assert parse("Fine. Same cameras, no changes, back to the metro.", [first]).return_after_repair is not False
    s = parse("They also want our new firmware, which adds automatic person-tracking, and two cameras sent to a sister company's airport project instead.", [first])
    assert s.return_after_repair is False


def test_production_know_how_sent_in_a_follow_up_is_no_minimum_assistance() -> None:
    first = "Last year we exported 20 cooled thermal cameras to a mine in Chile under an individual licence. Can we do remote troubleshooting on Teams for calibration drift?"
    s = parse("The customer now wants us to send the detector-assembly procedures, process recipes and production test specs so their lab can rebuild the cores.", [first])
    assert s.services_only is not True and s.export_authorised is not True


# twenty-eighth session


def test_panic_read_from_drivers_faces_is_emotion_recognition_for_safety() -> None:
    s = parse("The cameras in the forklift cabs detect signs of drowsiness or panic in drivers and trigger an alarm, purely to prevent accidents.")
    assert "emotion_recognition" in s.capabilities and s.medical_or_safety_purpose is True


def test_nothing_going_to_hr_is_no_worker_evaluation() -> None:
    s = parse("Our cameras score how stressed the pickers look and alert the shift lead for a break. Nothing would go to HR or into performance reviews.")
    assert s.worker_evaluation is False


def test_a_payer_unknown_to_the_seller_and_a_third_country_bank_are_a_third_party_payment_not_destinations() -> None:
    s = parse("Kazakh integrator in Almaty ordered €60k of IP cameras. Now they ask whether payment can come from a UAE trading company we've never heard of, through a bank in Georgia. Goods to be delivered in Almaty.")
    assert s.third_party_payment is True and s.destinations == ["KZ"] and not s.transit
    assert parse("Kazakh integrator in Almaty ordered €60k of IP cameras and pays from its own account. Goods to be delivered in Almaty.").third_party_payment is None


def test_encryption_in_an_sdk_is_no_interception_and_publishing_it_is_the_writers_own_act() -> None:
    s = parse("We're open-sourcing our camera SDK on GitHub under Apache 2.0. It includes an AES-256 TLS library we wrote. Does publishing it count as a controlled export?")
    assert "interception" not in s.capabilities and s.public_domain is True
    from assistant.scenario import _SCENARIO_CUES

    assert _SCENARIO_CUES.search("We're open-sourcing our camera SDK") and _SCENARIO_CUES.search("we publish the model weights")


def test_a_clause_that_denies_any_eu_use_presumes_no_eu_market() -> None:
    from assistant.scenario import _eu_market

    assert _eu_market("Nothing would be sold or used in the EU.") is False
    assert _eu_market("It won't be used in the EU.") is False
    assert _eu_market("We sell to retailers in the EU.") is True
    assert _eu_market("We don't sell in the EU yet but plan to next year.") is True


def test_a_faster_version_of_a_core_kept_under_nine_hertz_is_listed_in_a_follow_up() -> None:
    first = "We sell 8.6 Hz thermal cores (384x288 microbolometer with video output) to an OEM in Bangkok. Do we need a licence?"
    s = parse("OK. The OEM now wants the 25 Hz version of exactly the same core for a new product line. Still fine?", [first])
    assert s.dual_use_listed is True and "thermal_imaging" in s.capabilities


def test_the_same_goods_named_again_keep_their_thermal_function() -> None:
    first = "We're a Belgian maker of 640x512, 30 Hz uncooled thermal cores. An OEM in Istanbul wants 500 cores for its own PTZ cameras."
    s = parse("Update: the whole batch of PTZ cameras is for a city-surveillance project in Mashhad. Can we still go ahead?", [first])
    assert "thermal_imaging" in s.capabilities and s.services_only is not True
    swapped = parse("What if we sold them plain visible-light PTZ cameras instead?", [first])
    assert "thermal_imaging" not in swapped.capabilities


def test_firmware_that_adds_functions_keeps_the_goods_it_goes_on() -> None:
    first = "A border-police customer in Serbia sent 12 of our 6A003.b.4 thermal cameras back for repair."
    s = parse("Engineering wants to flash our new firmware, which adds a long-range detection mode and on-board analytics the cameras never had.", [first])
    assert "thermal_camera" in s.products and "thermal_imaging" in s.capabilities


def test_a_licence_held_for_this_export_is_granted_but_not_one_for_another_user() -> None:
    assert parse("Last month we got an individual export licence for 600 thermal cores to a camera OEM in Türkiye. The licence is valid. Do we just ship?").licence_granted is True
    assert parse("We already have an individual licence for the port authority. Now the customer wants half delivered to the Interior Ministry instead.").licence_granted is None
    assert parse("Can we ship once we get the licence?").licence_granted is None


def test_a_report_saying_asylum_seekers_are_pushed_back_with_beatings_is_misuse() -> None:
    s = parse("Yesterday an NGO published a report saying cameras from that OEM are mounted on border towers used to spot and push back asylum seekers, with documented beatings. We ship thermal cores to that OEM in Turkey.")
    assert s.misuse_indicated is True and s.stage == "misuse_discovered"


def test_a_denied_topic_covers_its_list_and_possible_downloaders_are_no_destination() -> None:
    s = parse("A PhD student from a university in Tehran joins our crowd-counting project. No thermal work, nothing touching phone or internet interception.")
    assert "interception" not in s.capabilities
    s = parse("We publish our paper on arXiv and the code on a public GitHub repo. Our legal team is nervous because anyone in Iran or Russia could download it.")
    assert not {"IR", "RU"} & set(s.destinations)


def test_a_demo_unit_that_flies_back_with_us_is_a_temporary_exhibition() -> None:
    s = parse("We'll exhibit at a trade fair in New Delhi and show our 30 Hz thermal camera (6A003.b.4.b). The unit stays on our stand and flies back with us; we won't sell it there.")
    assert s.temporary_exhibition is True and s.research_only is not True


def test_no_new_hardware_leaving_after_a_licensed_export_is_assistance_only() -> None:
    s = parse("Two years ago we exported 6A003.b.4.b thermal camera modules to an institute outside the EU under an individual licence. They now want two of our engineers on site to help integrate them. No new hardware would leave the EU.")
    assert s.services_only is True and s.export_authorised is True


def test_a_rejected_low_rate_and_a_classification_sheet_make_the_goods_listed() -> None:
    s = parse("Thermal PTZ cameras, 30 Hz, for a terminal in Vietnam. Our classification sheet says 6A003.b.4.b. They asked for the 9 Hz version at first but their consultant insists on 30 Hz.")
    assert s.dual_use_listed is True


def test_a_comparison_with_an_earlier_deal_names_no_destination() -> None:
    s = parse("Wind farm in Norway wants 12 thermal PTZ cameras. Do we have to apply for a licence for this one like we did for the Saudi port last year?")
    assert s.destinations == ["NO"]


def test_modules_integrated_into_a_sub_system_of_a_military_platform_are_military_incorporation() -> None:
    s = parse("Our compact camera module is not in Annex I. The customer writes: the module will be integrated into the driver vision and 360° surround-view system of the 8x8 armoured personnel carrier we build. Our tool shows EU arms embargo: YES for their country.")
    assert s.military_incorporation is True
    s = parse("Our desk arranges thermal cores from Korea for a drone maker in a country under an EU arms embargo. The cores will go into the reconnaissance payload of our tactical drone, which we produce for our Ministry of Defence.")
    assert s.military_incorporation is True


def test_demo_units_bought_off_the_booth_are_sold_at_the_fair() -> None:
    first = "We take four thermal demo PTZs (6A003) to Intersec in Dubai under EU004 and bring them back after the show."
    s = parse("The distributor wants to buy two of the four thermal demo PTZs off the booth and skip the return.", [first])
    assert s.temporary_exhibition is not True


def test_a_letter_we_received_from_the_export_control_unit_informs_us_and_a_signature_is_no_place() -> None:
    s = parse("Attached is a letter we received this morning from the export control unit of the Ministry about our shipment of analytics servers to a security department of a non-EU country.\n\nKind regards,\nSofia Andersson\nExport Control Officer")
    assert s.authority_informed is True and "BG" not in s.destinations


def test_a_bracketed_non_eu_and_a_place_before_an_article_are_read() -> None:
    assert parse("They bid to the Interior Ministry of their (non-EU) country and want our face-search module.").export_region
    assert parse("For a police modernisation project in Kenya the kit list includes spit hoods.").destinations == ["KE"]


def test_what_a_compliance_manual_covers_describes_no_goods() -> None:
    s = parse("A provider in Shiraz wants two deep packet inspection appliances. Our compliance manual only covers the Iran list of riot-control and night-vision type goods.")
    assert "night_vision" not in s.products and "riot_gear" not in s.products


def test_the_buyers_project_lead_on_record_in_our_kyc_notes_is_first_hand() -> None:
    s = parse("Smart poles with a Wi-Fi module that silently logs phones' MAC addresses. A city security bureau in a non-EU country buys 500. In our KYC interview notes their project lead says the main use case is 'building attendance lists of people at unauthorised opposition gatherings', and the country's protest crackdowns are well documented.")
    assert s.misuse_indicated is True and s.misuse_reported_only is not True


def test_arranging_sales_we_never_ship_for_a_commission_is_brokering() -> None:
    s = parse("We never ship anything out of the EU ourselves: from our Utrecht office we arrange sales of 6A003 thermal cameras made in South Korea directly to buyers in other non-EU countries and take a commission.")
    assert s.seller_role == "broker"


def test_member_state_officers_in_an_eu_mission_and_our_own_embassy_are_eu_users() -> None:
    s = parse("The logistics cell of an EU civilian crisis-management mission has ordered 200 OC pepper-spray canisters for the seconded police officers from Member States who serve in the mission.")
    assert s.member_state_operation is True
    assert parse("Our foreign ministry wants 20 ordinary dome cameras for our embassy in Tehran.").eu_protective_use is True


def test_goods_added_for_un_staff_end_the_eu_protective_use() -> None:
    first = "The EU Delegation in Tehran wants 30 ballistic vests and helmets for its staff."
    s = parse("The UN office wants us to add 15 vests and helmets for UN international staff to the same shipment.", [first])
    assert s.eu_protective_use is False


def test_unmasking_the_authors_of_critical_articles_is_misuse() -> None:
    s = parse("The ministry used a similar social-listening tool last year to unmask the anonymous authors of critical articles, several of whom were then jailed. They want our platform.")
    assert s.misuse_indicated is True


def test_state_access_to_footage_is_a_risk_not_an_end_user() -> None:
    s = parse("Sixty ordinary dome cameras for a private charity hospital in Tehran. Local staff mention that police can demand footage.")
    assert s.state_access is True and "police" not in s.end_user_types and not s.listed_entities


def test_a_museum_display_of_antique_torture_goods_and_a_conflict_zone() -> None:
    s = parse("A memorial museum in Buenos Aires wants to buy an antique set of thumbscrews for its permanent public exhibition on torture.")
    assert s.museum_display is True and s.misuse_indicated is not True
    assert parse("ANPR cameras for a regional authority in an active conflict zone, for checkpoint efficiency.").conflict_area is True
    assert parse("ANPR cameras for a post-conflict city's traffic office.").conflict_area is None


def test_a_countrys_record_after_the_deal_stays_reported_and_a_silent_tender_is_no_finding() -> None:
    s = parse("A client integrator asks us for a guarantee backing its contract to install a facial-recognition camera network for the police of a country where security forces have shot protesters.")
    assert s.misuse_reported_only is True
    s = parse("We bid for a safe-city project of the interior ministry of a country where UN bodies documented police arresting journalists. The tender says nothing about facial recognition and the site visit is in April.")
    assert s.misuse_reported_only is True


def test_a_private_academic_workshop_is_no_fair() -> None:
    s = parse("We're invited to show our 6A003 camera at an invitation-only academic workshop in a university lab in Singapore and hand-carry it back. We assumed the exhibition/fair general authorisation covers us.")
    assert s.temporary_exhibition is False


def test_feeds_opened_without_the_owner_being_notified_are_covert_and_an_end_user_certificate_is_an_export() -> None:
    s = parse("Silent Access lets an agency account open the live feeds of any consumer camera on our cloud, without the owner getting a notification. The ministry will sign an end-user certificate.")
    assert "covert" in s.capabilities and s.export_region == "a country outside the EU (not named)"


# twenty-ninth session


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our NVR is classified 5A002.a.3; it only uses standard AES/TLS and the user can't change the crypto.", True),
        ("The recorder (5D002.c.1) uses published cryptographic standards only.", True),
        ("The radios use TETRA encryption and are classified 5A002.a.", False),
        ("The customer can load their own encryption algorithms onto the 5A002 module.", False),
        ("Our 6A003 camera has no encryption features at all and ships to Brazil.", None),
    ],
)
def test_eu008_cryptography_conditions(text: str, expected: bool | None) -> None:
    assert parser._standard_cryptography(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our export team says the weights aren't listed and aren't a cyber-surveillance item.", False),
        ("Classification: not a cyber-surveillance item under Article 2(20).", False),
        ("Is our gait software a cyber-surveillance item?", None),
    ],
)
def test_a_classification_out_of_article_2_20(text: str, expected: bool | None) -> None:
    assert parse_text(text).cyber_surveillance_item is expected


@pytest.mark.parametrize(
    ("text", "country", "destinations"),
    [
        ("We're a Finnish pension insurer with a stake in a camera maker.", "FI", []),
        ("We're a Danish asset manager holding shares in a camera maker.", "DK", []),
        ("We hold 3% in a Dutch-listed camera company that sells to police outside the EU.", None, []),
        ("We have a stake in a Polish integrator that sells to Iran.", None, ["IR"]),
    ],
)
def test_an_investor_s_seat_and_its_investee_s_seat_are_no_destination(text: str, country: str | None, destinations: list[str]) -> None:
    s = parse(text)
    assert (s.company_country, s.destinations) == (country, destinations)


def test_an_investor_asking_whether_the_investee_can_get_a_licence_asks_about_its_export() -> None:
    text = (
        "We hold shares in a Czech maker of prison equipment. It plans to ship body-worn stun belts to buyers in the US and Asia. "
        "Can they get an export licence for this, and from whom?"
    )
    assert parse(text).investee_duty is True
    assert parse("We hold shares in a camera maker. Should we divest?").investee_duty is None


def test_a_non_eu_investee_selling_an_art_5_practice_is_not_presumed_on_the_eu_market() -> None:
    held = parse("We're a Finnish pension insurer. A large Asian listed CCTV maker we hold sells cameras with ethnicity alerts. Should we engage or divest?")
    assert held.seller_role == "investor" and held.eu_market is None
    assert parse("A start-up sells cameras with ethnicity alerts to shops. Is that allowed?").eu_market is True


def test_the_withheld_anchor_keeps_every_example_and_drops_a_plain_shipment() -> None:
    group = load_examples()["withheld"]
    withheld = [text for text, label in zip(group.texts, group.labels) if label == "withheld"]
    assert len(withheld) == 60 and all(parser._WITHHELD_ANCHOR.search(t) for t in withheld)
    assert not parser._WITHHELD_ANCHOR.search(
        "We want to take two 6A003-classified thermal cameras to a security trade fair in Singapore for live demos and bring them straight back."
    )


@pytest.mark.parametrize(
    "text",
    ["Our own KYC turned up the directorate's statements about hunting down gay men.", "Our adverse-media search revealed that the unit jails bloggers."],
)
def test_the_writer_s_own_checks_with_any_discovery_verb_are_first_hand(text: str) -> None:
    assert parser._KNOWN_FIRST_HAND.search(text)
    assert not parser._KNOWN_FIRST_HAND.search("Our own KYC turned up nothing on the buyer.")


def test_quoted_paperwork_names_a_destination_and_a_buyer_s_warehouse_is_one() -> None:
    s = parse("Their PO says 'final site: port project, Bandar Abbas' and the shipping instructions route everything via a forwarder in Jebel Ali.")
    assert "IR" in s.destinations
    assert "IR" not in parse("Our sales lead keeps saying 'that's basically Bandar Abbas' about every Gulf order.").destinations
    w = parse("Vienna distributor. We resell 20 thermal cameras to a Norwegian integrator. Delivery to their ordinary warehouse in Stavanger, not a free zone.")
    assert w.destinations == ["NO"] and w.transit == []


def test_a_member_state_s_ministry_and_its_embassy_in_either_order() -> None:
    s = parse("The foreign ministry of an EU Member State wants us to upgrade the perimeter protection of its embassy compound in Tehran with thermal cameras.")
    assert s.eu_protective_use is True and s.export_region is None


def test_people_described_by_a_region_are_no_export_region() -> None:
    assert parse("Police asked whether our analytics can show only people of North African appearance in riot footage.").export_region is None
    assert parse("We sell to a North African police force.").export_region is not None


def test_fire_control_sights_for_an_army_s_vehicles_are_military_items() -> None:
    s = parse("Camera cores shipped to a defence plant in a country under an EU arms embargo; they will go into fire-control sights for the army's vehicles.")
    assert s.military_incorporation is True


def test_an_ai_practice_imported_into_the_union_is_on_the_eu_market() -> None:
    s = parse("We buy analytics boxes from China and import them into Belgium; they have an ethnicity attribute for retail.")
    assert s.imports_into_eu is True and s.eu_market is True
    via = parse("We're replacing our NVRs with an analytics box that we'd import ourselves through our Valencia subsidiary.")
    assert via.transit == [] and via.company_country == "ES"


def test_a_module_removed_in_a_follow_up_takes_its_function_with_it() -> None:
    history = ["We're a Dutch supermarket chain. The vendor's 'employee engagement' module reads staff emotions at the tills. Allowed?"]
    s = parse("OK, the vendor will ship a build with that module removed. What's left is anonymous people counting and queue alerts.", history)
    assert "emotion_recognition" not in s.capabilities


def test_the_people_a_buyer_goes_after_are_not_a_trait_the_goods_infer() -> None:
    assert parser._TARGETED_GROUP.search("to identify and detain members of an ethnic minority")
    assert not parser._TRAIT_OUTPUT.search(parser._TARGETED_GROUP.sub(" ", "to identify and detain members of an ethnic minority"))
    assert parser._TRAIT_OUTPUT.search(parser._TARGETED_GROUP.sub(" ", "it flags members of an ethnic minority by their ethnicity score"))


@pytest.mark.parametrize(
    ("text", "interception"),
    [
        ("One product is a WPA/WPA2 handshake-cracking appliance.", True),
        ("A tool that cracks WPA2 keys.", True),
        ("Our IP camera supports WPA2 encryption.", False),
    ],
)
def test_wifi_code_breaking_in_either_order_but_not_wpa2_support(text: str, interception: bool) -> None:
    assert ("interception" in parse(text).capabilities) is interception


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our export-control manager confirms its entry is also in Annex IV of 2021/821.", True),
        ("The item is a dual-use item but not in Annex IV of the dual-use regulation.", False),
        ("The DPI kit is in Annex IV of Regulation 359/2011.", None),
        ("Is the camera in Annex IV of 2021/821?", None),
    ],
)
def test_annex_iv_of_the_dual_use_regulation(text: str, expected: bool | None) -> None:
    assert parser._annex_iv_listed(text) is expected


# thirtieth session


def test_a_maker_s_nationality_before_a_quoted_product_is_no_destination() -> None:
    s = parse("I work for a Polish distributor. We resell a German 'smart city' suite and bid in a tender from a city administration outside the EU.")
    assert "DE" not in s.destinations and s.company_country == "PL"
    assert parse("We sell a Swedish platform to a buyer in Kenya.").destinations == ["KE"]


def test_live_face_matching_across_city_centre_cameras_is_real_time_identification() -> None:
    s = parse("The chief wants live face matching switched on across all 400 city-centre cameras, 24/7, against a watchlist of repeat shoplifters.")
    assert "remote_biometric_identification" in s.capabilities and s.purpose_outside_rbi_exceptions is True


def test_gaze_tracking_that_flags_students_during_exams_is_an_education_assessment() -> None:
    s = parse("A Dutch university is buying remote proctoring: webcam plus gaze tracking that flags 'suspicious behaviour' during online exams. We resell the tool.")
    assert s.education_assessment is True and s.destinations == ["NL"]


def test_a_comparison_with_other_deals_names_no_region_for_this_one() -> None:
    s = parse("6 cooled thermal cameras for a Japanese prefectural police unit. Do we need an individual licence like for our Middle East deals?")
    assert s.export_region is None and s.destinations == ["JP"] and "Middle" not in s.parties


def test_a_record_of_the_country_with_nothing_in_the_tender_is_reported_only() -> None:
    s = parse(
        "The city police of a Central Asian capital want face matching on 1,200 cameras in squares. The country has a track record of "
        "detaining people after unauthorised protests, though nothing in this tender mentions protests."
    )
    assert s.misuse_reported_only is True


def test_armed_forces_platforms_named_through_a_slash_or_after_the_builder() -> None:
    s = parse(
        "An integrator in Yangon wants 400 cores; their documents show they'll be built into sighting/observation units for the armed "
        "forces' armoured vehicles. The country is under an EU arms embargo."
    )
    assert s.military_incorporation is True
    spare = parse(
        "A state workshop in a country under an EU arms embargo ordered 150 spare camera modules. Their PO references the part numbers "
        "of the driver's vision kit on the armoured personnel carriers they build."
    )
    assert spare.military_incorporation is True
    bench = parse(
        "An aviation repair plant in a country under an EU arms embargo ordered cameras for its test bench. The bench is used on the air force's attack helicopters."
    )
    assert bench.military_incorporation is True


def test_a_chair_with_straps_instead_of_shackles_is_no_torture_good() -> None:
    history = ["A remand centre wants restraint chairs with steel shackles as part of our CCTV tender. Can we supply them?"]
    assert "torture_goods" in parse(history[0]).products
    s = parse("The manufacturer can deliver the same chair with padded nylon straps instead of the steel shackles. Does that fix it?", history)
    assert "torture_goods" not in s.products


def test_negotiating_for_a_margin_is_brokering_and_a_trading_desk_is_our_site() -> None:
    s = parse(
        "Quick one from our Riga trading desk: a West African prison service wants 2,000 batons with metal spikes from a factory in China. "
        "Goods go China -> Lomé directly, we only negotiate and take a margin."
    )
    assert s.seller_role == "broker" and s.company_country == "LV" and "LV" not in s.destinations


def test_repair_firmware_that_adds_analytics_and_range_ends_the_return_after_repair() -> None:
    s = parse(
        "A Brazilian mining company sent back 12 of our thermal cameras for repair at our plant near Lyon. Engineering wants to load new firmware "
        "that adds people-classification analytics and a longer detection range before we send them back."
    )
    assert s.return_after_repair is not True
    history = ["A port operator in Mexico sent back four thermal cameras for repair; we will send them back under EU003."]
    moved = parse("Update: the repaired cameras won't go back on the cranes; they've promised them to the Mexican navy.", history)
    assert moved.return_after_repair is False


def test_a_course_on_goods_we_never_exported_ourselves_is_a_service() -> None:
    s = parse(
        "Our service engineer (we're a German company) has been asked to run a repair course for a defence firm. They bought our cooled thermal "
        "cameras through a Turkish reseller a few years ago; we never exported them ourselves."
    )
    assert s.services_only is True


def test_firmware_that_lifts_a_nine_hertz_cap_is_listed_software_sent_abroad() -> None:
    s = parse(
        "Our export line is capped at 8.6 Hz so it falls outside 6A003. A Saudi distributor wants the 30 Hz firmware we sell in Europe, "
        "downloaded from our customer portal. Sales says it's only a software patch."
    )
    assert s.dual_use_listed is True and s.services_only is not True


def test_lower_case_demonyms_before_a_public_body_and_country_codes_after_we_re_in() -> None:
    s = parse("norwegian coastal administration needs 10 spare thermal cams for their vessel-traffic towers. we're in NL. EU001 ok?")
    assert s.destinations == ["NO"] and s.company_country == "NL"
    assert parse("We're in IT and a buyer in Oslo wants cameras.").company_country is None


def test_a_bank_that_buys_the_goods_is_a_destination_and_a_go_between_in_iran_is_iran() -> None:
    s = parse("A customer wants a loan to finance its sale of deep packet inspection appliances to a private Iranian bank.")
    assert s.destinations == ["IR"]
    slip = parse(
        "One of our Dubai resellers ordered 60 thermal imagers. Their sales guy let slip that the whole lot is for 'our partner in Tehran'. "
        "We would deliver to Jebel Ali, nothing goes to Iran on our paperwork."
    )
    assert "IR" in slip.destinations


def test_people_posting_against_the_state_are_a_target_of_misuse() -> None:
    s = parse("The new consignee is an interior ministry and the spec reads 'identify and track individuals posting against the state'.")
    assert s.misuse_indicated is True


def test_a_changed_consignee_mid_transit_ends_the_transit() -> None:
    history = ["We're a forwarder in Antwerp. Japanese thermal cameras, listed in 6A003, arrive under external transit and continue to a distributor in Georgia."]
    assert parse(history[0]).transit_only is True
    s = parse("The owner switched the consignee to a buyer in Uzbekistan while the container sits in Antwerp; an exit summary declaration is lodged.", history)
    assert s.transit_only is not True


@pytest.mark.parametrize(
    ("text", "scenario"),
    [
        ("Does a bank that only provides trade finance for a dual-use deal between two non-EU countries count as a 'broker' under Regulation 2021/821?", False),
        ("If an interception product is already caught by the EU dual-use list, does Annex IV of 359/2011 still apply to it?", False),
        ("HQ access control for a Luxembourg insurer: the door reader checks whether you are the badge holder (1:1). Is this 'remote biometric identification' under Annex III?", True),
    ],
)
def test_generic_definitions_are_questions_and_a_described_deployment_is_a_case(text: str, scenario: bool) -> None:
    assert parse(text).is_scenario is scenario


def test_a_stewardship_signature_and_choice_keep_the_investor_s_own_question() -> None:
    s = parse(
        "Stewardship team, Dutch pension fund. We hold 1.2% of a listed camera maker whose face-recognition cameras sold to a city police force "
        "outside the EU were used to detain protesters. Board wants a recommendation: engage, escalate, or divest now?"
    )
    assert s.company_country == "NL" and "NL" not in s.destinations and s.investee_duty is not True


def test_a_report_of_police_following_journalists_makes_no_covert_goods() -> None:
    assert not parser._READER_ANCHORS["covert"].search("a credible NGO report documented the police using our system to follow and arrest journalists")
    assert parser._READER_ANCHORS["covert"].search("the tool quietly tracks specific activists' accounts")


# thirty-first session


def test_targets_described_in_a_sentence_of_their_own_and_unregistered_worship_are_misuse() -> None:
    s = parse(
        "A ministry contractor wants an app module that quietly copies users' contacts to a government server to watch 'persons of interest'. "
        "He admitted these are mostly bloggers and opposition supporters."
    )
    assert s.misuse_indicated is True
    assert parse("The buyer's requirements say the system must list everyone attending illegal prayer meetings.").misuse_indicated is True


def test_a_minority_stake_is_no_minority_group() -> None:
    s = parse("We are a Luxembourg fund taking a minority stake in a Munich maker of interception gateways that sells to ministries in the Gulf.")
    assert s.misuse_indicated is not True and s.investee_duty is not True


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Police in a North Caucasus city want our platform.", "North Caucasus"),
        ("The buyer is a regional government in a mid-sized high-risk country.", "a mid-sized high-risk country"),
    ],
)
def test_unnamed_regions_outside_the_union(text: str, region: str) -> None:
    assert parse(text).export_region == region


def test_a_person_passing_through_a_station_is_no_transit_of_goods() -> None:
    s = parse("Rotterdam police think a kidnapping suspect will pass through Rotterdam Centraal; they want live face matching on the station cameras.")
    assert s.destinations == ["NL"] and s.transit == []
    assert s.purpose_outside_rbi_exceptions is False


def test_a_possible_attack_is_an_exception_purpose_for_live_identification() -> None:
    s = parse("Federal police have intelligence about a planned attack at the cup final in Munich and want live face recognition on the gates.")
    assert s.purpose_outside_rbi_exceptions is False


def test_our_own_country_s_embassy_is_protective_use() -> None:
    s = parse("What if the buyer were our own country's embassy in Tehran, for its compound perimeter?", ["Belgian distributor. A Tehran firm wants 20 thermal cameras."])
    assert s.eu_protective_use is True


def test_faces_swept_from_open_streams_or_every_face_enrolled_is_scraping() -> None:
    assert "face_scraping" in parse("The tool sweeps faces from public webcams and open camera streams into a searchable index.").capabilities
    s = parse("What if the system enrolled every face seen by all the branch cameras into one shared gallery?", ["We sell a VMS to 40 bakeries in Lille."])
    assert "face_scraping" in s.capabilities


@pytest.mark.parametrize(
    "text",
    [
        "Our counting sensors use a linear array of 10 elements and serve only traffic counting.",
        "We checked: the probe does not fall under 5A001.j or any other Annex I entry.",
        "The imager is locked to 8 Hz in firmware.",
    ],
)
def test_more_statements_that_the_goods_are_not_listed(text: str) -> None:
    assert parse(f"A buyer in Chile wants 100 thermal units. {text}").dual_use_listed is False


def test_a_state_agency_by_its_trade_is_a_government_end_user() -> None:
    assert "government" in parse("An Iranian state telecom agency wants our analysis service.").end_user_types


def test_a_training_follow_up_on_goods_bought_elsewhere_is_a_service_abroad() -> None:
    s = parse(
        "Suppose the Saudis buy the batons from someone else and we only train their officers, partly at our academy near Graz.",
        ["A Saudi distributor wants our electric-shock batons for the police."],
    )
    assert s.services_only is True and s.destinations == ["SA"]


def test_content_inspection_in_plain_words_is_interception() -> None:
    assert "interception" in parse("The appliance inspects the content of guests' traffic to see which apps they use.").capabilities


def test_faces_run_against_watchlists_are_face_recognition() -> None:
    assert "facial_recognition" in parse("Cameras capture each passenger's face and check them against wanted lists.").capabilities


def test_no_analytics_in_a_follow_up_drops_the_earlier_face_recognition() -> None:
    s = parse("Suppose instead it's plain cameras, no analytics, for a brewery's car park.", ["A police bureau in Hanoi wants cameras with face recognition."])
    assert "facial_recognition" not in s.capabilities


def test_an_earlier_deal_compared_with_names_no_end_user_or_region() -> None:
    s = parse("A private clinic in Lima wants 50 cameras. Do we need the same checks we ran for a Gulf police tender last year?")
    assert "police" not in s.end_user_types and s.export_region is None and s.destinations == ["PE"]


def test_a_national_control_list_and_telecom_entries_are_facts() -> None:
    assert parse("Our government has added biometric matching software to its national export control list. A buyer in Lagos wants it.").national_control_list is True
    assert parse("Is our software on the national control list?").national_control_list is None
    assert parse("Radio units under 5A001.c for an operator in Pretoria.").telecom_items is True
    assert parse("Radio units under 5A001.c with a 5A001.j probe for Pretoria.").telecom_items is None


def test_a_record_keeping_question_is_no_case_to_decide() -> None:
    assert parse("We export licensed thermal cameras to Oman. How long must we keep the export records, and what must they show?").is_scenario is False


# thirty-second session


def test_a_buyers_nationality_is_no_destination_once_the_goods_go_elsewhere_instead() -> None:
    s = parse(
        "What if the Indian OEM asks us to ship the arrays to its own assembly subsidiary in Toronto instead?",
        ["We make bare microbolometer arrays in Grenoble. An OEM in Bangalore wants 2,000 a year for its thermal cameras."],
    )
    assert s.destinations == ["CA"]
    s = parse("What if the same cameras go instead to a distributor in Denver?", ["We make cooled MWIR cameras in Zaragoza. The Serbian border police want 12."])
    assert s.destinations == ["US"] and s.transit == []


def test_classifying_traffic_to_throttle_video_is_network_management_not_interception() -> None:
    s = parse("A mobile operator in São Paulo wants our boxes to classify traffic by application so it can throttle video during peak hours.")
    assert "interception" not in s.capabilities and s.network_management is True
    assert "interception" in parse("The probe classifies traffic to unmask VPN users for the ministry.").capabilities


def test_a_patch_or_a_technician_on_licensed_goods_is_a_service_on_authorised_goods() -> None:
    s = parse("We exported thermal cameras to a utility in Johannesburg under an individual licence last year. We'd push a routine security patch, no new features.")
    assert s.export_authorised is True and s.services_only is True
    s = parse("Last year we got an individual export licence for 6A003 thermal cameras for the port authority in Valparaíso. Now they want our technician to mount, align and service them.")
    assert s.export_authorised is True


def test_a_debt_owed_by_a_listed_party_before_its_listing_is_a_prior_contract_payment() -> None:
    s = parse("Imen Sanat Zaman Fara still owes a camera-mount maker in Valencia €61,000 for goods delivered in 2022 and asks us to pay from its frozen account. The contract is older than the listing.")
    assert s.prior_contract_payment is True
    s = parse("In 2021 we supplied domes to Imen Sanat Zaman Fara; the contract kept back 20% until the warranty ended. They now offer to wire that retention. Can we accept it?")
    assert s.prior_contract_payment is True


def test_an_investor_question_about_its_own_position_is_not_the_investees_export() -> None:
    s = parse("As a minority investor, are we expected to do anything? The Shenzhen start-up sells gait recognition to police in Xinjiang.")
    assert s.seller_role == "investor" and s.investee_duty is None
    s = parse(
        "New development: the French export-control authority has written to the company warning that this shipment could be used for repression. Where does that leave the deal?",
        ["We're a private-equity fund in Paris. Our portfolio company sells a platform that quietly pulls location data from phones. It ships to a Central Asian interior ministry."],
    )
    assert s.investee_duty is True and s.authority_informed is True
    assert parse("Dublin asset manager here. Our Asia ex-Japan index fund holds a Chinese camera maker.").seller_role == "investor"


def test_pictures_collected_from_chosen_targets_are_not_untargeted_scraping() -> None:
    assert "face_scraping" not in parse("The platform collects profile pictures from targets' social-media accounts and matches the faces against CCTV.").capabilities
    assert "face_scraping" in parse("The platform scrapes every face it finds on social media into a searchable index.").capabilities


def test_a_duty_to_connect_shop_cameras_to_the_police_is_state_access_not_a_police_buyer() -> None:
    s = parse("Iranian rules force shops to connect their cameras to a police system. A supermarket chain in Shiraz wants maintenance for our domes.")
    assert s.state_access is True and "police" not in s.end_user_types and s.listed_entities == []


def test_eu007_needs_a_parent_in_the_union_or_an_eu001_country() -> None:
    base = "We're the Eindhoven R&D centre of a Hangzhou-headquartered group that wholly owns us and a sister plant in Johor. We want to send the firmware source for a 6A003 camera to Johor for further development."
    assert parse(base).intra_group_technology is False
    s = parse("What if the takeover by the Osaka group closes first? Osaka would then directly own 100% of both us and the Johor plant. Could we send the same files?", [base])
    assert s.intra_group_technology is True and "JP" not in s.destinations


def test_services_words_uavs_transit_and_letters() -> None:
    assert parse("No hardware would go out, only our engineer's advice on Teams for the Kampala integrator's thermal sights.").services_only is True
    assert parse("Our fixed-wing drone flies beyond visual line of sight with roughly three hours' endurance. A buyer in Port Harcourt wants four.").dual_use_listed is True
    assert parse("A container of Chinese-made thermal cameras sits in temporary storage at the Rotterdam terminal, then goes to Salalah. Nothing is cleared into the EU.").transit_only is True
    assert parse("Our national export-control office sent a letter about a pending order from a reseller in Istanbul.").authority_informed is True
    assert "network_interception" in parse("A Milan trader sets up the sale of an IP-network mass monitoring system to a ministry in Almaty.").products
    assert "video_analytics" in parse("The bodycams stream to a cloud that runs a 'person re-identification' module for the police in Managua.").products
    assert parse("A customer in a country under an EU arms embargo says the tubes go to a state factory that assembles night sights for its army.", ["An optics firm in Jena makes image-intensifier tubes."]).military_incorporation is True
    assert parse("Radio-frequency monitoring kits for a plant security firm near Bandar Abbas.").annex_iv_listed in (True, None)
    assert "network_interception" in parse("Radio-frequency monitoring kits for a plant security firm near Bandar Abbas.").products


# thirty-third session


def test_iran_named_as_a_hub_risk_or_a_groups_side_is_no_destination() -> None:
    s = parse("An integrator in Sharjah wants 25 cooled thermal cameras for port security. I know the UAE is a hub for re-exports to Iran.")
    assert s.destinations == ["AE"]
    assert parse("Iraq's communications ministry in Baghdad wants our platform. Iran-aligned militias have influence over parts of the security apparatus.").destinations == ["IQ"]
    s = parse("A mobile operator in Sulaymaniyah wants it. NGO reports say its partner located Iranian Kurdish opposition members who were later abducted.")
    assert s.destinations == ["IQ"] and s.nationalities == ["IR"]
    assert parse("A reseller in Dubai will pass the cameras on to a client in Tehran.").destinations == ["IR"]


def test_a_classification_number_given_in_brackets_or_as_a_rating_marks_the_goods_listed() -> None:
    assert parse("We're a Riga-based maker of encrypted camera-stream gateways (5A002.a, standard AES and TLS) for Zambia.").dual_use_listed is True
    assert parse("Our classification team rates the server software 5D002.c.1. Carabineros de Chile want it.").dual_use_listed is True
    assert "police" in parse("Carabineros de Chile want it for Valparaíso.").end_user_types


def test_bare_detector_arrays_are_6a002_items() -> None:
    s = parse("For a trade show in Dubai we want to bring bare 640×512 microbolometer detector arrays (8–14 µm, no housing, no lens) and bring every one back afterwards.")
    assert s.bare_detector is True and s.temporary_exhibition is True
    assert parse("We take two finished thermal cameras with 640×512 microbolometer cores to the Dubai show and bring them back.").bare_detector is None


def test_untargeted_scraping_needs_a_sweep_of_faces() -> None:
    text = "Customers upload images and get matches against a gallery they supply. A ministry uploaded a gallery our support team recognised as photos of exiled journalists."
    assert "face_scraping" not in parse(text).capabilities
    assert "face_scraping" in parse(
        "A vendor proposes running all the archived metro recordings through face detection to build a searchable face database of everyone who passed through the stations."
    ).capabilities
    s = parse(
        "Suppose we delete the crawled index completely and retrain on a licensed dataset of consenting volunteers: banks would only check that the person opening an account matches the photo on their own ID card.",
        ["Face-search startup in Austin. Our index was built by crawling social-media photos of everyone, and a Hamburg reseller wants to sell our API."],
    )
    assert "face_scraping" not in s.capabilities and s.biometric_verification is True


def test_a_letter_from_them_after_the_authority_is_named_informs_the_exporter() -> None:
    s = parse("Actually BAFA got there first: we received a letter from them yesterday flagging that this very deal could serve to repress dissent.")
    assert s.authority_informed is True
    assert parse("BAFA's website has a page on this; we read it yesterday.").authority_informed is None


def test_police_reaching_footage_only_by_court_order_are_no_end_user() -> None:
    s = parse("Cameras for the bus operator in Montevideo; recordings stay with the operator and police get clips only with a court order.")
    assert "police" not in s.end_user_types
    assert "police" in parse("Cameras for the bus operator in Montevideo; the police get live access to every bus camera.").end_user_types


def test_religious_police_are_a_buyer_not_a_trait_the_goods_infer() -> None:
    s = parse("A distributor in Riyadh sells our PTZ cameras with on-board face detection to the municipal police and the religious police.")
    assert not {"biometric_categorisation", "ethnicity_analytics"} & set(s.capabilities)
    assert "biometric_categorisation" in parse("The software detects the religion of passers-by from their faces.").capabilities


def test_writers_desk_and_owner_are_not_destinations() -> None:
    assert parse("Compliance at a Lisbon software firm. The buyer, an interior-ministry unit in Alexandria, wants our platform.").company_country == "PT"
    s = parse("I run human rights at a mid-sized camera maker in Malmö. A distributor in Riyadh sells our PTZ cameras.")
    assert s.company_country == "SE" and s.destinations == ["SA"]
    s = parse("We're the German subsidiary, in Nuremberg, of a Chinese group. A customer in Houston ordered 25 thermal cameras. Does our Chinese ownership stop us using EU001?")
    assert s.destinations == ["US"]


def test_a_follow_up_that_skips_a_fair_city_and_a_colleague_demonym() -> None:
    history = ["Our company in Padua makes 6A003.b.4 thermal cameras. We want to exhibit at a security fair in Riyadh."]
    s = parse("Fine. If we skip Riyadh and take the same kit to the big security show in Dubai instead — stand demonstrations only, back home within a month?", history)
    assert s.destinations == ["AE"] and s.temporary_exhibition is True
    history = ["Our Basel company sells thermal cameras worldwide. A German national on our Basel sales staff is handling an order from an installer in Iran."]
    s = parse("We've moved the deal to a Swiss colleague. There's no EU national, no EU entity, no EU bank and nothing shipped through the EU.", history)
    assert s.destinations == ["IR"] and s.nationalities == [] and s.no_eu_nexus is True
    assert parse("No EU bank is involved. Our Basel company ships to Iran.").no_eu_nexus is None


def test_safety_alarms_research_and_live_watchlists() -> None:
    history = ["We run a customer-service centre in Lisbon. A vendor's webcam plug-in would score agents' frustration from their facial expressions."]
    s = parse("Could the same vendor's cab camera just flag when a bus driver looks agitated and sound an alarm in the cab, purely for road safety?", history)
    assert s.medical_or_safety_purpose is True
    assert parse("We are training a face-recognition model in our university lab for a PhD; nothing will be sold or deployed.").research_only is True
    history = ["A football club in Seville wants face recognition at the turnstiles so season-ticket holders can walk in without a card."]
    s = parse("The national police now want a live feed to run real-time matching against their list of banned ultras during every home match.", history)
    assert s.biometric_verification is None and s.purpose_outside_rbi_exceptions is True


def test_phone_location_records_and_wifi_phone_counters_collect_data_from_devices() -> None:
    assert "interception" in parse("Our VMS add-on pulls subscriber location records from mobile operators' systems and overlays them on footage.").capabilities
    assert "interception" in parse("The city wants our Wi-Fi sensors that count phones on the square.").capabilities


def test_a_country_described_by_its_record_is_an_unnamed_destination() -> None:
    s = parse("A new customer, the interior ministry of a country known for jailing journalists, wants API keys for 200 officers.")
    assert s.export_region == "a country known for jailing" and s.destinations == []


def test_a_classification_result_and_an_employer_registered_abroad() -> None:
    assert parse("Classification came out as 5D002 because of the encryption. A hospital group in Toronto wants it.").dual_use_listed is True
    s = parse("I'm an Italian citizen working as sales manager for an integrator registered in Dubai. We supply thermal cameras to a project in Shiraz.")
    assert s.company_country == "AE" and s.company_in_eu is False and s.nationalities == ["IT"]


def test_no_concrete_sign_of_the_intended_use_leaves_only_the_record() -> None:
    text = (
        "A city police department wants 200 of our AI cameras with face matching. In that country, according to Amnesty, protesters have been "
        "identified from CCTV stills and detained. We have no concrete sign the system is meant for protesters; the tender talks about 'public order'."
    )
    s = parse(text)
    assert s.misuse_indicated is True and s.misuse_reported_only is True
    assert parse(text.replace("We have no concrete sign the system is meant for protesters", "Their project lead told us the system is meant for protesters")).misuse_reported_only is None


# thirty-fourth session


def test_clinical_imaging_cameras_are_recognised_and_cctv_at_a_clinic_is_not() -> None:
    assert parse("A private eye hospital in Mashhad wants six surgical-microscope cameras with recording units.").clinical_imaging is True
    assert parse("Our Austrian company sells digital microscope cameras for pathology labs; a hospital in Shiraz wants eight.").clinical_imaging is True
    assert parse("A Shiraz importer wants 250 dome cameras for a chain of private dental clinics.").clinical_imaging is None


def test_an_eu_national_living_abroad_who_trains_there_supplies_services_abroad() -> None:
    text = (
        "I'm a Portuguese citizen who has lived in Luanda for eight years. A local security company employs me to train police units "
        "in using electric-shock batons they bought from South Africa. All training takes place in Angola. Does the EU regulation apply to me?"
    )
    s = parse(text)
    assert s.is_scenario is True and s.services_only is True and s.services_abroad is True and s.nationalities == ["PT"]
    assert parse(text.replace("All training takes place in Angola", "All training takes place in Lisbon")).services_abroad is None


def test_misuse_named_by_the_people_sought() -> None:
    assert parse("The integrator told us openly that the aim is to catch and punish people who use VPNs and foreign messaging apps.").misuse_indicated is True
    assert parse("The spec says the watchlist will be the security committee's list of 'protest organisers'.").misuse_indicated is True
    assert parse("Phone IDs are matched against the phones the police link to the organisers of the square rallies.").misuse_indicated is True
    assert parse("Their concept note says the system will help 'identify and detain Fano sympathisers and their families'.").misuse_indicated is True
    assert parse("A leaked video shows guards beating a detained man while two cameras were switched off.").misuse_indicated is True
    assert parse("The system counts people who use the tram at rush hour.").misuse_indicated is None


def test_data_taken_from_a_telecom_or_hotspot_operator_is_interception() -> None:
    assert "interception" in parse("It ingests location and call-record data the bureau gets from the mobile operator.").capabilities
    assert "interception" in parse("The plug-in ingests the connection logs of public Wi-Fi hotspots to see who used which device.").capabilities


def test_a_forwarded_thread_names_where_our_staff_sit() -> None:
    s = parse("Thread from the Gothenburg team, forwarded as is. A police directorate in Sumqayit, Azerbaijan wants our VMS.")
    assert s.company_country == "SE" and s.destinations == ["AZ"]
    s = parse("From: Femke de Vries (Sales, Eindhoven)\nClient: a container-terminal operator in Jeddah wants 90 thermal cameras.")
    assert s.company_country == "NL" and s.destinations == ["SA"]


def test_incoterms_a_past_job_a_border_and_a_payment_route_are_read_for_what_they_are() -> None:
    s = parse("We ship 24 thermal cameras to an offshore operator. Ferry via Hirtshals, DAP Stavanger. Individual licence like for the Oman job last year?")
    assert s.destinations == ["NO"]
    s = parse("The consignee is now a company in Meghri, on the Armenia–Iran border, and the payment came through a UAE exchange house. We ship thermal cameras.")
    assert "IR" not in s.destinations and "AE" not in s.destinations


def test_a_low_frame_rate_variant_beside_the_goods_does_not_unlist_them() -> None:
    text = "Our TH-640 thermal camera runs at 30 Hz. There's also the TH-640E export build with the frame rate locked at 9 Hz. Can we ship the 30 Hz units to Jeddah?"
    assert parse(text).dual_use_listed is None
    assert parse("Our thermal cameras for Jeddah have the frame rate locked at 9 Hz. Licence?").dual_use_listed is False


def test_services_from_a_call_in_the_eu_and_remote_support_of_goods_sold_long_ago() -> None:
    s = parse("They already have ten units. Could our engineers walk them through a recalibration on a video call from Munich?", ["A mining company in Kerman, Iran, wants thermal cameras."])
    assert s.destinations == ["IR"]
    s = parse("A research institute abroad bought them years ago, and our engineers support them remotely: TeamViewer sessions and training calls.")
    assert s.services_only is True


def test_a_group_company_abroad_given_source_code_receives_an_export() -> None:
    assert parse("Malmö here. We want to give our wholly owned subsidiary in Kuala Lumpur access to the full source code.").destinations == ["MY"]


def test_worship_sites_watched_for_a_state_body() -> None:
    s = parse("A reseller in Dushanbe wants 120 cameras for mosque entrances across the city, for the committee on religious affairs.")
    assert s.worship_monitoring is True and "government" in s.end_user_types
    assert parse("A hotel near the cathedral wants 20 dome cameras for its lobby.").worship_monitoring is None


def test_analytics_a_third_party_runs_itself_are_not_the_goods_functions() -> None:
    s = parse("We supply 180 ordinary IP cameras to a Dubai mall. Dubai Police will get a live feed and run their own facial recognition on it.")
    assert "facial_recognition" not in s.capabilities


def test_frozen_funds_owed_under_a_contract_signed_before_the_listing() -> None:
    text = (
        "A client delivered goods in 2021 under a contract with Imen Sanat Zaman Fara Company, which was later put on the EU's Iran sanctions list. "
        "Part of the invoice was never paid. Can we move what they owe our client out of the blocked account?"
    )
    assert parse(text).prior_contract_payment is True


def test_an_authority_that_wont_impose_a_licence_has_cleared_the_export() -> None:
    history = ["We sell phone-data analytics software to a security agency in Riyadh; our due diligence shows use against dissidents."]
    s = parse("We notified. The authority has now written back that it won't impose an authorisation requirement on this export.", history)
    assert s.authority_cleared is True and s.authority_informed is not True
    s = parse("They've now replied that the release needs an individual licence. Can we push a hotfix meanwhile?")
    assert s.authority_informed is True


# thirty-fifth session


def test_a_denied_comparison_covers_the_whole_list_and_leaves_verification() -> None:
    text = (
        "A data-centre operator in Clondalkin wants our door readers. Employees enrol a face template; at the door the reader only "
        "checks that the person holding badge #X is the enrolled badge holder (1:1 check), nothing is matched against a crowd or watchlist."
    )
    s = parse(text)
    assert s.biometric_verification is True and "facial_recognition" not in s.capabilities


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("The customer now wants the 30 Hz 'performance unlock' firmware we sell inside the EU.", True),
        ("Our lab built a framework that generates exploits for camera firmware, delivers them and gives remote command and control of the compromised cameras.", True),
        ("They're the 9 Hz 'export-free' versions with a 160×120 microbolometer.", False),
        ("The maker's sheet lists them as 6A003.b.4.b.", True),
    ],
)
def test_unlock_firmware_intrusion_tooling_and_quoted_variants(text: str, listed: bool) -> None:
    assert parse(text).dual_use_listed is listed


def test_goods_added_by_a_tender_addendum_keep_the_destination_and_the_earlier_goods() -> None:
    history = [
        "Custodia Iberia SL in Valencia, export compliance. We're bidding for the CCTV package of a new prison near Lima for Peru's "
        "penitentiary institute: 600 fixed cameras and 80 body-worn cameras for guards."
    ]
    s = parse("Tender addendum No. 3: it adds 40 electric-shock batons for the guards, all to ship with the cameras from Valencia.", history)
    assert (s.company_country, s.destinations) == ("ES", ["PE"])
    assert {"law_enforcement_goods", "body_worn_camera"} <= set(s.products)


def test_an_investees_seat_in_brackets_and_a_letter_sent_to_it() -> None:
    text = (
        "We hold 60% of Orbis Analytics GmbH (Munich) through Fund III. Last week BAFA sent Orbis a formal letter saying the planned "
        "delivery to the interior ministry of a Central Asian republic could end up being used to repress the population."
    )
    s = parse(text)
    assert s.destinations == [] and s.authority_informed is True


def test_a_header_closed_by_a_colon_names_the_writer_and_people_sought_for_their_posts() -> None:
    s = parse("Lille integrator: a government authority in Riyadh wants 300 PTZ cameras. It is to find and detain attendees who post criticism online.")
    assert (s.company_country, s.destinations, s.misuse_indicated) == ("FR", ["SA"], True)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A provincial police command in East Java wants eight units.", "ID"),
        ("The container terminal at San Antonio, Chile, wants 15 thermal sensors.", "CL"),
    ],
)
def test_regions_and_a_town_named_with_its_country(text: str, code: str) -> None:
    assert parse(text).destinations == [code]


def test_a_rental_for_a_festival_is_no_exhibition() -> None:
    s = parse("A promoter in São Paulo wants to rent 24 of our thermal cameras for a four-day festival; we'd bring everything back within a month. Colleagues say Brazil is covered by the 'exhibitions and fairs' general authorisation.")
    assert s.temporary_exhibition is False


def test_beyond_line_of_sight_drones_and_military_platforms_named_by_their_owner() -> None:
    assert parse("Six fixed-wing drones (2.5 hours endurance, flown beyond line of sight) for a state security secretariat in Mexico.").dual_use_listed is True
    s = parse("Our contact admits the cameras will go on the Myanmar navy's new coastal patrol craft, and Myanmar is under an EU arms embargo.")
    assert s.military_incorporation is True
    s = parse("A shipyard in Puerto Cabello is refitting patrol boats for the Venezuelan Navy and wants our deck cameras to build into the vessels. Venezuela is under an EU arms embargo.")
    assert s.military_incorporation is True


def test_follow_ups_that_drop_a_gallery_or_a_score_and_an_only_about_who_sees_alerts() -> None:
    s = parse(
        "OK, scrap the gallery. What if the police give us a photo of one suspect and ask us to search the recordings for him?",
        ["A Milan stadium operator wants our software to extract every face from six seasons of CCTV archive into a searchable gallery."],
    )
    assert "face_scraping" not in s.capabilities and "facial_recognition" in s.capabilities
    s = parse(
        "Fine, we'll kill the mood scores. What if all that's left is a drowsiness detector on the forklift cameras?",
        ["Our Munich start-up sells camera software that reads warehouse workers' faces and flags who looks stressed or annoyed."],
    )
    assert "emotion_recognition" not in s.capabilities
    s = parse(
        "The same group is opening a casino in Batumi, Georgia; alerts would only go to their Georgian security staff.",
        ["A casino resort in Limassol wants our live face recognition at entrances."],
    )
    assert "facial_recognition" in s.capabilities


def test_an_authority_letter_supposed_away_and_a_licence_that_came_through() -> None:
    history = ["Ghent software firm: the Flemish export control unit has written that our face-search add-on for Kampala may be intended for internal repression."]
    assert parse("Suppose the authority had never contacted us, but the police asked for face search on rally footage.", history).authority_informed is None
    assert parse("Good news, the licence came through last week. Are we covered?").licence_granted is True


def test_security_forces_directorates_and_density_heat_maps() -> None:
    s = parse("Riyadh Metro wants density heat maps on 2,400 cameras, with an API that the General Directorate of Public Security can query.")
    assert "police" in s.end_user_types and "thermal_imaging" not in s.capabilities
    assert "security_service" in parse("Cameras for the Airports Security Force at Lahore airport.").end_user_types


def test_a_letter_called_advice_is_no_service_and_a_letter_got_is_no_purchase() -> None:
    text = (
        "Our client, a video-analytics firm in Tampere, got a letter from the Finnish export-control authority about an order from the "
        "interior ministry in Baku. The letter says the platform may be intended for internal repression. Sales says the letter is just advice."
    )
    s = parse(text)
    assert s.services_only is None and s.authority_informed is True and s.destinations == ["AZ"]


def test_writers_on_a_committee_and_exporters_told_in_the_third_person() -> None:
    s = parse("I sit on the investment committee of a pension fund in Stockholm. We're considering a 15% stake in a Dutch camera maker.")
    assert (s.company_country, s.destinations) == ("SE", [])
    s = parse("A camera-module maker in Linköping has just realised its camera cores will be built into military reconnaissance drones made in a country that's under an EU arms embargo.")
    assert (s.company_country, s.destinations, s.military_incorporation) == ("SE", [], True)
    s = parse("A distributor in Liège has supplied IP cameras for years to a reseller in Erbil. Part of that stock is resold across the border to Iranian municipalities.")
    assert (s.company_country, s.destinations, s.transit) == ("BE", ["IR"], ["IQ"])


def test_a_site_at_a_hub_a_corrected_city_and_a_subsidiary_given_the_code() -> None:
    assert parse("Our engineers push firmware to thermal cameras we installed years ago at a logistics hub in Tabriz.").destinations == ["IR"]
    s = parse("Compliance officer at a video analytics vendor in Tallinn... sorry, Tartu. The interior ministry in Baku wants our platform.")
    assert (s.company_country, s.destinations) == ("EE", ["AZ"])
    s = parse("We're in Oulu. We want our new subsidiary in Pune to take over part of the development, which means giving them Git access to the source code.")
    assert s.destinations == ["IN"]


def test_people_held_for_what_they_wrote_and_reports_without_proof() -> None:
    assert parse("Two bloggers were arrested last month on evidence a similar tool produced.").misuse_indicated is True
    s = parse("Police there used CCTV to identify opposition supporters after the elections, but nobody has told us anything specific about this project.")
    assert s.misuse_reported_only is True


def test_training_in_the_eu_with_nothing_leaving_is_a_service() -> None:
    s = parse("The Bangalore engineers come to Leipzig for six weeks and we train them here in our plant. No files, laptops or documents leave Germany.")
    assert s.services_only is True


def test_buying_a_whole_company_is_an_investment() -> None:
    s = parse("We've signed a letter of intent to acquire a Seville company that makes video-management software.")
    assert s.seller_role == "investor"


def test_press_reports_that_nothing_links_to_this_unit_stay_a_risk() -> None:
    text = (
        "Buyer: a cybercrime police unit in Cambodia. We have only read press reports that Cambodian authorities have arrested people "
        "over Facebook posts critical of the government; nothing links this unit or this purchase to that."
    )
    assert parse(text).misuse_reported_only is True


# thirty-sixth session


def test_an_isp_is_a_buyer_unless_the_message_is_about_sweden() -> None:
    text = "Finnish vendor. An ISP in Istanbul wants our DPI boxes. The ISP says it has to carry out government blocking orders and may use our boxes for that."
    assert parse(text).authority_informed is None
    text = "We are a Swedish camera maker. The ISP wrote to us that the cameras may be intended for internal repression."
    assert parse(text).authority_informed is True


def test_a_seat_after_a_legal_form_and_a_comma() -> None:
    s = parse("University sales at Lumetrix GmbH, Jena. A research group at a university in Lausanne orders two thermal cameras.")
    assert (s.company_country, s.destinations) == ("DE", ["CH"])
    s = parse("Lender's question. Our borrower Localis Networks S.L. (Valencia) sells a platform to a guard unit in Kenya.")
    assert s.destinations == ["KE"]


def test_the_buyer_dropping_live_matching_leaves_an_offline_face_search() -> None:
    s = parse(
        "Police dropped the live matching. Investigators would take the stored footage from the square and, days later, search it for one suspect. Our software would do that face search offline.",
        ["Lyon municipal police want number-plate cameras.", "Now they also want live face matching on the square's cameras, alerts to officers within seconds."],
    )
    assert "facial_recognition" in s.capabilities and "remote_biometric_identification" not in s.capabilities


def test_a_drone_builder_is_a_buyer_not_goods() -> None:
    s = parse(
        "And if the Stavanger firm is a pass-through and the cores are forwarded to a drone builder in Tehran?",
        ["We are shipping 200 thermal camera cores, 640×512 microbolometer at 30 Hz, to an inspection company in Stavanger, Norway."],
    )
    assert "drone" not in s.products and "thermal_imaging" in s.capabilities and "IR" in s.destinations


def test_encryption_sold_only_through_tenders_is_not_mass_market() -> None:
    text = "Our encrypted video gateway (AES-256 IPsec, sold only through project tenders, our engineers configure every installation) is wanted in Riyadh."
    assert parse(text).dual_use_listed is True
    assert parse("Our encrypted video gateway (AES-256) is sold in electronics shops everywhere.").dual_use_listed is None
    assert parse("Our speaker-identification tool is wanted by a security committee. It's not on the export list.").dual_use_listed is False


def test_a_release_note_that_removes_ethnicity_estimation() -> None:
    s = parse("MallSense v2: all ethnicity/age/gender estimation removed, no face templates. Overhead cameras only count people crossing a line.")
    assert not {"ethnicity_analytics", "biometric_categorisation"} & set(s.capabilities)


def test_pinging_phones_to_see_where_a_handset_is_is_interception() -> None:
    s = parse("The platform pings targets' phones invisibly through an operator's network so that analysts can see where a handset is at any moment.")
    assert "interception" in s.capabilities


def test_a_broker_named_in_the_third_person() -> None:
    text = (
        "Brokering quiz. Baltic Optronics Brokers OÜ negotiates, from its Tallinn office, a deal for 30 cooled thermal cameras made by an "
        "Israeli firm and shipped from Haifa straight to a police unit in Bangladesh."
    )
    assert parse(text).seller_role == "broker"


def test_cameras_aimed_at_a_minority_settlement_are_a_misuse() -> None:
    text = "The mayor told local TV the cameras are there to 'keep an eye on' the Roma settlement on the edge of town."
    assert parse(text).misuse_indicated is True


def test_an_export_licence_got_earlier_and_a_repair_visit() -> None:
    s = parse(
        "One of those dispensers has a jammed valve. Can our technician fly to Nairobi just to replace the valve and test it?",
        ["In 2023 we got an export authorisation under Regulation (EU) 2019/125 for the irritant dispensers we installed at a prison in Nairobi."],
    )
    assert (s.services_only, s.export_authorised) == (True, True)
    s = parse(
        "We got that licence and shipped last year. Now two technicians would go to Accra to repair 12 of those batons.",
        ["We're a Dutch distributor; the Ghana Police Service wants 30 electric batons along with cameras."],
    )
    assert (s.services_only, s.export_authorised, "law_enforcement_goods" in s.products) == (True, True, True)


def test_scoring_benefit_claimants_is_a_public_benefits_assessment() -> None:
    s = parse("A job centre in Lille wants our model to score benefit claimants for fraud risk and recommend which payments to cut.")
    assert (s.public_benefits_assessment, s.destinations) == (True, ["FR"])
    assert parse("A job centre in Lille wants our cameras for its entrance hall.").public_benefits_assessment is None


def test_misuse_of_goods_sold_years_ago_with_nothing_more_to_supply() -> None:
    text = "We sold 40 cameras to a police force in Minsk three years ago. An NGO now reports they are used to track protesters."
    s = parse(text + " What should we do?")
    assert (s.stage, s.past_sale_only) == ("misuse_discovered", True)
    assert parse(text + " They now want spare parts and a firmware update.").past_sale_only is None


def test_crowd_level_analytics_are_no_cyber_surveillance_item() -> None:
    assert parse("Our analytics count people and measure crowd density and queue length at a stadium in Riyadh.").cyber_surveillance_item is False
    assert parse("Our analytics measure crowd density and match faces at a stadium in Riyadh.").cyber_surveillance_item is None


def test_a_thermal_camera_that_works_only_in_its_car_is_not_listed() -> None:
    s = parse("We make a thermal driver-assist camera for passenger cars; it stops working if removed from the car. A carmaker in Seoul buys 5,000.")
    assert (s.dual_use_listed, s.destinations) == (False, ["KR"])
    assert parse("We make a thermal camera core. A carmaker in Seoul buys 5,000.").dual_use_listed is None


def test_goods_shipped_straight_from_a_third_country_factory_make_the_brand_a_broker() -> None:
    first = "We're a Cork-based brand. Our smart poles combine cameras with capture of nearby phones' Wi-Fi device IDs and are built by our contract factory in Haiphong, Vietnam. A city government abroad wants 500, "
    s = parse(first + "shipped straight from Haiphong. Do EU export rules apply?")
    assert (s.seller_role, s.destinations, s.company_country) == ("broker", [], "IE")
    assert parse(first + "shipped from our warehouse in Cork. Do EU export rules apply?").seller_role == "maker"


def test_a_follow_up_adding_phone_identifier_capture_undoes_the_crowd_only_reading() -> None:
    first = "Stockholm analytics firm: Riyadh Metro wants density heat maps and crowd counting on 2,400 cameras. Licence or due diligence?"
    assert parse(first).cyber_surveillance_item is False
    s = parse("They now also want our Wi-Fi module that silently collects phone identifiers through the station hotspots. Same answer?", [first])
    assert s.cyber_surveillance_item is None and "interception" in s.capabilities


def test_a_terminal_operator_is_a_transport_end_user_replacing_the_earlier_dealer() -> None:
    s = parse(
        "And if that same container were going on to a terminal operator in Salalah, Oman, for perimeter security, rather than to Tehran?",
        ["A container of thermal imaging cameras will sit in temporary storage in Rotterdam and then go to a security dealer in Tehran. Is that a problem?"],
    )
    assert (s.end_user_types, s.destinations) == (["transport"], ["OM"])
