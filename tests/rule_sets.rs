//! The bundled rule sets: they compile, their own cases pass, and the national frame in the
//! baseline holds for every municipality.

mod common;
use common::advise;
use toegang::advice::Cost;
use toegang::ruleset::RuleSetSource;
use toegang::{authoring::cases, Registry};

#[test]
fn every_bundled_case_passes() {
    let registry = Registry::bundled().unwrap();
    let mut count = 0;
    for rule_set in registry.rule_sets() {
        for result in cases::run(rule_set, registry.baseline()).unwrap() {
            assert!(
                result.passed(),
                "{} :: {}: {:?}",
                result.rule_set,
                result.case,
                result.failures
            );
            count += 1;
        }
    }
    assert!(count >= 12);
}

#[test]
fn every_municipality_has_at_least_eight_cases() {
    for summary in Registry::bundled().unwrap().summaries() {
        if summary.cbs_code.is_some() {
            assert!(
                summary.cases >= 8,
                "{} has {} cases",
                summary.id,
                summary.cases
            );
        }
    }
}

const HOUSEHOLD_HELP: &str = "decision_required(\"huishoudelijke_hulp\").via(\"loket\");";

fn subscription(date: &str) -> (u32, toegang::advice::Period) {
    let json = format!(r#"{{"reference_date":"{date}","age":80,"needs":["household_tasks"]}}"#);
    match advise(HOUSEHOLD_HELP, &json).unwrap().provisions[0].cost {
        Cost::SubscriptionRate {
            amount_cents,
            period,
            ..
        } => (amount_cents, period),
        ref other => panic!("expected the subscription rate, got {other:?}"),
    }
}

#[test]
fn the_subscription_rate_comes_from_the_baseline_table_by_date() {
    use toegang::advice::Period::Month;
    assert_eq!(subscription("2025-06-01"), (2100, Month));
    assert_eq!(subscription("2026-06-01"), (2180, Month));
}

#[test]
fn couples_below_aow_age_pay_nothing_but_couples_above_it_do() {
    let young = r#"{"reference_date":"2026-03-01","age":70,"household":"with_partner","partner_age":60,"needs":["household_tasks"]}"#;
    let old = r#"{"reference_date":"2026-03-01","age":70,"household":"with_partner","partner_age":71,"needs":["household_tasks"]}"#;
    assert_eq!(
        advise(HOUSEHOLD_HELP, young).unwrap().provisions[0].cost,
        Cost::None
    );
    assert!(matches!(
        advise(HOUSEHOLD_HELP, old).unwrap().provisions[0].cost,
        Cost::SubscriptionRate { .. }
    ));
}

#[test]
fn the_baseline_has_the_last_word_on_wlz() {
    let wlz = r#"{"reference_date":"2026-03-01","age":80,"wlz_indication":true,"needs":["household_tasks"]}"#;
    let p = &advise(HOUSEHOLD_HELP, wlz).unwrap().provisions[0];
    assert_eq!(p.route, toegang::Route::Elsewhere);
    assert_eq!(p.reasons.last().unwrap().rule, "wlz-gaat-voor");
    assert!(p
        .reasons
        .last()
        .unwrap()
        .source
        .starts_with("rules/baseline/rules.rhai:"));
}

#[test]
fn only_provisions_for_asked_needs_are_shown_and_unmet_needs_are_named() {
    let script = "open_access(\"ontmoeting\").via(\"loket\"); decision_required(\"rolstoel\").via(\"loket\");";
    let json = r#"{"reference_date":"2026-03-01","age":80,"needs":["loneliness","meals"]}"#;
    let advice = advise(script, json).unwrap();
    let ids: Vec<_> = advice
        .provisions
        .iter()
        .map(|p| p.provision.as_str())
        .collect();
    assert_eq!(ids, ["ontmoeting"]);
    assert_eq!(advice.unmet_needs.len(), 1);
    assert_eq!(advice.unmet_needs[0].need, toegang::catalogue::Need::Meals);
}

#[test]
fn a_later_decision_for_the_same_provision_replaces_the_earlier_one() {
    let script = "open_access(\"ontmoeting\").via(\"loket\"); not_offered(\"ontmoeting\");";
    let json = r#"{"reference_date":"2026-03-01","age":80,"needs":["loneliness"]}"#;
    let advice = advise(script, json).unwrap();
    assert_eq!(advice.provisions.len(), 1);
    assert_eq!(advice.provisions[0].route, toegang::Route::NotOffered);
}

/// The postcode differences the comparison will surface: the same resident, a different route,
/// and on both sides a rule that cites where it comes from.
fn route_in(municipality: &str, situation: &str, provision: &str) -> (toegang::Route, Vec<String>) {
    let registry = Registry::bundled().unwrap();
    let advice = registry
        .advise(municipality, &common::situation(situation))
        .unwrap();
    let p = advice
        .provisions
        .iter()
        .find(|p| p.provision == provision)
        .unwrap_or_else(|| panic!("{provision} in {municipality}"));
    (
        p.route,
        p.legal_basis.iter().map(|b| b.citation.clone()).collect(),
    )
}

fn differs(
    provision: &str,
    situation: &str,
    (a, a_route): (&str, toegang::Route),
    (b, b_route): (&str, toegang::Route),
) {
    let (ra, basis_a) = route_in(a, situation, provision);
    let (rb, basis_b) = route_in(b, situation, provision);
    assert_eq!((ra, rb), (a_route, b_route), "{provision}: {a} vs {b}");
    assert!(
        basis_a.iter().any(|c| c.contains("bron:")),
        "{a} cites a source for {provision}: {basis_a:?}"
    );
    assert!(
        basis_b
            .iter()
            .any(|c| c.contains("bron:") || c.contains("CRvB")),
        "{b} cites a source for {provision}: {basis_b:?}"
    );
}

#[test]
fn household_help_is_open_access_in_hardenberg_but_needs_a_decision_in_tilburg() {
    use toegang::Route::*;
    let older = r#"{"reference_date":"2026-03-01","age":80,"needs":["household_tasks"]}"#;
    differs(
        "huishoudelijke_hulp",
        older,
        ("hardenberg", OpenAccess),
        ("tilburg", DecisionRequired),
    );
}

#[test]
fn specialist_youth_help_is_open_access_through_hendig_but_needs_a_decision_in_lansingerland() {
    use toegang::Route::*;
    let family = r#"{"reference_date":"2026-03-01","age":45,"household":"family","partner_age":46,"children":[{"age":15}],"needs":["youth_help"]}"#;
    differs(
        "jeugdhulp_specialistisch",
        family,
        ("peel_en_maas", OpenAccess),
        ("lansingerland", DecisionRequired),
    );
}

#[test]
fn day_activities_are_open_access_in_eindhoven_but_need_a_decision_in_westerveld() {
    use toegang::Route::*;
    let adult = r#"{"reference_date":"2026-03-01","age":45,"needs":["daytime_activities"]}"#;
    differs(
        "dagbesteding",
        adult,
        ("eindhoven", OpenAccess),
        ("westerveld", DecisionRequired),
    );
}

#[test]
fn every_provision_in_every_case_names_its_legal_basis_and_a_reason() {
    let registry = Registry::bundled().unwrap();
    for rule_set in registry.rule_sets() {
        for (name, situation) in cases::situations(rule_set.source()).unwrap() {
            let advice =
                toegang::registry::advise_with(rule_set, registry.baseline(), &situation).unwrap();
            for p in &advice.provisions {
                assert!(
                    !p.legal_basis.is_empty(),
                    "{} :: {name}: {} has no legal basis",
                    rule_set.id(),
                    p.provision
                );
                assert!(
                    !p.reasons.is_empty(),
                    "{} :: {name}: {} has no reason",
                    rule_set.id(),
                    p.provision
                );
            }
        }
    }
}

/// Rules for provisions that serve no asked need are skipped, but never silently wrong.
const ASKS_MEALS: &str = r#"{"reference_date":"2026-03-01","age":80,"needs":["meals"]}"#;

#[test]
fn amending_a_provision_nobody_asked_about_is_not_an_error() {
    let script =
        "decision_required(\"rolstoel\").via(\"loket\"); amend(\"rolstoel\").free_sessions(2);";
    let advice = advise(script, ASKS_MEALS).unwrap();
    assert!(advice.provisions.is_empty());
}

#[test]
fn decided_and_decisions_only_see_provisions_that_serve_an_asked_need() {
    let script = "decision_required(\"rolstoel\").via(\"loket\"); \
                  if decided(\"rolstoel\") || decisions().len() > 0 { open_access(\"maaltijdvoorziening\").via(\"loket\"); }";
    assert!(advise(script, ASKS_MEALS).unwrap().provisions.is_empty());
}

#[test]
fn a_bad_argument_fails_even_for_a_provision_nobody_asked_about() {
    let script = "let party = \"lok\" + \"et_west\"; decision_required(\"rolstoel\").via(party);";
    let e = advise(script, ASKS_MEALS).unwrap_err();
    assert!(
        e.to_string().contains("unknown access party `loket_west`"),
        "{e}"
    );
    let e = advise(
        "decision_required(\"rolstoel\").free_sessions(-1);",
        ASKS_MEALS,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("free_sessions must be 0 or more"),
        "{e}"
    );
}

/// The audit trail: every advice names the exact rules that gave it.
#[test]
fn every_advice_carries_the_hashes_of_its_rule_sets_and_the_engine_version() {
    let registry = Registry::bundled().unwrap();
    let situation = common::situation(common::OLDER_PERSON);
    let advice = registry.advise("lansingerland", &situation).unwrap();
    let lansingerland = registry
        .find("lansingerland", situation.reference_date)
        .unwrap();
    assert_eq!(advice.rule_set.hash, lansingerland.hash());
    assert_eq!(advice.baseline.hash, registry.baseline().hash());
    assert_eq!(advice.engine_version, env!("CARGO_PKG_VERSION"));
    assert!(advice.rule_set.hash.starts_with("sha256:") && advice.rule_set.hash.len() == 7 + 64);
}

/// The engine embeds the folders and loads the municipal ones as published files: every rule
/// set it runs must still be named by the hash of the folder's files on disk.
#[test]
fn every_embedded_rule_set_is_named_by_the_hash_of_its_folder_on_disk() {
    let registry = Registry::bundled().unwrap();
    let folders = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| e.unwrap().path());
    let folders: Vec<_> = folders
        .filter(|p| p.join("ruleset.toml").is_file())
        .collect();
    assert_eq!(registry.rule_sets().count(), folders.len());
    for folder in folders {
        let on_disk = RuleSetSource::read_dir(&folder).unwrap();
        let loaded = registry
            .rule_sets()
            .find(|r| r.source().dir == on_disk.dir)
            .unwrap_or_else(|| panic!("{} is not in the engine", on_disk.dir));
        assert_eq!(loaded.hash(), on_disk.hash(), "{}", on_disk.dir);
        assert_eq!(
            loaded.source().case_count(),
            on_disk.case_count(),
            "{}",
            on_disk.dir
        );
    }
}

#[test]
fn changing_one_character_of_a_script_changes_the_hash() {
    let a = common::compile("open_access(\"ontmoeting\").via(\"loket\");").unwrap();
    let b = common::compile("open_access(\"ontmoeting\").via(\"loket\"); ").unwrap();
    assert_ne!(a.hash(), b.hash());
}

/// A personal budget comes with its law's conditions: Wmo 2015 art. 2.3.6, or Jeugdwet art.
/// 8.1.1, whose second condition is stricter (the help in kind must not fit).
#[test]
fn every_decision_that_allows_a_pgb_states_the_three_conditions_of_its_law() {
    let (mut wmo, mut jeugdwet) = (0, 0);
    for_every_case(|_, name, advice| {
        for p in &advice.provisions {
            let conditions = p.decision.as_ref().and_then(|d| d.pgb.as_ref());
            match (p.pgb_possible, conditions) {
                (true, Some(pgb)) => {
                    assert_eq!(pgb.conditions.len(), 3, "{name}: {}", p.provision);
                    assert!(pgb.may_refuse.nl.contains("weigeren"));
                    match p.law.id() {
                        "wmo_2015" => {
                            wmo += 1;
                            assert!(pgb.basis.contains("2.3.6"), "{name}: {}", pgb.basis);
                        }
                        "jeugdwet" => {
                            jeugdwet += 1;
                            assert!(pgb.basis.contains("8.1.1"), "{name}: {}", pgb.basis);
                            assert!(pgb.conditions[1].nl.contains("niet past"));
                        }
                        other => panic!("{name}: PGB conditions under {other}"),
                    }
                }
                (false, Some(_)) => {
                    panic!("{name}: {} shows PGB conditions without a PGB", p.provision)
                }
                (true, None) => assert!(
                    p.decision.is_none() || !matches!(p.law.id(), "wmo_2015" | "jeugdwet"),
                    "{name}: {} allows a PGB without its law's conditions",
                    p.provision
                ),
                (false, None) => {}
            }
        }
    });
    assert!(wmo > 20, "{wmo} Wmo decisions with a PGB");
    assert!(jeugdwet >= 5, "{jeugdwet} Jeugdwet decisions with a PGB");
}

/// Every card says what to do first, in both languages, and a card with a door names it there: a
/// resident should not have to open "Waarom?" to learn whom to call.
#[test]
fn every_card_says_what_to_do_next_and_names_its_door() {
    let mut named = 0;
    for_every_case(|_, name, advice| {
        for p in &advice.provisions {
            let step = &p.next_step;
            assert!(
                !step.nl.is_empty() && !step.en.is_empty(),
                "{name}: {}",
                p.provision
            );
            if let (Some(door), toegang::Route::OpenAccess | toegang::Route::DecisionRequired) =
                (&p.access, p.route)
            {
                let door = door.name.split(" (").next().unwrap();
                assert!(
                    step.nl.contains(door),
                    "{name}: {} says {}",
                    p.provision,
                    step.nl
                );
                assert!(
                    step.en.contains(door),
                    "{name}: {} says {}",
                    p.provision,
                    step.en
                );
                named += 1;
            }
            if p.route == toegang::Route::NotOffered {
                assert!(
                    step.nl.contains("zelf regelen"),
                    "{name}: a way on, not a dead end"
                );
            }
        }
    });
    assert!(named > 50, "{named} cards name their door");
}

/// A citation's `(bron: id, id)` names sources of the rule set or the national frame; each is
/// given with its title and address, and a misspelt id is caught here rather than dropped.
#[test]
fn every_source_a_citation_names_exists_and_comes_with_its_address() {
    let mut cited = 0;
    for_every_case(|rule_set, name, advice| {
        for basis in advice.provisions.iter().flat_map(|p| &p.legal_basis) {
            let ids = toegang::ruleset::cited_ids(&basis.citation);
            if ids.is_empty() {
                assert!(basis.sources.is_empty());
                continue;
            }
            let found: Vec<&str> = basis.sources.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(found, ids, "{rule_set} :: {name}: {}", basis.citation);
            cited += 1;
        }
    });
    assert!(cited > 50, "{cited} citations with sources");
}

/// Terms and party names a resident may not know are explained once, on the card that uses them
/// first; the table output ends with the same words.
#[test]
fn the_advice_explains_the_words_a_resident_may_not_know_once() {
    let registry = Registry::bundled().unwrap();
    let advise = |json: &str| {
        registry
            .advise("hardenberg", &toegang::Situation::from_json(json).unwrap())
            .unwrap()
    };
    let situation = r#"{"reference_date":"2026-11-26","age":81,"household":"alone","needs":["household_tasks","individual_guidance"]}"#;
    let advice = advise(situation);
    let terms = toegang::advice::terms::terms(&advice);
    let words: Vec<&str> = terms.iter().map(|t| t.term.nl.as_str()).collect();
    assert_eq!(
        words,
        [
            "Samen Doen Hardenberg",
            "beschikking",
            "pgb (persoonsgebonden budget)",
            "eigen bijdrage",
            "cliëntondersteuner"
        ]
    );
    assert_eq!(
        terms[0].first_in.as_deref(),
        Some("begeleiding_individueel")
    );
    assert!(terms[0].explanation.nl.contains("team van de gemeente"));
    assert_eq!(
        terms.last().unwrap().first_in,
        None,
        "client support is about the whole advice"
    );
    let table = toegang::advice::table::render(&advice, toegang::catalogue::Lang::Nl);
    assert!(
        table.contains("Woorden:\n  Samen Doen Hardenberg: Het team van de gemeente"),
        "{table}"
    );
    // Open access through the municipality's own intake line: no decision, no words to explain.
    let open = advise(&situation.replace(",\"individual_guidance\"", ""));
    let words: Vec<String> = toegang::advice::terms::terms(&open)
        .into_iter()
        .map(|t| t.term.nl)
        .collect();
    assert_eq!(words, ["cliëntondersteuner"]);
}

/// Runs `check` on the advice for every case of every bundled rule set (cases whose advice is an
/// error are left to `every_bundled_case_passes`).
fn for_every_case(mut check: impl FnMut(&str, &str, &toegang::Advice)) {
    let registry = Registry::bundled().unwrap();
    for rule_set in registry.rule_sets() {
        for (name, situation) in cases::situations(rule_set.source()).unwrap() {
            if let Ok(advice) = registry.advise(rule_set.id(), &situation) {
                check(rule_set.id(), &name, &advice);
            }
        }
    }
}

/// Open access is an offer and a refusal is not the last word: wherever help without a decision
/// is advised, or a provision is not offered, under the Wmo or the Jeugdwet, the advice says once
/// that the resident may still report the need, get a decision and object to it; elsewhere it
/// does not.
#[test]
fn help_without_a_decision_or_a_refusal_comes_with_the_right_to_still_ask_for_a_decision() {
    let (mut said, mut refused) = (0, 0);
    for_every_case(|_, name, advice| {
        let open = advice.provisions.iter().any(|p| {
            matches!(
                p.route,
                toegang::advice::Route::OpenAccess | toegang::advice::Route::NotOffered
            ) && matches!(p.law.id(), "wmo_2015" | "jeugdwet")
        });
        let notices: Vec<_> = advice
            .notices
            .iter()
            .filter(|n| n.code == toegang::advice::NoticeCode::MayStillApply)
            .collect();
        assert_eq!(notices.len(), usize::from(open), "{name}");
        if let [notice] = notices[..] {
            said += 1;
            assert!(notice.text.nl.contains("bezwaar"), "{name}");
            assert!(notice.text.en.contains("object"), "{name}");
        }
        refused += advice
            .provisions
            .iter()
            .filter(|p| p.route == toegang::advice::Route::NotOffered)
            .count();
    });
    assert!(said > 20, "{said} advices with open access");
    assert!(refused >= 4, "{refused} refusals among the cases");
}

/// The right to a decision over the whole seeded population, in every bundled municipality and
/// in the national frame (Zwolle): no `not_offered` route of a Wmo or Jeugdwet provision without
/// the notice that the need may still be reported, investigated (within 6 weeks under the Wmo),
/// decided in writing and objected to (Wmo 2015 art. 2.3.2, 2.3.5; Awb 6:7), and a next step on
/// the card that says so. Every refusal says whether the resident does not qualify or the
/// municipality does not offer it.
#[test]
fn no_refusal_under_the_wmo_or_the_jeugdwet_without_the_right_to_a_decision() {
    use toegang::advice::{NoticeCode, Refusal, Route};
    use toegang::catalogue::Law;
    use toegang::compare::population::Population;
    let registry = Registry::bundled().unwrap();
    let ids = every_municipality_and_the_national_frame(&registry);
    let population = Population::new(Population::grid_size() + 1_000, 1);
    let mut refusals = 0;
    for situation in population.iter() {
        for id in &ids {
            let advice = registry.advise(id, &situation).unwrap();
            for p in advice.provisions.iter() {
                assert_eq!(
                    p.refusal.is_some(),
                    p.route == Route::NotOffered,
                    "{id}: {} {situation:?}",
                    p.provision
                );
                if p.route != Route::NotOffered || !matches!(p.law, Law::Wmo2015 | Law::Jeugdwet) {
                    continue;
                }
                refusals += 1;
                let notice = advice
                    .notices
                    .iter()
                    .find(|n| n.code == NoticeCode::MayStillApply)
                    .unwrap_or_else(|| {
                        panic!(
                            "{id}: {} refused without the right to a decision: {situation:?}",
                            p.provision
                        )
                    });
                for word in ["melden", "besluit", "bezwaar"] {
                    assert!(notice.text.nl.contains(word), "{id}: {}", notice.text.nl);
                }
                for word in ["report", "decision", "object"] {
                    assert!(notice.text.en.contains(word), "{id}: {}", notice.text.en);
                }
                let wmo_only = advice
                    .provisions
                    .iter()
                    .filter(|q| matches!(q.route, Route::OpenAccess | Route::NotOffered))
                    .all(|q| !matches!(q.law, Law::Jeugdwet));
                assert_eq!(
                    notice.text.nl.contains("binnen 6 weken"),
                    wmo_only,
                    "{id}: {}",
                    notice.text.nl
                );
                assert!(
                    p.next_step.nl.contains("melden"),
                    "{id}: {}",
                    p.next_step.nl
                );
                if p.refusal == Some(Refusal::NotEligible) {
                    assert!(!toegang::catalogue::provision(
                        toegang::catalogue::provision_index(&p.provision).unwrap()
                    )
                    .may_be_absent());
                }
            }
        }
    }
    assert!(refusals > 100, "{refusals} refusals in the population");
}

/// Den Haag's scooter pool is known up to about 2020, and whether it needs a decision is not: its
/// next step and the rule set's summary must not promise help "zonder besluit" (review D1).
#[test]
fn den_haags_scooter_pool_promises_no_help_without_a_decision() {
    let registry = Registry::bundled().unwrap();
    let situation: toegang::Situation = serde_json::from_str(
        r#"{"reference_date":"2026-03-01","age":75,"mobility":"walks_with_difficulty","needs":["getting_around_outdoors"]}"#,
    )
    .unwrap();
    let advice = registry.advise("den_haag", &situation).unwrap();
    let pool = advice
        .provisions
        .iter()
        .find(|p| p.provision == "scootmobielpool")
        .unwrap();
    assert!(
        !pool.next_step.nl.contains("Daarna krijgt u de hulp"),
        "{}",
        pool.next_step.nl
    );
    assert!(
        pool.next_step
            .nl
            .contains("of u de hulp zonder besluit krijgt"),
        "{}",
        pool.next_step.nl
    );
    assert!(
        pool.next_step
            .en
            .contains("whether you get the help without a decision"),
        "{}",
        pool.next_step.en
    );
    let den_haag = registry.rule_sets().find(|r| r.id() == "den_haag").unwrap();
    let summary = serde_json::to_string(&den_haag.metadata().summary).unwrap();
    assert!(
        !summary.contains("lenen uit een scootmobielpool, zonder besluit"),
        "{summary}"
    );
    assert!(summary.contains("niet bekend"), "{summary}");
}

/// Every municipality's id, and Zwolle for the national frame alone.
fn every_municipality_and_the_national_frame(registry: &Registry) -> Vec<String> {
    let mut ids: Vec<String> = registry
        .summaries()
        .into_iter()
        .filter(|s| s.cbs_code.is_some())
        .map(|s| s.id)
        .collect();
    ids.push("zwolle".into());
    ids
}

/// Wlz first, in every municipality and where the municipality decides nothing (issue 31, walk
/// problem 5): over the seeded population, a resident with a Wlz indication who asks for help the
/// Wlz covers (at home: household help, personal care, guidance, day activities, respite care,
/// beschermd wonen; in an institution also home adaptations, wheelchairs and scooters; VNG
/// "inwoners met een Wlz-indicatie") is sent to the Wlz for it, never left to "your municipality
/// decides".
#[test]
fn no_wlz_resident_is_left_to_the_municipality_for_what_the_wlz_covers() {
    use toegang::compare::population::Population;
    let at_home = [
        "huishoudelijke_hulp",
        "persoonlijke_verzorging",
        "begeleiding_individueel",
        "dagbesteding",
        "respijtzorg",
        "beschermd_wonen",
    ];
    let in_institution = ["woningaanpassing", "rolstoel", "scootmobiel"];
    let registry = Registry::bundled().unwrap();
    let ids = every_municipality_and_the_national_frame(&registry);
    let mut checked = 0;
    for situation in Population::new(Population::grid_size() + 2_000, 7).iter() {
        if !situation.wlz_indication {
            continue;
        }
        for id in &ids {
            let advice = serde_json::to_value(registry.advise(id, &situation).unwrap()).unwrap();
            for provision in toegang::catalogue::catalogue() {
                let covered = at_home.contains(&provision.id)
                    || (situation.living == toegang::situation::Living::Institution
                        && in_institution.contains(&provision.id));
                if !covered || !provision.needs.iter().any(|n| situation.needs.contains(n)) {
                    continue;
                }
                let card = advice["provisions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["provision"] == provision.id)
                    .unwrap_or_else(|| {
                        panic!("{id}: no advice on {} for a Wlz client", provision.id)
                    });
                assert_eq!(card["route"], "elsewhere", "{id}: {} {card}", provision.id);
                assert_eq!(card["elsewhere"]["id"], "wlz", "{id}: {}", provision.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} Wlz cards checked");
}

/// A child's personal care is never the Wmo's (issue 31, review B42; Jeugdwet art. 1.1): in
/// every municipality and the national frame, a resident under 18 who asks for help with
/// washing and dressing is sent elsewhere (the health insurance's kindzorg, jeugdhulp, or the
/// Wlz), never to a Wmo decision or a Wmo algemene voorziening.
#[test]
fn no_child_s_personal_care_is_routed_to_the_wmo() {
    use toegang::compare::population::Population;
    let registry = Registry::bundled().unwrap();
    let ids = every_municipality_and_the_national_frame(&registry);
    let mut checked = 0;
    for situation in Population::new(Population::grid_size() + 2_000, 11).iter() {
        if situation.age >= 18 {
            continue;
        }
        for id in &ids {
            let advice = registry.advise(id, &situation).unwrap();
            for card in advice
                .provisions
                .iter()
                .filter(|p| p.provision == "persoonlijke_verzorging")
            {
                assert_eq!(
                    card.route,
                    toegang::advice::Route::Elsewhere,
                    "{id}: a child of {} {situation:?}",
                    situation.age
                );
                // Nor do its reasons send the child to the Wmo (the adults' sentence).
                for reason in &card.reasons {
                    assert!(
                        !reason.text.nl.contains("Wmo"),
                        "{id}: a child of {}: {}",
                        situation.age,
                        reason.text.nl
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(
        checked > 20,
        "{checked} children's personal care cards checked"
    );
}

/// Real rules only: every provision a municipality's own script decides (a reason from its rules
/// file) rests on at least one source of its rule set or the national frame, read on a known day,
/// that is not itself an assumption, or says to the resident that it is assumed. A route with only
/// a law article or a bare phrase behind it fails here, naming the municipality, the case and the
/// provision.
#[test]
fn every_route_a_municipality_gives_rests_on_a_dated_source() {
    let registry = Registry::bundled().unwrap();
    let baseline = registry.baseline().metadata().sources.clone();
    let (mut checked, mut missing) = (0, Vec::new());
    for_every_case(|id, name, advice| {
        let Some(rule_set) = registry.rule_sets().find(|r| r.id() == id) else {
            return;
        };
        if id == "baseline" {
            return;
        }
        let own_file = format!("{}/rules.rhai", rule_set.source().dir);
        let sources: Vec<&toegang::ruleset::Source> = rule_set
            .metadata()
            .sources
            .iter()
            .chain(&baseline)
            .collect();
        for p in &advice.provisions {
            if !p.reasons.iter().any(|r| r.source.starts_with(&own_file)) {
                continue;
            }
            let dated = p.legal_basis.iter().flat_map(|b| &b.sources).any(|cited| {
                sources.iter().any(|s| {
                    s.id == cited.id && s.status != toegang::ruleset::SourceStatus::Assumption
                })
            });
            if !dated && p.assumptions.is_empty() {
                missing.push(format!(
                    "{id} :: {name}: {} rests on {:?}",
                    p.provision,
                    p.legal_basis
                        .iter()
                        .map(|b| &b.citation)
                        .collect::<Vec<_>>()
                ));
            }
            checked += 1;
        }
    });
    assert!(
        missing.is_empty(),
        "no dated source:\n{}",
        missing.join("\n")
    );
    assert!(checked > 300, "{checked} municipal routes checked");
}
