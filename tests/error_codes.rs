//! One list of error codes: `Error::CODES`. Every variant's `code()` is on it, and the TypeScript
//! union that JavaScript callers match on and the README's table list exactly these codes.

use toegang::error::{Limit, Location};
use toegang::Error;

fn one_of_each() -> Vec<Error> {
    let location = Location {
        file: "rules/x/rules.rhai".into(),
        line: Some(1),
        column: Some(1),
    };
    vec![
        Error::Input {
            path: "age".into(),
            message: "m".into(),
        },
        Error::ScriptSyntax {
            location: location.clone(),
            message: "m".into(),
        },
        Error::ScriptRuntime {
            location: location.clone(),
            message: "m".into(),
        },
        Error::Validation {
            location: location.clone(),
            message: "m".into(),
            help: None,
        },
        Error::LimitExceeded {
            location,
            limit: Limit::Operations,
            bound: 100_000,
            message: "m".into(),
        },
        Error::RuleSetFile {
            file: "f".into(),
            message: "m".into(),
        },
        Error::UnknownMunicipality {
            id: "x".into(),
            suggestions: vec![],
        },
        Error::Internal {
            message: "m".into(),
        },
        Error::NotValidOnDate {
            id: "x".into(),
            date: "2018-01-01".into(),
            periods: vec![],
        },
        Error::Cancelled {
            message: "m".into(),
        },
        Error::RuleSetTampered {
            file: "f".into(),
            message: "m".into(),
        },
        Error::RuleSetNotLoaded {
            id: "x".into(),
            files: vec![],
        },
    ]
}

/// The codes between `"…"` in a piece of text.
fn quoted(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_variant_has_its_code_on_the_list_in_order() {
    let codes: Vec<&str> = one_of_each().iter().map(Error::code).collect();
    assert_eq!(codes, Error::CODES);
    for error in one_of_each() {
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json["code"],
            error.code(),
            "the serialized code is the same"
        );
    }
}

#[test]
fn the_typescript_union_lists_exactly_the_codes() {
    let wasm = std::fs::read_to_string("src/wasm.rs").unwrap();
    let start = wasm.find("  code: ").unwrap();
    let union = &wasm[start..start + wasm[start..].find(';').unwrap()];
    let mut listed = quoted(union);
    let mut codes: Vec<String> = Error::CODES.iter().map(|c| c.to_string()).collect();
    listed.sort();
    codes.sort();
    assert_eq!(listed, codes);
}

#[test]
fn the_readme_table_lists_exactly_the_codes() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table = &readme[readme.find("| code | when | carries |").unwrap()..];
    let table = &table[..table.find("\n\n").unwrap()];
    let mut listed: Vec<&str> = table
        .lines()
        .skip(2)
        .map(|line| line.split('`').nth(1).unwrap())
        .collect();
    let mut codes = Error::CODES.to_vec();
    listed.sort();
    codes.sort();
    assert_eq!(listed, codes);
}

#[test]
fn a_limit_error_names_its_limit_and_bound() {
    let error = &one_of_each()[4];
    let json = serde_json::to_value(error).unwrap();
    assert_eq!(json["limit"], "operations");
    assert_eq!(json["bound"], 100_000);
}
