//! The wasm binding's behaviour, run both under Node (tests/wasm_node.rs) and in headless
//! Chromium (tests/wasm_browser.rs).

use js_sys::{Reflect, JSON};
use toegang::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue) -> String {
    JSON::stringify(value).map(String::from).unwrap_or_default()
}

const FAMILY: &str = r#"{"reference_date":"2026-03-01","age":38,"household":"family","partner_age":40,"children":[{"age":8}],"needs":["parenting"]}"#;

/// Compiles a draft rule set through the export, as the compare view does.
fn compile_draft(source: &str, metadata: JsValue) -> Result<wasm::RuleSet, JsValue> {
    wasm::RuleSet::compile(source.into(), metadata)
}

const METADATA: &str = include_str!("../fixtures/draft-ruleset.json");

#[wasm_bindgen_test]
fn advise_gives_open_access_parenting_support_in_lansingerland() {
    let advice = wasm::advise("lansingerland".into(), js(FAMILY), JsValue::UNDEFINED).unwrap();
    let p = get(&get(&advice, "provisions"), "0");
    assert_eq!(get(&p, "route").as_string().unwrap(), "open_access");
    assert_eq!(get(&p, "free_sessions").as_f64(), None);
    assert_eq!(
        get(&get(&p, "access"), "party").as_string().unwrap(),
        "team_jeugd"
    );
    // Plain objects, not Maps: JSON.stringify shows the fields.
    assert!(text(&advice).contains("\"route\":\"open_access\""));
}

#[wasm_bindgen_test]
fn municipalities_lists_lansingerland_with_its_cbs_code() {
    let list = wasm::municipalities().unwrap();
    assert!(text(&list).contains("\"cbs_code\":\"GM1621\""));
}

#[wasm_bindgen_test]
fn an_input_error_throws_with_code_and_path() {
    let situation = js(
        r#"{"reference_date":"2026-03-01","age":40,"household":"family","children":[{"age":3},{"age":"8"}],"needs":[]}"#,
    );
    let error = wasm::advise("lansingerland".into(), situation, JsValue::UNDEFINED).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&error, "code").as_string().unwrap(), "input");
    assert_eq!(get(&error, "path").as_string().unwrap(), "children[1].age");
}

#[wasm_bindgen_test]
fn an_unknown_municipality_throws_its_code() {
    let error = wasm::advise("atlantis".into(), js(FAMILY), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().unwrap(),
        "unknown_municipality"
    );
}

#[wasm_bindgen_test]
fn a_compile_error_throws_with_line_and_column() {
    let error = compile_draft(
        "open_access(\"ontmoeting\")\n  .via(\"lokett\");",
        js(METADATA),
    )
    .err()
    .unwrap();
    assert_eq!(get(&error, "code").as_string().unwrap(), "validation");
    assert_eq!(get(&error, "line").as_f64(), Some(2.0));
    assert_eq!(get(&error, "column").as_f64(), Some(8.0));
}

#[wasm_bindgen_test]
fn a_draft_rule_set_compiles_and_advises() {
    let draft = compile_draft(
        "open_access(\"opvoedondersteuning\").via(\"loket\").free_sessions(3);",
        js(METADATA),
    )
    .unwrap();
    let advice = draft.advise(js(FAMILY)).unwrap();
    assert_eq!(
        get(&get(&get(&advice, "provisions"), "0"), "free_sessions").as_f64(),
        Some(3.0)
    );
}

#[wasm_bindgen_test]
fn a_limit_error_throws_and_the_next_call_works() {
    let runaway = compile_draft("loop {}", js(METADATA)).unwrap();
    let error = runaway.advise(js(FAMILY)).unwrap_err();
    assert_eq!(get(&error, "code").as_string().unwrap(), "limit_exceeded");
    assert!(wasm::advise("lansingerland".into(), js(FAMILY), JsValue::UNDEFINED).is_ok());
    assert!(
        runaway.advise(js(FAMILY)).is_err(),
        "and the same draft fails the same way again"
    );
}

#[wasm_bindgen_test]
fn the_catalogue_is_available() {
    assert!(text(&wasm::catalogue().unwrap()).contains("opvoedondersteuning"));
}

#[wasm_bindgen_test]
fn bad_metadata_throws_a_rule_set_file_error() {
    let metadata = js(&METADATA.replace("GM9998", "9998"));
    let error = compile_draft("open_access(\"ontmoeting\");", metadata)
        .err()
        .unwrap();
    assert_eq!(get(&error, "code").as_string().unwrap(), "rule_set_file");
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("cbs_code"));
    let error = compile_draft("", JsValue::from_str("not an object"))
        .err()
        .unwrap();
    assert_eq!(get(&error, "code").as_string().unwrap(), "rule_set_file");
}

#[wasm_bindgen_test]
fn compare_finds_the_household_help_difference_between_hardenberg_and_tilburg() {
    let report = wasm::compare(
        js(r#"["hardenberg", "tilburg"]"#),
        js(r#"{"population": 200, "seed": 3}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(get(&report, "situations").as_f64(), Some(200.0));
    assert!(text(&report).contains("\"provision\":\"huishoudelijke_hulp\""));
    let error = wasm::compare(
        js(r#"["atlantis"]"#),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().unwrap(),
        "unknown_municipality"
    );
}

#[wasm_bindgen_test]
fn a_date_after_the_checked_period_is_advised_marked_or_refused_with_strict_dates() {
    let later = js(&FAMILY.replace("2026-03-01", "2027-01-04"));
    let advice = wasm::advise("lansingerland".into(), later.clone(), JsValue::UNDEFINED).unwrap();
    let validity = get(&advice, "validity");
    assert_eq!(
        get(&validity, "status").as_string().unwrap(),
        "beyond_checked_period"
    );
    assert_eq!(
        get(&validity, "checked_until").as_string().unwrap(),
        "2026-12-31"
    );
    let strict = js(r#"{"strictDates":true}"#);
    let error = wasm::advise("lansingerland".into(), later, strict).unwrap_err();
    assert_eq!(
        get(&error, "code").as_string().unwrap(),
        "not_valid_on_date"
    );
}

#[wasm_bindgen_test]
fn a_bundled_municipality_is_known_by_its_cbs_code_even_without_the_table() {
    // These tests run the module without the package's entry point, so without the national
    // table: the bundled rule sets' own codes and names still work.
    let by_code = wasm::advise("GM1621".into(), js(FAMILY), JsValue::UNDEFINED).unwrap();
    let by_id = wasm::advise("lansingerland".into(), js(FAMILY), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&by_code), text(&by_id));
    let hits = wasm::find_municipalities("Lansinger".into(), JsValue::UNDEFINED).unwrap();
    assert!(text(&hits).contains("\"id\":\"lansingerland\""));
}

/// The population a comparison runs over is the same in wasm as natively (issue 14: `SmallRng`
/// differed beyond the systematic grid). The file is `toegang population --size 600 --seed 7`,
/// which a native test (tests/compare.rs) checks too.
#[wasm_bindgen_test]
fn the_population_is_the_same_as_natively() {
    let expected = include_str!("../fixtures/population-600-seed-7.jsonl");
    let population = toegang::compare::population::Population::new(600, 7);
    let lines: Vec<String> = population
        .iter()
        .map(|s| serde_json::to_string(&s).unwrap())
        .collect();
    assert_eq!(lines.len(), expected.lines().count());
    for (i, (line, want)) in lines.iter().zip(expected.lines()).enumerate() {
        assert_eq!(line, want, "situation {i}");
    }
}

/// Issue 29, attack 6: a 1 MB id took seconds of "did you mean" matching in wasm. It is unknown at
/// once, the error naming it cut after 100 characters; the resident's search finds nothing.
#[wasm_bindgen_test]
fn an_id_longer_than_any_real_one_is_unknown_at_once_and_echoed_cut() {
    let huge = "lansingerland".repeat(80_000);
    let cut = format!("`{}…`", &huge[..100]);
    let errors = [
        wasm::advise(huge.as_str().into(), js(FAMILY), JsValue::UNDEFINED).unwrap_err(),
        wasm::rule_set_source(huge.as_str().into()).unwrap_err(),
    ];
    for error in errors {
        assert_eq!(
            get(&error, "code").as_string().unwrap(),
            "unknown_municipality"
        );
        let message = get(&error, "message").as_string().unwrap();
        assert!(message.len() < 500, "{} bytes", message.len());
        assert!(message.contains(&cut));
    }
    let error = wasm::advise(huge.as_str().into(), js(FAMILY), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&get(&error, "suggestions")), "[]");
    let hits = wasm::find_municipalities(huge.as_str().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&hits), "[]");
}
