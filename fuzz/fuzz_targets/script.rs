//! Any bytes as a rule script: it compiles or fails with a typed error, and if it compiles it runs
//! on a fixed situation within the sandbox limits. Panics and hangs are bugs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use toegang::{CompiledRuleSet, Registry, RuleSetSource, Situation};

const METADATA: &str = r#"
id = "fuzzdorp"
name = "Fuzzdorp"
cbs_code = "GM9997"
version = "fuzz"
valid_from = "2025-01-01"
[[sources]]
id = "fuzz"
title = "Fuzz"
seen = "2026-11-22"
status = "assumption"
[parties.loket]
name = "Loket"
kind = "loket"
"#;

fn fixtures() -> &'static (Registry, Situation) {
    static FIXTURES: OnceLock<(Registry, Situation)> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let situation = Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":80,"household":"family","partner_age":70,
                "children":[{"age":8}],"income_percent":105,"needs":["household_tasks","wheelchair","parenting","money_and_debts"]}"#,
        )
        .expect("fixture situation is valid");
        (Registry::bundled().expect("bundled rule sets compile"), situation)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(script) = std::str::from_utf8(data) else { return };
    let source = RuleSetSource {
        dir: "rules/fuzzdorp".into(),
        metadata: METADATA.into(),
        script: script.into(),
        cases: None,
        case_count: None,
        content_hash: None,
    };
    let (registry, situation) = fixtures();
    if let Ok(rule_set) = CompiledRuleSet::compile(source) {
        let _ = toegang::registry::advise_with(&rule_set, registry.baseline(), situation);
    }
});
