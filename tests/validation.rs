//! A rule set may only speak in catalogue ids and its own declared parties. A typo is a
//! validation error with the line and column of the literal, found before anything runs.

mod common;
use common::{advise, compile, OLDER_PERSON};

fn validation_at(script: &str) -> (usize, usize, String) {
    let e = compile(script).unwrap_err();
    assert_eq!(e.code(), "validation", "{e}");
    let loc = e.location().unwrap();
    (loc.line.unwrap(), loc.column.unwrap(), e.to_string())
}

#[test]
fn a_misspelled_provision_id_is_found_with_its_position() {
    let (line, column, message) =
        validation_at("\n    decision_required(\"rolstol\").via(\"loket\");");
    assert_eq!((line, column), (2, 23));
    assert!(message.contains("did you mean `rolstoel`"), "{message}");
}

#[test]
fn a_resident_fact_in_dutch_or_misspelt_is_found_with_the_fact_meant() {
    let (line, column, message) =
        validation_at("\nif resident.leeftijd >= 75 { open_access(\"ontmoeting\"); }");
    assert_eq!((line, column), (2, 13));
    assert!(
        message.contains("unknown resident fact `resident.leeftijd`; did you mean `resident.age`?"),
        "{message}"
    );
    let (_, _, message) = validation_at("if resident.wlz_indicatie { }");
    assert!(
        message.contains("did you mean `resident.wlz_indication`?"),
        "{message}"
    );
    let (_, _, message) = validation_at("if resident.income_atmost(110) { }");
    assert!(
        message.contains("did you mean `resident.income_at_most(…)`?"),
        "{message}"
    );
}

#[test]
fn a_misspelled_provision_inside_a_loop_is_found_too() {
    let (line, _, _) = validation_at(
        "for id in [\"rolstoel\"] {\n  if resident.age > 3 { open_access(\"ontmoetingen\"); }\n}",
    );
    assert_eq!(line, 2);
}

#[test]
fn an_undeclared_access_party_is_a_validation_error() {
    let (line, column, message) =
        validation_at("open_access(\"ontmoeting\")\n  .via(\"loket_west\");");
    assert_eq!((line, column), (2, 8));
    assert!(message.contains("loket_west"), "{message}");
}

#[test]
fn unknown_needs_routes_basis_kinds_and_units_are_validation_errors() {
    validation_at("if asks(\"gardening\") {}");
    validation_at("elsewhere(\"huishoudelijke_hulp\", \"mars\");");
    validation_at("open_access(\"ontmoeting\").basis(\"rumour\", \"x\");");
    validation_at("open_access(\"ontmoeting\").cost(\"2.50\", \"fortnight\");");
}

#[test]
fn an_id_built_at_run_time_is_still_checked_when_it_runs() {
    let e = advise(
        "let id = \"rol\" + \"stol\"; decision_required(id);",
        OLDER_PERSON,
    )
    .unwrap_err();
    assert_eq!(e.code(), "script_runtime");
    assert!(
        e.to_string().contains("unknown provision id `rolstol`"),
        "{e}"
    );
}

#[test]
fn metadata_errors_name_the_file() {
    let mut source = common::source("");
    source.metadata = source.metadata.replace("GM9999", "9999");
    let e = toegang::CompiledRuleSet::compile(source).unwrap_err();
    assert_eq!(e.code(), "rule_set_file");
    assert!(
        e.to_string().starts_with("rules/testdorp/ruleset.toml"),
        "{e}"
    );
}
