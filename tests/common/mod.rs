//! Helpers shared by the integration tests: tiny rule sets written inline.
#![allow(dead_code)]

use toegang::{CompiledRuleSet, Registry, RuleSetSource, Situation};

pub const METADATA: &str = r#"
id = "testdorp"
name = "Testdorp"
cbs_code = "GM9999"
version = "1"
valid_from = "2025-01-01"
valid_to = "2026-12-31"

[[sources]]
id = "test"
title = "Written for the test"
seen = "2026-11-22"
status = "assumption"

[parties.loket]
name = "Loket Testdorp"
kind = "loket"
phone = "14 0000"
"#;

pub fn source(script: &str) -> RuleSetSource {
    RuleSetSource {
        dir: "rules/testdorp".into(),
        metadata: METADATA.into(),
        script: script.into(),
        cases: None,
        case_count: None,
        content_hash: None,
    }
}

pub fn compile(script: &str) -> toegang::Result<CompiledRuleSet> {
    CompiledRuleSet::compile(source(script))
}

pub fn situation(json: &str) -> Situation {
    Situation::from_json(json).expect("test situation is valid")
}

/// Advice of an inline rule set, with the bundled baseline.
pub fn advise(script: &str, situation_json: &str) -> toegang::Result<toegang::Advice> {
    let registry = Registry::bundled().expect("bundled rule sets compile");
    let rule_set = compile(script)?;
    toegang::registry::advise_with(&rule_set, registry.baseline(), &situation(situation_json))
}

pub const OLDER_PERSON: &str =
    r#"{"reference_date":"2026-03-01","age":80,"needs":["household_tasks"]}"#;

/// Every case of every municipal rule set of `registry`, as (rule set id, situation): what the
/// parity tests advise through two faces. The baseline's own cases are the national frame's,
/// asked of municipalities without rules, so they are left out.
pub fn municipal_cases(registry: &Registry) -> Vec<(String, Situation)> {
    registry
        .rule_sets()
        .filter(|r| r.metadata().kind == toegang::ruleset::RuleSetKind::Municipality)
        .flat_map(|r| {
            let situations = toegang::authoring::cases::situations(r.source()).unwrap_or_default();
            situations.into_iter().map(|(_, s)| (r.id().to_string(), s))
        })
        .collect()
}
