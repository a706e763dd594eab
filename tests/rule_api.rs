//! The rule API, documented by example: each `tests/rule_api/<group>.rhai` is a small rule set
//! using one group of rule functions, and `<group>.toml` the residents with the advice expected
//! for them (the cases.toml format of rules/README.md). `errors.toml` lists mistakes a rule author
//! makes and the error each gives, with line and column.

mod common;
use std::path::Path;
use toegang::authoring::cases;
use toegang::{CompiledRuleSet, Registry, RuleSetSource};

fn source(script: String, cases: Option<String>) -> RuleSetSource {
    RuleSetSource {
        cases,
        ..common::source(&script)
    }
}

#[test]
fn every_rule_function_does_what_its_cases_say() {
    let registry = Registry::bundled().unwrap();
    let dir = Path::new("tests/rule_api");
    let mut groups = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let script_path = entry.unwrap().path();
        if script_path.extension().and_then(|e| e.to_str()) != Some("rhai") {
            continue;
        }
        groups += 1;
        let script = std::fs::read_to_string(&script_path).unwrap();
        let cases_text = std::fs::read_to_string(script_path.with_extension("toml")).unwrap();
        let rule_set = CompiledRuleSet::compile(source(script, Some(cases_text)))
            .unwrap_or_else(|e| panic!("{}: {e}", script_path.display()));
        let results = cases::run(&rule_set, registry.baseline()).unwrap();
        assert!(!results.is_empty(), "{} has cases", script_path.display());
        for r in results.iter().filter(|r| !r.passed()) {
            failures.push(format!(
                "{}: {}: {:?}",
                script_path.display(),
                r.case,
                r.failures
            ));
        }
    }
    assert!(groups >= 4, "{groups} groups");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(serde::Deserialize)]
struct Mistakes {
    error: Vec<Mistake>,
}

#[derive(serde::Deserialize)]
struct Mistake {
    name: String,
    script: String,
    code: String,
    at: (usize, usize),
}

#[test]
fn every_mistake_gives_its_error_at_its_place() {
    let text = std::fs::read_to_string("tests/rule_api/errors.toml").unwrap();
    let mistakes: Mistakes = toml::from_str(&text).unwrap();
    assert!(mistakes.error.len() >= 5);
    for m in mistakes.error {
        // A mistake shows at compile time, or when a resident reaches it.
        let error = match common::compile(&m.script) {
            Err(e) => e,
            Ok(_) => common::advise(&m.script, common::OLDER_PERSON).unwrap_err(),
        };
        assert_eq!(error.code(), m.code, "{}: {error}", m.name);
        let location = error
            .location()
            .unwrap_or_else(|| panic!("{}: no location", m.name));
        assert_eq!(
            (location.line, location.column),
            (Some(m.at.0), Some(m.at.1)),
            "{}: {error}",
            m.name
        );
    }
}
