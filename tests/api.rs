//! The native API every face calls (`toegang::api`): a comparison asked for as the npm package and
//! HTTP ask for it, with a list of situations or a draft, and the errors a caller gets back.

use serde_json::json;
use toegang::api::{self, CompareOptions, Draft};
use toegang::Registry;

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn options(value: serde_json::Value) -> CompareOptions {
    serde_json::from_value(value).expect("valid compare options")
}

fn compare(
    registry: &Registry,
    municipalities: &[&str],
    options: &CompareOptions,
) -> toegang::Result<toegang::compare::Comparison> {
    options.prepare(registry)?.run(&ids(municipalities), &|_| {
        std::ops::ControlFlow::Continue(())
    })
}

/// Hardenberg's rule set as a draft under another id.
fn hardenberg_as(registry: &Registry, id: &str) -> Draft {
    let hardenberg = registry
        .rule_sets()
        .find(|r| r.id() == "hardenberg")
        .unwrap();
    let mut draft = Draft::of(hardenberg).unwrap();
    draft.metadata["id"] = json!(id);
    draft
}

/// A population of 300 with `draft` next to the bundled rule sets.
fn with_draft(draft: Draft) -> CompareOptions {
    CompareOptions {
        population: Some(300),
        draft: Some(draft),
        ..CompareOptions::default()
    }
}

#[test]
fn a_population_is_sized_and_seeded_by_the_options() {
    let registry = Registry::bundled().unwrap();
    let report = compare(
        &registry,
        &["hardenberg", "tilburg"],
        &options(json!({"population": 250, "seed": 7})),
    )
    .unwrap();
    assert_eq!(report.situations, 250);
    assert_eq!(report.municipalities, ids(&["hardenberg", "tilburg"]));
    let again = compare(
        &registry,
        &["hardenberg", "tilburg"],
        &options(json!({"population": 250, "seed": 7})),
    );
    assert_eq!(
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&again.unwrap()).unwrap(),
        "the same seed gives the same report"
    );
}

#[test]
fn a_list_of_situations_is_compared_and_a_bad_item_is_named_by_its_index() {
    let registry = Registry::bundled().unwrap();
    let resident = json!({"reference_date": "2026-03-01", "age": 81, "needs": ["household_tasks"]});
    let report = compare(
        &registry,
        &["hardenberg", "tilburg"],
        &options(json!({"situations": [resident.clone(), resident.clone()]})),
    )
    .unwrap();
    assert_eq!(report.situations, 2);
    let bad = json!({"reference_date": "2026-03-01", "age": 81, "needs": ["househld_tasks"]});
    let error = compare(
        &registry,
        &["hardenberg"],
        &options(json!({"situations": [resident, bad]})),
    )
    .unwrap_err();
    assert_eq!(error.code(), "input");
    assert_eq!(error.path(), Some("situations[1].needs[0]"));
}

#[test]
fn a_draft_is_compared_under_its_own_id_next_to_the_bundled_rule_sets() {
    let registry = Registry::bundled().unwrap();
    let draft = hardenberg_as(&registry, "hardenberg_draft");
    let report = compare(
        &registry,
        &["hardenberg", "hardenberg_draft"],
        &with_draft(draft),
    )
    .unwrap();
    assert_eq!(report.errors, vec![0, 0]);
    assert_eq!(
        report.similarity[0][1], 1.0,
        "an unchanged draft gives the same advice"
    );
}

#[test]
fn a_draft_that_fails_everywhere_stops_the_comparison_with_its_first_error() {
    let registry = Registry::bundled().unwrap();
    let mut draft = hardenberg_as(&registry, "broken");
    draft.source = "let x = 1 / 0;".into();
    let error = compare(&registry, &["hardenberg", "broken"], &with_draft(draft)).unwrap_err();
    assert_eq!(error.code(), "script_runtime");
    let location = error.location().map(ToString::to_string);
    assert_eq!(location.as_deref(), Some("draft/rules.rhai:1:11"));
}

/// Every catalogue provision, as a Rhai list literal.
fn every_provision() -> String {
    let ids: Vec<String> = toegang::catalogue::catalogue()
        .iter()
        .map(|p| format!("\"{}\"", p.id))
        .collect();
    format!("[{}]", ids.join(", "))
}

/// The attack of issue 29: a 4 KB request whose draft adds 5,000 reasons made a 161.5 MB report.
/// The draft is refused at the call that passed the bound, with the limit and the bound.
#[test]
fn a_draft_that_adds_5000_reasons_is_refused_with_the_limit_and_its_bound() {
    let registry = Registry::bundled().unwrap();
    let mut draft = hardenberg_as(&registry, "reasons");
    let per_provision = 5_000 / toegang::catalogue::catalogue().len() + 1;
    draft.source = format!(
        "{}\nfor id in {} {{\n    let d = not_offered(id);\n    for i in 0..{per_provision} {{\n        \
         d.because(\"r\", \"Een reden.\", \"A reason.\");\n    }}\n}}\n",
        draft.source,
        every_provision()
    );
    let loop_line = draft.source.lines().count() - 2;
    match compare(&registry, &["hardenberg", "reasons"], &with_draft(draft)) {
        Err(toegang::Error::LimitExceeded {
            limit,
            bound,
            location,
            ..
        }) => {
            assert_eq!(limit.id(), "data_size");
            assert_eq!(bound, toegang::advice::MAX_LIST_ITEMS as u64);
            assert_eq!(location.file, "draft/rules.rhai");
            assert_eq!(location.line, Some(loop_line), "the line of `.because`");
        }
        other => panic!("expected the limit error, got {other:?}"),
    }
}

#[test]
fn unknown_options_and_a_draft_with_bad_metadata_are_refused_before_any_work() {
    let unknown: Result<CompareOptions, _> = serde_json::from_value(json!({"populaton": 10}));
    assert!(unknown
        .unwrap_err()
        .to_string()
        .contains("unknown field `populaton`"));
    let registry = Registry::bundled().unwrap();
    let draft = Draft {
        source: String::new(),
        metadata: json!({"id": "x"}),
    };
    let options = CompareOptions {
        draft: Some(draft),
        ..CompareOptions::default()
    };
    let error = options.prepare(&registry).unwrap_err();
    assert_eq!(error.code(), "rule_set_file");
}

#[test]
fn the_catalogue_document_lists_every_need_provision_and_other_route() {
    let document = serde_json::to_value(api::catalogue_document()).unwrap();
    let needs = document["needs"].as_array().unwrap();
    assert_eq!(needs.len(), toegang::catalogue::Need::ALL.len());
    assert_eq!(needs[0]["id"], "household_tasks");
    assert_eq!(needs[0]["name"]["nl"], "Huishouden");
    assert_eq!(
        document["provisions"].as_array().unwrap().len(),
        toegang::catalogue::catalogue().len()
    );
    assert!(document["other_routes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "zvw"));
}

/// An advisor who cleared the draft (or left only comments) hears so, with where and what to do,
/// instead of a comparison in which the draft silently answers as the national frame.
#[test]
fn an_empty_draft_is_refused_with_its_place_and_a_way_on() {
    let registry = Registry::bundled().unwrap();
    for source in ["", "  \n", "// nog niets\n// later meer\n"] {
        let mut draft = hardenberg_as(&registry, "concept");
        draft.source = source.into();
        let error = with_draft(draft).prepare(&registry).unwrap_err();
        assert_eq!(error.code(), "validation", "{source:?}");
        let message = error.to_string();
        assert!(
            message.starts_with("draft/rules.rhai:1:1: the draft has no rules"),
            "{message}"
        );
        assert!(
            message.contains("start from the rules of a municipality"),
            "{message}"
        );
    }
    let mut one_rule = hardenberg_as(&registry, "concept");
    one_rule.source = "// one rule\nopen_access(\"ontmoeting\").via(\"gemeente\");\n".into();
    assert!(with_draft(one_rule).prepare(&registry).is_ok());
}

/// What an error for `query` says, checked to echo a bounded id: `(id, suggestions)`.
fn unknown(error: toegang::Error) -> (String, Vec<String>) {
    assert_eq!(error.code(), "unknown_municipality", "{error}");
    assert!(
        error.to_string().len() < 500,
        "{} bytes",
        error.to_string().len()
    );
    match error {
        toegang::Error::UnknownMunicipality { id, suggestions } => (id, suggestions),
        other => panic!("{other}"),
    }
}

/// Issue 29, attack 6: an id of 1 MB took seconds of "did you mean" matching and came back whole
/// in the error. Longer than any real id, it is unknown at once: no suggestions, the id cut after
/// 100 characters, in every call that looks a municipality up.
#[test]
fn an_id_longer_than_any_real_one_is_unknown_at_once_and_echoed_cut() {
    use toegang::error::MAX_ID_CHARS;
    let registry = Registry::bundled().unwrap();
    let situation = toegang::Situation::from_json(
        r#"{"reference_date":"2026-03-01","age":80,"needs":["household_tasks"]}"#,
    )
    .unwrap();
    let huge = "hardenberg".repeat(100_000);
    let cut = format!("{}…", &huge[..MAX_ID_CHARS]);
    let (id, suggestions) = unknown(registry.municipality(&huge).unwrap_err());
    assert_eq!((id.as_str(), suggestions.len()), (cut.as_str(), 0));
    let (id, _) = unknown(registry.advise(&huge, &situation).unwrap_err());
    assert_eq!(id, cut);
    let error = compare(
        &registry,
        &["hardenberg", &huge],
        &options(json!({"population": 3})),
    );
    assert_eq!(unknown(error.unwrap_err()).0, cut);
    let draft = hardenberg_as(&registry, "concept");
    assert_eq!(
        unknown(draft.run_cases(&registry, &huge).unwrap_err()).0,
        cut
    );
    assert_eq!(unknown(draft.folder(&registry, &huge).unwrap_err()).0, cut);

    // At the bound a query is still matched and echoed whole; one character more and it is not.
    let padded = |n: usize| format!("{:<n$}", "Hardenberg");
    assert_eq!(
        registry.municipality(&padded(MAX_ID_CHARS)).unwrap().id,
        "hardenberg"
    );
    let (id, suggestions) = unknown(
        registry
            .municipality(&padded(MAX_ID_CHARS + 1))
            .unwrap_err(),
    );
    assert_eq!(id, format!("{}…", padded(MAX_ID_CHARS)));
    assert!(suggestions.is_empty());
    let near = format!("{:<1$}", "Hardenbrg", MAX_ID_CHARS);
    assert_eq!(
        unknown(registry.municipality(&near).unwrap_err()).1,
        ["hardenberg"]
    );

    // The resident's search finds nothing for such a query.
    assert_eq!(registry.search(&padded(MAX_ID_CHARS), 5).len(), 1);
    assert!(registry.search(&padded(MAX_ID_CHARS + 1), 5).is_empty());
    assert!(registry.search(&huge, 5).is_empty());
}
