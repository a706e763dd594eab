//! Every date and every municipality gets advice, marked for what it is: rules beyond their checked
//! period, a year whose amounts are not yet known, or only the national frame. Case systems can
//! ask for strict dates instead.

mod common;

use toegang::advice::{Cost, Coverage, NoticeCode, Route, ValidityStatus};
use toegang::{Advice, AdviseOptions, Registry, Situation};

fn registry() -> Registry {
    Registry::bundled().expect("bundled rule sets compile")
}

fn on(date: &str, age: u8, needs: &str) -> Situation {
    common::situation(&format!(
        r#"{{"reference_date":"{date}","age":{age},"needs":[{needs}]}}"#
    ))
}

fn notices(advice: &Advice) -> Vec<NoticeCode> {
    advice.notices.iter().map(|n| n.code).collect()
}

const STRICT: AdviseOptions = AdviseOptions { strict_dates: true };

#[test]
fn after_the_checked_period_the_latest_rules_answer_marked_with_a_notice() {
    let registry = registry();
    let before = registry
        .advise("hardenberg", &on("2026-12-31", 80, r#""household_tasks""#))
        .unwrap();
    let after = registry
        .advise("hardenberg", &on("2027-01-04", 80, r#""household_tasks""#))
        .unwrap();
    assert_eq!(before.validity.status, ValidityStatus::WithinCheckedPeriod);
    // Household help in Hardenberg is open access: the only notice is that a decision may
    // still be asked for.
    assert_eq!(notices(&before), [NoticeCode::MayStillApply]);
    assert_eq!(after.validity.status, ValidityStatus::BeyondCheckedPeriod);
    assert_eq!(
        after.validity.checked_until.unwrap().to_string(),
        "2026-12-31"
    );
    assert_eq!(after.validity.checked_on.unwrap().to_string(), "2026-11-01");
    assert_eq!(
        notices(&after),
        [NoticeCode::BeyondCheckedPeriod, NoticeCode::MayStillApply]
    );
    let notice = &after.notices[0].text;
    assert!(notice.nl.contains("31 december 2026"), "{}", notice.nl);
    assert!(notice.nl.contains("Vraag uw gemeente"), "{}", notice.nl);
    assert!(notice.en.contains("31 December 2026"), "{}", notice.en);
    // The same rules answered: Hardenberg's open-access household help.
    assert_eq!(after.rule_set, before.rule_set);
    assert_eq!(after.provisions[0].route, Route::OpenAccess);
}

#[test]
fn strict_dates_refuse_a_date_outside_every_version() {
    let registry = registry();
    let situation = on("2027-01-04", 80, r#""household_tasks""#);
    let error = registry
        .advise_with_options("hardenberg", &situation, STRICT)
        .unwrap_err();
    assert_eq!(error.code(), "not_valid_on_date");
    assert!(
        error.to_string().contains("2025-01-01 to 2026-12-31"),
        "{error}"
    );
    // Within the period, strict and lenient agree.
    let inside = on("2026-06-01", 80, r#""household_tasks""#);
    assert_eq!(
        registry
            .advise_with_options("hardenberg", &inside, STRICT)
            .unwrap(),
        registry.advise("hardenberg", &inside).unwrap()
    );
}

/// The Wmo subscription rate: 2026's amount on 31 December, and on 1 January 2027 the fact that
/// 2027's amount is not yet known, with 2026's shown as 2026's.
#[test]
fn each_year_gets_its_own_subscription_rate_and_an_unknown_one_is_said_to_be_unknown() {
    let registry = registry();
    let cost = |date: &str| {
        let advice = registry
            .advise("lansingerland", &on(date, 80, r#""household_tasks""#))
            .unwrap();
        let p = &advice.provisions[0];
        assert_eq!(p.provision, "huishoudelijke_hulp");
        assert_eq!(p.route, Route::DecisionRequired);
        (p.cost.clone(), advice)
    };
    let (cost_2026, advice_2026) = cost("2026-12-31");
    match cost_2026 {
        Cost::SubscriptionRate {
            amount_cents, year, ..
        } => assert_eq!((amount_cents, year), (2180, 2026)),
        other => panic!("2026: {other:?}"),
    }
    assert!(!notices(&advice_2026).contains(&NoticeCode::AmountNotYetKnown));

    let (cost_2027, advice_2027) = cost("2027-01-01");
    match cost_2027 {
        Cost::SubscriptionRateNotYetKnown { year, last_known } => {
            assert_eq!(year, 2027);
            let known = last_known.expect("2026 is known");
            assert_eq!((known.year, known.amount_cents), (2026, 2180));
        }
        other => panic!("2027: {other:?}"),
    }
    let notice = advice_2027
        .notices
        .iter()
        .find(|n| n.code == NoticeCode::AmountNotYetKnown)
        .expect("a notice about the unknown amount");
    assert!(
        notice.text.nl.contains("voor 2027 is nog niet bekend"),
        "{}",
        notice.text.nl
    );
    assert!(
        notice.text.nl.contains("In 2026 was het € 21,80 per maand"),
        "{}",
        notice.text.nl
    );
}

#[test]
fn before_a_municipality_s_first_version_the_national_frame_answers_and_says_why() {
    let registry = registry();
    // Tilburg's rules start on 2026-01-01.
    let advice = registry
        .advise("tilburg", &on("2025-06-01", 80, r#""household_tasks""#))
        .unwrap();
    assert_eq!(advice.coverage, Coverage::NationalFrame);
    assert_eq!(advice.municipality.cbs_code, "GM0855");
    assert_eq!(
        notices(&advice),
        [NoticeCode::BeforeFirstVersion, NoticeCode::NationalFrame]
    );
    assert!(advice.notices[0].text.nl.contains("vanaf 1 januari 2026"));
    // Said once: the first notice already says the national frame answers.
    assert!(advice.notices[0]
        .text
        .nl
        .contains("ziet u alleen wat in heel Nederland geldt"));
    assert!(!advice.notices[1]
        .text
        .nl
        .contains("in heel Nederland geldt"));
    assert!(advice.provisions.is_empty(), "no local fact is guessed");
    let error = registry
        .advise_with_options(
            "tilburg",
            &on("2025-06-01", 80, r#""household_tasks""#),
            STRICT,
        )
        .unwrap_err();
    assert_eq!(error.code(), "not_valid_on_date");
}

#[test]
fn before_the_national_frame_itself_there_is_no_advice() {
    let error = registry()
        .advise("hardenberg", &on("2018-06-01", 80, r#""household_tasks""#))
        .unwrap_err();
    assert_eq!(error.code(), "not_valid_on_date");
    assert!(error.to_string().contains("baseline"), "{error}");
}

#[test]
fn a_municipality_is_named_by_id_cbs_code_or_name() {
    let registry = registry();
    let situation = on("2026-06-01", 80, r#""household_tasks""#);
    let by_id = registry.advise("hardenberg", &situation).unwrap();
    for name in ["GM0160", "gm0160", "0160", "Hardenberg", "HARDENBERG"] {
        assert_eq!(registry.advise(name, &situation).unwrap(), by_id, "{name}");
    }
    let den_haag = registry.advise("'s-Gravenhage", &situation).unwrap();
    assert_eq!(den_haag.municipality.id, "den_haag");
    assert_eq!(den_haag.municipality.name, "Den Haag");
}

#[test]
fn a_municipality_without_rules_gets_the_national_frame_and_no_invented_local_fact() {
    let registry = registry();
    let advice = registry
        .advise(
            "zwolle",
            &on("2026-06-01", 80, r#""household_tasks","personal_care""#),
        )
        .unwrap();
    assert_eq!(advice.coverage, Coverage::NationalFrame);
    assert_eq!(
        (
            advice.municipality.name.as_str(),
            advice.municipality.cbs_code.as_str()
        ),
        ("Zwolle", "GM0193")
    );
    assert_eq!(advice.municipality.province.as_deref(), Some("Overijssel"));
    assert_eq!(notices(&advice), [NoticeCode::NationalFrame]);
    let frame = &advice.notices[0].text.nl;
    // In short paragraphs, a blank line apart: what the resident sees, their rights, whom to ask.
    let paragraphs: Vec<&str> = frame.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 3, "{frame}");
    assert!(paragraphs[0].starts_with("De eigen regels van Zwolle staan nog niet"));
    assert!(paragraphs[1].starts_with("U mag uw vraag altijd melden"));
    assert!(paragraphs[2].contains("www.zwolle.nl"));
    assert_eq!(advice.notices[0].text.en.split("\n\n").count(), 3);
    for fact in [
        "binnen 6 weken",
        "cliëntondersteuner",
        "persoonsgebonden budget",
        "Wmo-loket",
    ] {
        assert!(
            frame.contains(fact),
            "the national frame names `{fact}`: {frame}"
        );
    }
    // What the law decides holds everywhere: personal care goes to the health insurer.
    assert_eq!(advice.provisions.len(), 1);
    assert_eq!(advice.provisions[0].provision, "persoonlijke_verzorging");
    assert_eq!(advice.provisions[0].route, Route::Elsewhere);
    // Household help: the municipality decides; toegang does not guess open access or a decision.
    assert_eq!(advice.unmet_needs.len(), 1);
    assert!(advice.unmet_needs[0]
        .text
        .nl
        .contains("Uw gemeente bepaalt zelf"));
    assert!(advice.client_support.free);
    assert_eq!(
        registry
            .advise(
                "GM0193",
                &on("2026-06-01", 80, r#""household_tasks","personal_care""#)
            )
            .unwrap(),
        advice
    );
}

#[test]
fn an_unknown_municipality_names_close_matches() {
    let error = registry()
        .advise("Zwole", &on("2026-06-01", 80, r#""household_tasks""#))
        .unwrap_err();
    assert_eq!(error.code(), "unknown_municipality");
    assert!(error.to_string().contains("did you mean zwolle"), "{error}");
    let error = registry()
        .advise("Atlantis", &on("2026-06-01", 80, r#""household_tasks""#))
        .unwrap_err();
    assert!(
        error.to_string().contains("toegang municipalities"),
        "{error}"
    );
}

#[test]
fn residents_find_their_municipality_by_name_place_or_code() {
    let registry = registry();
    let first = |query: &str| {
        registry
            .search(query, 5)
            .into_iter()
            .next()
            .map(|hit| (hit.municipality.id, hit.place))
    };
    assert_eq!(
        first("Gramsbergen"),
        Some(("hardenberg".into(), Some("Gramsbergen".into())))
    );
    assert_eq!(first("zwolle"), Some(("zwolle".into(), None)));
    assert_eq!(first("Den Haag"), Some(("den_haag".into(), None)));
    assert_eq!(first("GM1621"), Some(("lansingerland".into(), None)));
    assert_eq!(first("Qwxyz"), None);
    assert!(registry.search("", 5).is_empty());
    // The everyday name of 's-Hertogenbosch.
    assert_eq!(first("Den Bosch"), Some(("s_hertogenbosch".into(), None)));
}

/// Written from `rules/mergers.toml`'s sources: Heerhugowaard and Langedijk became Dijk en Waard
/// on 1 January 2022 (CBS, December 2021); Haaren was split over Boxtel, Oisterwijk, Tilburg and
/// Vught on 1 January 2021; Weesp joined Amsterdam on 24 March 2022.
#[test]
fn a_former_municipality_leads_to_the_one_it_became_part_of_with_the_day_it_changed() {
    let registry = registry();
    let hits = |query: &str| -> Vec<(String, Option<String>, Option<String>)> {
        let found = registry.search(query, 8).into_iter();
        found
            .map(|h| {
                (
                    h.municipality.id,
                    h.place,
                    h.former_since.map(|d| d.to_string()),
                )
            })
            .collect()
    };
    let langedijk = hits("Langedijk");
    assert_eq!(
        langedijk.first(),
        Some(&(
            "dijk_en_waard".into(),
            Some("Langedijk".into()),
            Some("2022-01-01".into())
        ))
    );
    // Heerhugowaard is a place too: it is still found, now with the merger's day.
    assert_eq!(hits("Heerhugowaard")[0].2.as_deref(), Some("2022-01-01"));
    assert_eq!(
        hits("Weesp")[0],
        (
            "amsterdam".into(),
            Some("Weesp".into()),
            Some("2022-03-24".into())
        )
    );
    // The village Haaren is a place in Oisterwijk: that comes first, then the rest of the former
    // municipality's share-out.
    let haaren: Vec<String> = hits("Haaren")
        .into_iter()
        .filter(|h| h.2.is_some())
        .map(|h| h.0)
        .collect();
    assert_eq!(haaren, ["oisterwijk", "boxtel", "tilburg", "vught"]);
    // A place that never was a municipality carries no merger day.
    assert_eq!(hits("Gramsbergen")[0].2, None);
    // The table as the browser reads it keeps them.
    let table = toegang::municipalities::MunicipalityTable::bundled().unwrap();
    let read = toegang::municipalities::MunicipalityTable::from_tsv(&table.to_tsv()).unwrap();
    let dijk_en_waard = read
        .municipalities
        .iter()
        .find(|m| m.code == "GM1980")
        .unwrap();
    let names: Vec<&str> = dijk_en_waard
        .formerly
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["Heerhugowaard", "Langedijk"]);
}

#[test]
fn a_search_that_finds_nothing_suggests_the_closest_names() {
    let registry = registry();
    let suggested = |query: &str| -> Vec<String> {
        let hits = registry.suggest(query).into_iter();
        hits.map(|hit| hit.municipality.id).collect()
    };
    assert!(registry.search("zwole", 5).is_empty());
    assert_eq!(
        suggested("zwole").first().map(String::as_str),
        Some("zwolle")
    );
    assert_eq!(
        suggested("Hardenbreg").first().map(String::as_str),
        Some("hardenberg")
    );
    assert!(suggested("Xyzzydorp").is_empty());
    assert!(suggested(&"a".repeat(500)).is_empty());
}

#[test]
fn every_bundled_rule_set_says_when_it_was_last_checked() {
    for summary in registry().summaries() {
        let checked = summary
            .checked_on
            .unwrap_or_else(|| panic!("{} has no checked_on", summary.id));
        assert!(checked >= summary.valid_from || summary.id == "baseline");
    }
}

#[test]
fn a_comparison_takes_any_municipality_and_a_missing_one_is_the_national_frame() {
    let registry = registry();
    let population = toegang::compare::population::Population::new(200, 1);
    let report = toegang::compare::compare(
        &registry,
        &["GM0160".to_string(), "Zwolle".to_string()],
        population.size,
        &|i| population.situation(i),
        &|_| std::ops::ControlFlow::Continue(()),
    )
    .unwrap();
    assert_eq!(report.municipalities, ["hardenberg", "zwolle"]);
    assert_eq!(
        report.errors,
        [0, 0],
        "every situation was advised on in both"
    );
}

/// The bundled rule sets plus Hardenberg's script under other metadata, as a folder of its own.
fn with_hardenberg_as(metadata: &str) -> toegang::Result<Registry> {
    let mut sources = toegang::registry::bundled_sources()?;
    let hardenberg = sources
        .iter()
        .find(|s| s.dir.ends_with("hardenberg"))
        .unwrap()
        .clone();
    sources.push(toegang::RuleSetSource {
        dir: "rules/extra".into(),
        metadata: metadata.into(),
        ..hardenberg
    });
    Registry::from_sources(sources)
}

#[test]
fn versions_of_one_municipality_may_not_overlap_nor_two_ids_share_a_code() {
    let with = |metadata: &str| {
        with_hardenberg_as(metadata)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let hardenberg = std::fs::read_to_string("rules/hardenberg/ruleset.toml").unwrap();
    let overlapping = hardenberg
        .replace("valid_from = \"2025-01-01\"", "valid_from = \"2026-06-01\"")
        .replace("valid_to = \"2026-12-31\"", "valid_to = \"2027-12-31\"");
    let error = with(&overlapping);
    assert!(
        error.contains("overlaps `hardenberg` of 2025-01-01 to 2026-12-31"),
        "{error}"
    );
    let other_id = hardenberg.replace("id = \"hardenberg\"", "id = \"gramsbergen\"");
    let error = with(&other_id);
    assert!(
        error.contains("cbs_code GM0160 is already the code of"),
        "{error}"
    );
    // A next version that starts after the last one is fine.
    let next = hardenberg
        .replace("valid_from = \"2025-01-01\"", "valid_from = \"2027-01-01\"")
        .replace("valid_to = \"2026-12-31\"", "valid_to = \"2027-12-31\"");
    let registry = with_hardenberg_as(&next).unwrap();
    let advice = registry
        .advise("hardenberg", &on("2027-03-01", 80, r#""household_tasks""#))
        .unwrap();
    assert_eq!(advice.validity.status, ValidityStatus::WithinCheckedPeriod);
    assert_eq!(advice.rule_set.valid_from.to_string(), "2027-01-01");
}

/// The baseline's table of the Wmo subscription rate, year by year, as the advice shows it. The
/// amounts are the published ones (sources in rules/baseline/ruleset.toml); 2027 is not yet known.
#[test]
fn the_subscription_rate_of_every_year() {
    let script = r#"decision_required("huishoudelijke_hulp").via("loket");"#;
    // Testdorp, valid over every year of the table.
    let mut source = common::source(script);
    source.metadata = source
        .metadata
        .replace("valid_from = \"2025-01-01\"", "valid_from = \"2019-01-01\"")
        .replace("valid_to = \"2026-12-31\"", "");
    let rule_set = toegang::CompiledRuleSet::compile(source).unwrap();
    let registry = toegang::Registry::bundled().unwrap();
    let rates = [
        ("2019-06-01", Some((1750, "four_weeks"))),
        ("2020-06-01", Some((1900, "month"))),
        ("2023-06-01", Some((1900, "month"))),
        ("2024-06-01", Some((2060, "month"))),
        ("2025-06-01", Some((2100, "month"))),
        ("2026-06-01", Some((2180, "month"))),
        ("2027-06-01", None),
    ];
    for (date, expected) in rates {
        let situation = toegang::Situation::from_json(&format!(
            r#"{{"reference_date":"{date}","age":80,"needs":["household_tasks"]}}"#
        ))
        .unwrap();
        let advice =
            toegang::registry::advise_with(&rule_set, registry.baseline(), &situation).unwrap();
        let cost = serde_json::to_value(&advice.provisions[0].cost).unwrap();
        match expected {
            Some((cents, period)) => {
                assert_eq!(cost["kind"], "subscription_rate", "{date}: {cost}");
                assert_eq!(cost["amount_cents"], cents, "{date}");
                assert_eq!(cost["period"], period, "{date}");
            }
            None => assert_eq!(
                cost["kind"], "subscription_rate_not_yet_known",
                "{date}: {cost}"
            ),
        }
    }
}

/// Two provisions at the subscription rate: the advice says the household pays it once, so two
/// cards showing € 21,80 do not read as € 43,60.
#[test]
fn the_subscription_rate_is_paid_once_per_household() {
    let registry = toegang::Registry::bundled().unwrap();
    let advise = |needs: &str| {
        let situation = toegang::Situation::from_json(&format!(
            r#"{{"reference_date":"2026-03-01","age":80,"mobility":"walks_with_difficulty","needs":[{needs}]}}"#
        ))
        .unwrap();
        let advice = registry.advise("westerveld", &situation).unwrap();
        serde_json::to_value(&advice.notices).unwrap()
    };
    let two = advise(r#""household_tasks","getting_around_outdoors""#);
    let once: Vec<_> = two
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "subscription_rate_once_per_household")
        .collect();
    assert_eq!(once.len(), 1, "{two}");
    assert!(once[0]["text"]["nl"]
        .as_str()
        .unwrap()
        .contains("één keer per huishouden"));
    assert!(once[0]["text"]["nl"]
        .as_str()
        .unwrap()
        .contains("€ 21,80 per maand"));
    let one = advise(r#""household_tasks""#);
    assert!(
        !one.to_string()
            .contains("subscription_rate_once_per_household"),
        "{one}"
    );
}
