//! The side-by-side benchmark's shared decision (`benches/peers/decision.json`) must stay the
//! decision toegang's rules make: otherwise `scripts/bench-peers.sh` compares different work, and
//! stops at its identity check. Checked here on 2,000 situations of the compare population, so a
//! rule change that breaks the benchmark fails the tests. (ZEN itself is only built by the
//! benchmark; it reads the same rows as `table_routes`, and `tests/js/peers.test.mjs` checks
//! json-rules-engine.)

#[path = "../benches/peers/src/decision.rs"]
#[allow(dead_code)]
mod decision;

use decision::*;
use toegang::compare::population::Population;
use toegang::Registry;

const SITUATIONS: usize = 2_000;

#[test]
fn the_shared_decision_and_the_hand_written_function_give_toegangs_routes() {
    let registry = Registry::bundled().expect("bundled rule sets");
    let decision = decision();
    let mut rows_used = vec![false; decision.rows.len()];
    for (i, situation) in Population::new(SITUATIONS, 1).iter().enumerate() {
        let expected = toegang_routes(&registry, &situation);
        let facts = facts(&situation);
        for (row, used) in decision.rows.iter().zip(rows_used.iter_mut()) {
            *used |= applies(row, &facts);
        }
        assert_eq!(
            table_routes(&decision, &facts),
            expected,
            "decision.json differs from Lansingerland's rules on situation {i}: {situation:?}"
        );
        assert_eq!(
            hand_written(&situation),
            expected,
            "the hand-written function differs on situation {i}: {situation:?}"
        );
    }
    let unused: Vec<_> = decision
        .rows
        .iter()
        .zip(&rows_used)
        .filter(|(_, used)| !**used)
        .collect();
    assert!(
        unused.is_empty(),
        "rows no situation reaches, so nothing checks them: {unused:?}"
    );
}

#[test]
fn a_row_applies_only_when_its_provision_serves_an_asked_need_and_its_conditions_hold() {
    let decision: Decision = serde_json::from_value(serde_json::json!({ "rows": [
        { "provision": "inkomensondersteuning", "when": { "income_above_130": true }, "route": "not_offered" },
        { "provision": "inkomensondersteuning", "when": { "income_above_130": false }, "route": "decision_required" },
        { "provision": "opvoedondersteuning", "when": { "youth_in_household": true }, "route": "open_access" }
    ]}))
    .expect("rows");
    let need = needs_of("inkomensondersteuning")[0];
    let facts = |income: serde_json::Value| serde_json::json!({ "needs": [need], "youth_in_household": false, "income_percent": income });
    let route = |routes: Routes| routes.into_iter().map(|(_, r)| r).collect::<Vec<_>>();
    assert_eq!(
        route(table_routes(&decision, &facts(serde_json::json!(140)))),
        ["not_offered"]
    );
    assert_eq!(
        route(table_routes(&decision, &facts(serde_json::json!(130)))),
        ["decision_required"]
    );
    assert_eq!(
        route(table_routes(&decision, &facts(serde_json::Value::Null))),
        ["decision_required"]
    );
}
