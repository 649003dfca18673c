"""Controlled vocabularies for scenario facts and register triggers.

The scenario parser emits only these values and the register's `applies_when`
conditions may use only these values; a register test enforces it.
"""

from __future__ import annotations

PRODUCTS: dict[str, str] = {
    "fixed_camera": "fixed CCTV / IP camera",
    "ptz_camera": "pan-tilt-zoom camera",
    "anpr_camera": "number-plate recognition (ANPR/ALPR) camera",
    "thermal_camera": "thermal-imaging camera",
    "night_vision": "night-vision / image-intensifier equipment",
    "body_worn_camera": "body-worn camera",
    "vms": "video-management software",
    "video_analytics": "video-analytics software",
    "facial_recognition_software": "facial-recognition software",
    "cloud_video": "cloud video service",
    "camera_chips": "camera chips / modules for OEMs",
    "network_interception": "network interception or monitoring system, intrusion software or phone-extraction kit (control entries 5A001, 4A005/4D004, 5A004)",
    "drone": "camera drone",
    "torture_goods": "goods with no practical use other than torture, execution or cruel restraint (Annex II of Regulation 2019/125: body-worn shock belts, spiked batons, restraint chairs with shackles)",
    "riot_gear": "riot-control and protective equipment, firearms or ammunition (Annex III of Regulation 359/2011, items 1-5)",
    "handcuffs": "handcuffs (ordinary handcuffs are outside Regulation 2019/125's Annex III; modified or oversized ones are within item 1)",
    "law_enforcement_goods": "law-enforcement goods that could be used for torture (Annex III of Regulation 2019/125: shackles, stun guns and shock batons, spit hoods, pepper-spray dispensers)",
    "capital_punishment_goods": "products usable for execution by lethal injection (Annex IV of Regulation 2019/125: short and intermediate acting barbiturate anaesthetics such as pentobarbital and thiopental)",
}

CAPABILITIES: dict[str, str] = {
    "facial_recognition": "facial recognition",
    "thermal_imaging": "thermal imaging",
    "night_vision": "night vision / image intensification",
    "anpr": "number-plate recognition",
    "ethnicity_analytics": "ethnicity or other sensitive-trait analytics",
    "emotion_recognition": "emotion recognition",
    "biometric_categorisation": "biometric categorisation",
    "gait_recognition": "gait recognition",
    "crowd_analytics": "crowd analytics",
    "video_analytics": "video analytics",
    "remote_access": "remote access / updates by the seller",
    "cloud_storage": "cloud storage or processing",
    "audio_recording": "audio recording",
    "interception": "communications monitoring or interception",
    "covert": "covert surveillance of people (hidden devices; tracking their phones, online accounts or communications data without their knowledge)",
    "face_scraping": "untargeted scraping of facial images (internet or CCTV) to build a face database",
    "remote_biometric_identification": "real-time remote biometric identification of people in publicly accessible spaces",
    "social_scoring": "scoring or ranking people by their social behaviour or traits, with the score used against them",
    "crime_prediction": "predicting whether an individual will commit an offence from a profile or personality traits",
}

END_USER_TYPES: dict[str, str] = {
    "police": "police / law enforcement",
    "security_service": "intelligence or security service",
    "military": "military / IRGC / Basij",
    "government": "other government body",
    "prison": "prison authority",
    "municipality": "municipality / city",
    "transport": "public transport operator",
    "university": "university",
    "commercial": "commercial site (mall, retail, office)",
    "telecom": "telecom operator",
    "private": "private person or company",
    "intermediary": "distributor, reseller or integrator (end user unknown)",
    "school": "school or other education institution",
    "employer": "employer monitoring its own workers (workplace)",
}

SELLER_ROLES: dict[str, str] = {
    "maker": "manufacturer",
    "distributor": "distributor / reseller",
    "integrator": "system integrator / installer",
    "investor": "investor / financier",
    "service_provider": "service, maintenance or cloud provider",
    "component_supplier": "component supplier to an OEM",
    "broker": "broker arranging a sale between third countries (the goods do not pass through the EU)",
}

STAGES: dict[str, str] = {
    "pre_contract": "before the contract (enquiry, tender, negotiation)",
    "contracting": "contracting",
    "delivery": "shipment and installation",
    "after_sale": "after the sale (servicing, updates, remote access)",
    "misuse_discovered": "misuse discovered or alleged",
    "investment": "investment or financing decision",
}

# What a payment touching a listed party's frozen funds is for, where Reg. 359/2011 has a derogation (Scenario.freeze_derogation)
FREEZE_DEROGATIONS: dict[str, str] = {
    "basic_needs": "basic needs of the listed person or dependants (Art 4(1)(a))",
    "legal_fees": "reasonable legal fees and expenses (Art 4(1)(b))",
    "account_fees": "fees for holding or maintaining the frozen funds (Art 4(1)(c))",
    "prior_judgment": "a judgment, award or lien from before the listing (Art 5(1))",
    "humanitarian": "exclusively humanitarian purposes in Iran (Art 7a(2))",
    "humanitarian_partner": "funds from the Union's pillar-assessed humanitarian partners (Art 7a(1))",
}

CONDITION_KEYS: frozenset[str] = frozenset(
    {
        "always",
        "destinations_any",
        "transit_any",
        "destination_or_transit_any",
        "products_any",
        "capabilities_any",
        "end_user_types_any",
        "seller_roles_any",
        "stages_any",
        "listed_party",
        "company_in_eu",
        "exports_outside_eu",
        "destination_in_eu",
        "misuse_indicated",
        "misuse_intended",
        "border_control",
        "education_assessment",
        "public_benefits_assessment",
        "worker_evaluation",
        "listed_entity",
        "authority_informed",
        "dual_use_listed",
        "purpose_outside_rbi_exceptions",
        "purpose_within_rbi_exceptions",
        "eu_protective_use",
        "museum_display",
        "standard_cryptography",
        "national_control_list",
        "telecom_items",
        "annex_iv_listed",
        "export_authorised",
        "prior_contract_payment",
        "freeze_derogation_any",
        "intra_group_technology",
        "transit_only",
        "advertising",
        "member_state_operation",
        "military_incorporation",
        "temporary_exhibition",
        "sold_at_exhibition",
        "bare_detector",
        "free_zone",
        "imports_into_eu",
        "wmd_end_use",
        "return_after_repair",
        "prior_diversion",
        "third_party_payment",
        "services_only",
        "destinations_none",
    }
)

EU_CODES: frozenset[str] = frozenset(["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"])
