//! Chains of literals are built once at compile time (decision templates). A rule author must not
//! be able to tell: the advice, the reason lines and the errors are those of running the chain.

mod common;
use common::{advise, OLDER_PERSON};
use toegang::advice::ProvisionAdvice;

fn household_help(script: &str) -> ProvisionAdvice {
    let advice = advise(script, OLDER_PERSON).expect("the rule set runs");
    advice
        .provisions
        .into_iter()
        .find(|p| p.provision == "huishoudelijke_hulp")
        .expect("household help is advised")
}

#[test]
fn a_chain_of_literals_gives_every_detail_it_names() {
    let help = household_help(
        r#"
const BASIS = "Verordening Testdorp art. 4";
open_access("huishoudelijke_hulp")
    .via("loket")
    .intake()
    .free_sessions(3)
    .cost("2.50", "hour")
    .basis("verordening", BASIS)
    .limit("Hoogstens drie uur.", "At most three hours.")
    .assumption("The hours are assumed.")
    .because("schoon-huis", "U krijgt hulp.", "You get help.");
"#,
    );
    assert_eq!(help.route, toegang::Route::OpenAccess);
    let access = help.access.expect("open access names where to go");
    assert_eq!((access.party.as_str(), access.intake), ("loket", true));
    assert_eq!(help.free_sessions, Some(3));
    assert_eq!(help.legal_basis[0].citation, "Verordening Testdorp art. 4");
    assert_eq!(help.limits[0].en, "At most three hours.");
    assert_eq!(help.assumptions, ["The hours are assumed."]);
    // The reason points at the line of its `.because(…)`, as when the chain is interpreted.
    assert_eq!(help.reasons[0].source, "rules/testdorp/rules.rhai:11");
}

#[test]
fn a_constant_shadowed_in_a_block_is_read_where_it_is_used() {
    let help = household_help(
        r#"
const BASIS = "outer";
if true {
    let BASIS = "inner";
    open_access("huishoudelijke_hulp").via("loket").basis("verordening", BASIS);
}
"#,
    );
    assert_eq!(help.legal_basis[0].citation, "inner");
}

#[test]
fn a_chain_kept_in_a_variable_can_be_changed_later() {
    let help = household_help(
        r#"
let help = decision_required("huishoudelijke_hulp").via("loket");
if resident.age >= 75 { help.cost_free(); }
"#,
    );
    assert_eq!(help.route, toegang::Route::DecisionRequired);
    assert_eq!(help.cost, toegang::advice::Cost::None);
}

#[test]
fn a_later_rule_still_replaces_a_folded_one() {
    let help = household_help(
        r#"
open_access("huishoudelijke_hulp").via("loket").cost_free();
decision_required("huishoudelijke_hulp").via("loket");
"#,
    );
    assert_eq!(help.route, toegang::Route::DecisionRequired);
}

#[test]
fn an_undeclared_party_in_a_constant_is_still_reported_where_it_is_used() {
    let error = advise(
        "const WHERE = \"loket_west\";\nopen_access(\"huishoudelijke_hulp\")\n    .via(WHERE);",
        OLDER_PERSON,
    )
    .unwrap_err();
    assert_eq!(error.code(), "script_runtime", "{error}");
    assert!(error.to_string().contains("loket_west"), "{error}");
    assert_eq!(error.location().and_then(|l| l.line), Some(3));
}

#[test]
fn a_negative_count_in_a_constant_is_still_reported() {
    let error = advise(
        "const N = -2;\nopen_access(\"huishoudelijke_hulp\").free_sessions(N);",
        OLDER_PERSON,
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("free_sessions must be 0 or more"),
        "{error}"
    );
}

#[test]
fn methods_of_literals_on_a_computed_handle_change_that_decision() {
    let help = household_help(
        r#"
for id in ["huishoudelijke_hulp", "rolstoel"] {
    decision_required(id).via("loket").term_weeks(6).because("maatwerk", "Met besluit.", "With a decision.");
}
"#,
    );
    assert_eq!(help.route, toegang::Route::DecisionRequired);
    let procedure = help.decision.expect("a decision has a procedure");
    assert_eq!(procedure.term_weeks, 6);
    assert_eq!(help.reasons[0].source, "rules/testdorp/rules.rhai:3");
}

#[test]
fn decision_methods_on_something_else_are_an_error_at_the_first_method() {
    let error = advise(
        "let n = 5;\nn\n    .cost_free()\n    .because(\"a\", \"b\", \"c\");",
        OLDER_PERSON,
    )
    .unwrap_err();
    assert_eq!(error.code(), "script_runtime", "{error}");
    assert!(error.to_string().contains("cost_free"), "{error}");
    assert_eq!(error.location().and_then(|l| l.line), Some(3));
}
