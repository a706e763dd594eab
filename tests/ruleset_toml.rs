//! `ruleset.toml` by example: `tests/ruleset_toml/*.toml` are rule sets' metadata that compile (a
//! minimal and a complete one), and `mistakes.toml` lists what an author gets wrong with the
//! message each gets. rules/README.md describes the fields.

use std::path::Path;
use toegang::{CompiledRuleSet, RuleSetSource};

fn compile(metadata: &str) -> toegang::Result<CompiledRuleSet> {
    CompiledRuleSet::compile(RuleSetSource {
        dir: "rules/testdorp".into(),
        metadata: metadata.into(),
        script: String::new(),
        cases: None,
        case_count: None,
        content_hash: None,
    })
}

#[test]
fn the_examples_compile_with_what_they_declare() {
    let dir = Path::new("tests/ruleset_toml");
    let minimal = compile(&std::fs::read_to_string(dir.join("minimal.toml")).unwrap()).unwrap();
    let m = minimal.metadata();
    assert_eq!(
        (m.id.as_str(), m.cbs_code.as_deref()),
        ("testdorp", Some("GM9999"))
    );
    assert_eq!(m.validity(), "2026-01-01 to 2026-12-31");
    assert!(m.parties.is_empty() && m.client_support.is_none());

    let complete = compile(&std::fs::read_to_string(dir.join("complete.toml")).unwrap()).unwrap();
    let m = complete.metadata();
    assert_eq!(m.validity(), "from 2026-07-01", "no valid_to: open-ended");
    assert_eq!(m.sources.len(), 2);
    assert_eq!(m.assumptions.len(), 1);
    assert_eq!(m.parties["wijkteam"].phone.as_deref(), Some("14 0000"));
    assert_eq!(
        m.client_support.as_ref().map(|c| c.party.as_str()),
        Some("mee")
    );
}

#[derive(serde::Deserialize)]
struct Mistakes {
    mistake: Vec<Mistake>,
}

#[derive(serde::Deserialize)]
struct Mistake {
    name: String,
    says: String,
    metadata: String,
}

#[test]
fn every_mistake_gets_its_message_in_ruleset_toml() {
    let text = std::fs::read_to_string("tests/ruleset_toml/mistakes.toml").unwrap();
    let mistakes: Mistakes = toml::from_str(&text).unwrap();
    assert!(mistakes.mistake.len() >= 10);
    for m in mistakes.mistake {
        let error = compile(&m.metadata)
            .err()
            .unwrap_or_else(|| panic!("{}: compiles, but should not", m.name));
        assert_eq!(error.code(), "rule_set_file", "{}: {error}", m.name);
        let message = error.to_string();
        assert!(
            message.starts_with("rules/testdorp/ruleset.toml: "),
            "{}: {message}",
            m.name
        );
        assert!(message.contains(&m.says), "{}: {message}", m.name);
    }
}
