//! Rule sets as published files (`toegang publish`, `Registry::from_published`): the same advice
//! as the folders they came from, and never a file that is not the one its index names.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use toegang::registry::Unusable;
use toegang::ruleset::published::{sha256, Index, INDEX_FILE};
use toegang::{Registry, Situation};

/// The bundled rule sets published into a fresh folder of this test's own.
fn published(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("toegang-published-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (index, files) = Registry::bundled().unwrap().publish().unwrap();
    for file in files {
        std::fs::write(dir.join(&file.entry.file), &file.bytes).unwrap();
    }
    write_index(&dir, &index);
    dir
}

fn read_index(dir: &Path) -> Index {
    Index::parse(&std::fs::read_to_string(dir.join(INDEX_FILE)).unwrap()).unwrap()
}

fn write_index(dir: &Path, index: &Index) {
    std::fs::write(dir.join(INDEX_FILE), serde_json::to_string(index).unwrap()).unwrap();
}

fn file_of(dir: &Path, id: &str) -> PathBuf {
    let index = read_index(dir);
    let entry = index.rule_sets.iter().find(|e| e.id == id).unwrap();
    dir.join(&entry.file)
}

fn error_of(dir: &Path) -> toegang::Error {
    Registry::from_published(dir).expect_err("the folder must be refused")
}

#[test]
fn a_published_folder_advises_byte_for_byte_as_the_bundled_rule_sets() {
    let dir = published("parity");
    let bundled = Registry::bundled().unwrap();
    let loaded = Registry::from_published(&dir).unwrap();
    assert_eq!(loaded.summaries().len(), bundled.summaries().len());
    let cases = common::municipal_cases(&bundled);
    for (id, situation) in &cases {
        let expected = serde_json::to_string(&bundled.advise(id, situation).unwrap());
        let got = serde_json::to_string(&loaded.advise(id, situation).unwrap());
        assert_eq!(got.unwrap(), expected.unwrap(), "{id}");
    }
    assert!(cases.len() > 100, "{} cases", cases.len());
}

#[test]
fn the_index_lists_every_version_with_its_hash_and_each_file_stays_small() {
    let dir = published("index");
    let index = read_index(&dir);
    let bundled = Registry::bundled().unwrap();
    let municipal: Vec<_> = bundled
        .summaries()
        .into_iter()
        .filter(|s| s.id != "baseline")
        .collect();
    assert_eq!(index.rule_sets.len(), municipal.len());
    for (entry, summary) in index.rule_sets.iter().zip(&municipal) {
        assert_eq!((&entry.id, &entry.hash), (&summary.id, &summary.hash));
        assert_eq!(entry.cbs_code, summary.cbs_code);
        assert_eq!(
            (entry.valid_from, entry.valid_to),
            (summary.valid_from, summary.valid_to)
        );
        let bytes = std::fs::read(dir.join(&entry.file)).unwrap();
        assert_eq!(sha256(&bytes), entry.file_sha256);
        let file: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(file["cases"], summary.cases);
    }
}

#[test]
fn a_file_changed_after_publishing_is_refused_as_tampered() {
    let dir = published("tampered");
    let file = file_of(&dir, "hardenberg");
    let text = std::fs::read_to_string(&file).unwrap();
    // One rule changed: 72 hours a year free becomes 720.
    let changed = text.replacen("\\\"72\\\"", "\\\"720\\\"", 1);
    assert_ne!(changed, text);
    std::fs::write(&file, changed).unwrap();
    let error = error_of(&dir);
    assert_eq!(error.code(), "rule_set_tampered");
    assert!(
        error
            .to_string()
            .starts_with("hardenberg.2025-01-01.json: its bytes hash to"),
        "{error}"
    );
}

#[test]
fn another_rule_set_under_a_municipality_s_name_is_refused_even_with_a_matching_file_hash() {
    let dir = published("swapped");
    let tilburg = std::fs::read(file_of(&dir, "tilburg")).unwrap();
    std::fs::write(file_of(&dir, "hardenberg"), &tilburg).unwrap();
    let mut index = read_index(&dir);
    for entry in index.rule_sets.iter_mut().filter(|e| e.id == "hardenberg") {
        entry.file_sha256 = sha256(&tilburg);
    }
    write_index(&dir, &index);
    let error = error_of(&dir);
    assert_eq!(error.code(), "rule_set_tampered");
    assert!(
        error.to_string().contains("holds `rules/tilburg`"),
        "{error}"
    );
}

#[test]
fn a_file_the_index_lists_but_the_folder_lacks_fails_the_folder_naming_it() {
    let dir = published("missing");
    let missing = file_of(&dir, "westerveld");
    std::fs::remove_file(&missing).unwrap();
    let error = error_of(&dir);
    assert_eq!(error.code(), "rule_set_file");
    // With its folder: the folder is what the operator gave `--rules`.
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}: No such file", missing.display())),
        "{error}"
    );
}

#[test]
fn an_index_may_name_only_files_next_to_it() {
    let dir = published("outside");
    let mut index = read_index(&dir);
    index.rule_sets[0].file = "../../etc/passwd".into();
    write_index(&dir, &index);
    let error = error_of(&dir);
    assert_eq!(error.code(), "rule_set_file");
    assert!(
        error
            .to_string()
            .contains("not a file name next to the index"),
        "{error}"
    );
    assert!(!error.to_string().contains("root:"), "{error}");
}

#[test]
fn a_date_before_a_published_rule_set_gets_the_national_frame_with_its_notice() {
    let dir = published("dates");
    let loaded = Registry::from_published(&dir).unwrap();
    let early = Situation::from_json(
        r#"{"reference_date": "2020-06-01", "age": 81, "needs": ["household_tasks"]}"#,
    )
    .unwrap();
    let advice = serde_json::to_value(loaded.advise("hardenberg", &early).unwrap()).unwrap();
    assert_eq!(advice["coverage"], "national_frame");
    let codes: Vec<&str> = advice["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["code"].as_str())
        .collect();
    assert!(codes.contains(&"before_first_version"), "{codes:?}");
}

// On demand, as the npm package loads them: the engine knows the index, and each municipality's
// file is read, verified and compiled only when it is asked for.

/// Only the national frame inside, and the index of the rule sets published in `dir`.
fn on_demand(dir: &Path) -> Registry {
    let bundled = Registry::bundled().unwrap();
    let baseline = bundled.baseline().source().clone();
    Registry::from_sources(vec![baseline])
        .unwrap()
        .with_table(bundled.table().clone())
        .with_index(read_index(dir))
}

fn household_help() -> Situation {
    Situation::from_json(
        r#"{"reference_date": "2026-03-01", "age": 81, "needs": ["household_tasks"]}"#,
    )
    .unwrap()
}

fn notice_codes(advice: &toegang::Advice) -> Vec<String> {
    let advice = serde_json::to_value(advice).unwrap();
    let notices = advice["notices"].as_array().unwrap().iter();
    notices
        .map(|n| n["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_published_rule_set_is_listed_and_found_before_it_is_loaded_but_not_advised_on() {
    let dir = published("on-demand-listed");
    let registry = on_demand(&dir);
    let listed = registry.summaries();
    assert!(listed.iter().any(|s| s.id == "hardenberg" && s.cases > 0));
    assert_eq!(listed.len(), Registry::bundled().unwrap().summaries().len());
    let found = registry.municipality("Hardenberg").unwrap();
    assert_eq!(
        (found.id.as_str(), found.has_rule_set),
        ("hardenberg", true)
    );
    let error = registry.advise("GM0160", &household_help()).unwrap_err();
    assert_eq!(error.code(), "rule_set_not_loaded");
    assert!(
        error.to_string().contains("hardenberg.2025-01-01.json"),
        "{error}"
    );
}

#[test]
fn a_rule_set_loaded_on_demand_advises_byte_for_byte_as_the_bundled_one() {
    let dir = published("on-demand-parity");
    let bundled = Registry::bundled().unwrap();
    let mut registry = on_demand(&dir);
    for entry in read_index(&dir).rule_sets {
        let (_, files) = registry.files_to_load(&entry.id).unwrap();
        assert!(files.iter().any(|f| f.file == entry.file), "{}", entry.id);
        let bytes = std::fs::read(dir.join(&entry.file)).unwrap();
        registry = registry.with_published(&entry.file, &bytes).unwrap();
        assert!(registry.files_to_load(&entry.id).unwrap().1.is_empty());
    }
    for (id, situation) in common::municipal_cases(&bundled) {
        let expected = serde_json::to_string(&bundled.advise(&id, &situation).unwrap());
        let got = serde_json::to_string(&registry.advise(&id, &situation).unwrap());
        assert_eq!(got.unwrap(), expected.unwrap(), "{id}");
    }
}

#[test]
fn a_tampered_file_is_refused_on_demand_and_the_municipality_then_gets_the_national_frame_saying_so(
) {
    let dir = published("on-demand-tampered");
    let registry = on_demand(&dir);
    let file = file_of(&dir, "hardenberg");
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen("\\\"72\\\"", "\\\"720\\\"", 1);
    assert_ne!(changed, text);
    let error = registry
        .clone()
        .with_published(&name, changed.as_bytes())
        .unwrap_err();
    assert_eq!(error.code(), "rule_set_tampered");
    let registry = registry.with_unavailable("hardenberg", Unusable::Tampered, &error.to_string());
    let advice = registry.advise("hardenberg", &household_help()).unwrap();
    let json = serde_json::to_value(&advice).unwrap();
    assert_eq!(json["coverage"], "national_frame");
    assert_eq!(json["municipality"]["id"], "hardenberg");
    assert_eq!(
        notice_codes(&advice)[..2],
        ["rules_unavailable", "national_frame"]
    );
    assert!(registry.files_to_load("hardenberg").unwrap().1.is_empty());
    // A case system that acts only on checked rules is refused, with the reason's own code.
    let strict = toegang::AdviseOptions { strict_dates: true };
    let refused = registry.advise_with_options("hardenberg", &household_help(), strict);
    assert_eq!(refused.unwrap_err().code(), "rule_set_tampered");
    let unreadable = registry.with_unavailable("hardenberg", Unusable::Unreadable, "gone");
    let refused = unreadable.advise_with_options("hardenberg", &household_help(), strict);
    assert_eq!(refused.unwrap_err().code(), "rule_set_file");
}

#[test]
fn without_its_index_every_municipality_without_rules_loaded_gets_the_national_frame_saying_so() {
    let dir = published("on-demand-no-index");
    let tilburg = file_of(&dir, "tilburg");
    let name = tilburg.file_name().unwrap().to_string_lossy().to_string();
    let loaded = on_demand(&dir)
        .with_published(&name, &std::fs::read(&tilburg).unwrap())
        .unwrap()
        .with_unavailable(
            "*",
            Unusable::Unreadable,
            "rules/index.json could not be fetched",
        );
    let zwolle = loaded.advise("zwolle", &household_help()).unwrap();
    assert_eq!(notice_codes(&zwolle)[0], "rules_unavailable");
    let tilburg = serde_json::to_value(loaded.advise("tilburg", &household_help()).unwrap());
    assert_eq!(tilburg.unwrap()["coverage"], "municipal");
}

#[test]
fn a_file_the_index_does_not_list_is_refused_on_demand() {
    let dir = published("on-demand-unlisted");
    let error = on_demand(&dir)
        .with_published("atlantis.2025-01-01.json", b"{}")
        .unwrap_err();
    assert_eq!(error.code(), "rule_set_file");
    assert!(error.to_string().contains("does not list"), "{error}");
}

#[test]
fn a_published_rule_set_not_loaded_is_no_draft_base_yet_and_says_why() {
    let dir = published("on-demand-draft");
    let registry = on_demand(&dir);
    let error = toegang::api::Draft::of_loaded(&registry, "tilburg").unwrap_err();
    assert_eq!(error.code(), "rule_set_not_loaded");
    let file = file_of(&dir, "tilburg");
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    let registry = registry
        .with_published(&name, &std::fs::read(&file).unwrap())
        .unwrap();
    let draft = toegang::api::Draft::of_loaded(&registry, "tilburg").unwrap();
    assert_eq!(draft.metadata["id"], "tilburg");
    let unknown = toegang::api::Draft::of_loaded(&registry, "atlantis").unwrap_err();
    assert_eq!(unknown.code(), "unknown_municipality");
}
