//! The questions that matter, checked over the population: a follow-up fact the engine leaves out
//! cannot change what the advice tells the resident, whatever a form answers; a fact it lists can.
//! Written from the situation's JSON, as a form fills it in, not through the engine's own list of
//! variants.

use serde_json::Value;
use toegang::api::questions;
use toegang::compare::population::Population;
use toegang::{AdviseOptions, Registry, Situation};

/// Each follow-up field with the answers the resident page offers ("don't know" is `null` or the
/// default).
const ANSWERS: &[(&str, &[&str])] = &[
    (
        "mobility",
        &[
            r#""none""#,
            r#""walks_with_difficulty""#,
            r#""wheelchair_user""#,
        ],
    ),
    ("wlz_indication", &["false", "true"]),
    (
        "housemate_help",
        &[
            "null",
            r#""can_help""#,
            r#""cannot_help""#,
            r#""overburdened""#,
        ],
    ),
    ("housemate_wlz", &["false", "true"]),
    ("personal_care_guidance", &["false", "true"]),
    ("household_hours_per_week", &["null", "1", "2", "3", "4"]),
    (
        "aid",
        &["null", r#""everyday""#, r#""small""#, r#""special""#],
    ),
    ("need_weeks", &["null", "6", "13", "26"]),
    ("parents", &["null", r#""together""#, r#""single""#]),
    ("income_percent", &["null", "100", "110", "130", "150"]),
    // Typed in, so any amount: a spread over the norms of someone alone and of a couple.
    (
        "net_income_per_month",
        &[
            "null", "1000", "1500", "1650", "1750", "1850", "2000", "2300", "2500", "2800", "3200",
        ],
    ),
    (
        "pgb_wish",
        &[
            "null",
            r#""in_kind""#,
            r#""manage_myself""#,
            r#""manage_with_help""#,
            r#""cannot_manage""#,
        ],
    ),
    ("has_informal_carer", &["false", "true"]),
    ("is_informal_carer", &["false", "true"]),
    ("urgent", &["false", "true"]),
    ("living", &[r#""independent""#, r#""institution""#]),
];

/// What the advice tells the resident: every provision (route, door, cost, limits, reasons) and
/// every need left unanswered.
fn told(registry: &Registry, municipality: &str, situation: &Situation) -> Option<Value> {
    let advice = registry.advise(municipality, situation).ok()?;
    let value = serde_json::to_value(&advice).ok()?;
    Some(serde_json::json!([
        value["provisions"],
        value["unmet_needs"]
    ]))
}

/// Whether some answer to `fact` makes the advice tell the resident something else.
fn can_change(
    registry: &Registry,
    municipality: &str,
    situation: &Situation,
    fact: &str,
    answers: &[&str],
) -> bool {
    let reference = told(registry, municipality, situation);
    let base = serde_json::to_value(situation).unwrap();
    answers.iter().any(|answer| {
        let mut changed = base.clone();
        changed[fact] = serde_json::from_str(answer).unwrap();
        match Situation::from_value(changed) {
            // An answer the situation refuses (a housemate's help with nobody else at home) is no answer.
            Ok(variant) if variant != *situation => {
                told(registry, municipality, &variant) != reference
            }
            _ => false,
        }
    })
}

#[test]
fn a_fact_is_asked_exactly_when_one_of_its_answers_changes_the_advice() {
    let registry = Registry::bundled().unwrap();
    let mut asked = 0;
    for municipality in ["hardenberg", "westerveld", "tilburg", "zwolle"] {
        for situation in Population::new(80, 5).iter() {
            let listed: Vec<&str> = questions(
                &registry,
                municipality,
                &situation,
                AdviseOptions::default(),
            )
            .unwrap()
            .into_iter()
            .map(|q| q.fact)
            .collect();
            for (fact, answers) in ANSWERS {
                let changes = can_change(&registry, municipality, &situation, fact, answers);
                assert_eq!(
                    listed.contains(fact),
                    changes,
                    "{municipality}: `{fact}` {} but {} the advice, for {situation:?}",
                    if listed.contains(fact) {
                        "is asked"
                    } else {
                        "is not asked"
                    },
                    if changes {
                        "one of its answers changes"
                    } else {
                        "no answer changes"
                    },
                );
            }
            asked += listed.len();
        }
    }
    assert!(
        asked > 100,
        "only {asked} questions asked: the population asks too little to test this"
    );
}

/// The page asks the income in euros; where the law sets another norm (other adults at home:
/// the kostendelersnorm) toegang cannot measure it, so it is not asked, while a case system that
/// knows the percentage can still give it.
#[test]
fn the_income_in_euros_is_asked_only_where_toegang_can_measure_it() {
    let registry = Registry::bundled().unwrap();
    let facts = |household: &str| -> Vec<&'static str> {
        let situation = Situation::from_value(serde_json::json!({
            "reference_date": "2026-11-26", "age": 80, "household": household,
            "needs": ["household_tasks"]
        }))
        .unwrap();
        let asked = questions(
            &registry,
            "westerveld",
            &situation,
            AdviseOptions::default(),
        );
        asked.unwrap().into_iter().map(|q| q.fact).collect()
    };
    let alone = facts("alone");
    assert!(alone.contains(&"net_income_per_month"), "{alone:?}");
    assert!(alone.contains(&"income_percent"), "{alone:?}");
    let with_others = facts("other");
    assert!(
        !with_others.contains(&"net_income_per_month"),
        "{with_others:?}"
    );
    assert!(with_others.contains(&"income_percent"), "{with_others:?}");
}
