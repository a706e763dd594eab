//! Replays the fuzz seeds and every input a fuzz run ever crashed on (kept, minimised, in
//! tests/fuzz_regressions/) through the same paths as the fuzz targets: no panic, no hang.

use std::path::Path;
use toegang::{CompiledRuleSet, Registry, RuleSetSource, Situation};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in [
        format!("fuzz/seeds/{target}"),
        format!("tests/fuzz_regressions/{target}"),
    ] {
        for entry in std::fs::read_dir(Path::new(&dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            files.push((
                entry.path().display().to_string(),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    files.sort();
    files
}

#[test]
fn situation_inputs_advise_or_fail_cleanly_everywhere() {
    let registry = Registry::bundled().unwrap();
    let inputs = inputs("situation");
    assert!(!inputs.is_empty());
    for (name, data) in inputs {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        if let Ok(situation) = Situation::from_json(text) {
            for summary in registry.summaries() {
                let _ = registry.advise(&summary.id, &situation);
            }
        }
        eprintln!("replayed {name}");
    }
}

#[test]
fn script_inputs_compile_and_run_or_fail_cleanly() {
    let registry = Registry::bundled().unwrap();
    let situation = Situation::from_json(
        r#"{"reference_date":"2026-03-01","age":80,"household":"family","partner_age":70,
            "children":[{"age":8}],"income_percent":105,"needs":["household_tasks","wheelchair","parenting","money_and_debts"]}"#,
    )
    .unwrap();
    let metadata = include_str!("../fuzz/fuzz_targets/script.rs")
        .split("r#\"")
        .nth(1)
        .and_then(|rest| rest.split("\"#").next())
        .expect("the script target's metadata");
    let inputs = inputs("script");
    assert!(!inputs.is_empty());
    for (name, data) in inputs {
        let Ok(script) = std::str::from_utf8(&data) else {
            continue;
        };
        let source = RuleSetSource {
            dir: "rules/fuzzdorp".into(),
            metadata: metadata.into(),
            script: script.into(),
            cases: None,
            case_count: None,
            content_hash: None,
        };
        if let Ok(rule_set) = CompiledRuleSet::compile(source) {
            let _ = toegang::registry::advise_with(&rule_set, registry.baseline(), &situation);
        }
        eprintln!("replayed {name}");
    }
}
