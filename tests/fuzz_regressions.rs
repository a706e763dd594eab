//! Replays the fuzz seeds (example situations, bundled scripts) and every input a fuzz run ever crashed on (kept, minimised, in
//! tests/fuzz_regressions/) through the same paths as the fuzz targets: no panic, no hang.

use std::path::{Path, PathBuf};
use toegang::{CompiledRuleSet, Registry, RuleSetSource, Situation};

/// The fuzz seeds (example situations, bundled rule scripts) and the kept crash inputs.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let seeds: Vec<PathBuf> = match target {
        "situation" => files_in("examples/situations"),
        _ => files_in("rules")
            .into_iter()
            .map(|dir| dir.join("rules.rhai"))
            .filter(|p| p.is_file())
            .collect(),
    };
    let mut inputs: Vec<_> = seeds
        .into_iter()
        .chain(files_in(&format!("tests/fuzz_regressions/{target}")))
        .filter(|path| !path.ends_with(".gitkeep"))
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    inputs.sort();
    inputs
}

fn files_in(dir: &str) -> Vec<PathBuf> {
    std::fs::read_dir(Path::new(dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect()
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
