//! What the compare page does with a draft and a comparison, through the native API it shares
//! with the wasm module: the rules behind a difference, the base rule set's cases run against the
//! draft, the draft as a rule set folder `toegang check` reads, and the CSV and HTML reports.

use toegang::api::{self, CompareOptions, Draft};
use toegang::authoring::cases;
use toegang::compare::Comparison;
use toegang::ruleset::Metadata;
use toegang::{CompiledRuleSet, Registry, RuleSetSource};

fn draft_of(registry: &Registry, id: &str, edit: impl Fn(&str) -> String) -> Draft {
    let base = registry.rule_sets().find(|r| r.id() == id).unwrap();
    let mut draft = Draft::of(base).unwrap();
    draft.source = edit(&draft.source);
    draft.metadata["id"] = "concept".into();
    draft.metadata["name"] = "Concept".into();
    draft
}

fn compare(registry: &Registry, ids: &[&str], options: CompareOptions) -> api::ComparisonReports {
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    options
        .prepare(registry)
        .unwrap()
        .run_with_reports(&ids, &|_| std::ops::ControlFlow::Continue(()))
        .unwrap()
}

fn population(size: usize, seed: u64) -> CompareOptions {
    CompareOptions {
        population: Some(size),
        seed: Some(seed),
        ..CompareOptions::default()
    }
}

/// The texts of the lines behind every reason of one side of the first example.
fn rule_lines(
    registry: &Registry,
    draft: Option<&Draft>,
    report: &Comparison,
    provision: &str,
) -> (Vec<api::RuleBehind>, Vec<api::RuleBehind>) {
    let d = report
        .differences
        .iter()
        .find(|d| d.provision == provision)
        .expect("a difference");
    let behind = |advice: &Option<toegang::advice::ProvisionAdvice>| -> Vec<api::RuleBehind> {
        advice
            .as_ref()
            .unwrap()
            .reasons
            .iter()
            .map(|r| api::rule_behind(registry, draft, &r.source).unwrap())
            .collect()
    };
    (behind(&d.examples[0].a), behind(&d.examples[0].b))
}

fn texts(behind: &[api::RuleBehind]) -> String {
    behind
        .iter()
        .flat_map(|b| b.lines.iter().map(|l| format!("{}: {}", l.number, l.text)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_rules_behind_household_help_are_the_deciding_lines_of_both_scripts_with_their_sources() {
    let registry = Registry::bundled().unwrap();
    let report = compare(&registry, &["hardenberg", "tilburg"], population(500, 1)).report;
    let (hardenberg, tilburg) = rule_lines(&registry, None, &report, "huishoudelijke_hulp");
    let a = texts(&hardenberg);
    let b = texts(&tilburg);
    assert!(a.contains("open_access(\"huishoudelijke_hulp\")"), "{a}");
    assert!(a.contains(".intake()"), "the whole chain: {a}");
    assert!(
        b.contains("decision_required(\"huishoudelijke_hulp\")"),
        "{b}"
    );
    assert!(!a.contains("decision_required"), "no other statement: {a}");
    // Each line is the script's own text at that number.
    let script = &registry
        .rule_sets()
        .find(|r| r.id() == "hardenberg")
        .unwrap()
        .source()
        .script;
    for line in &hardenberg[0].lines {
        assert_eq!(
            script.lines().nth(line.number - 1),
            Some(line.text.as_str())
        );
    }
    // Hardenberg cites its page through the constant HH_PAGE, and its 2026 beleidsregels through
    // BELEIDSREGELS_2026.
    let cited: Vec<&str> = hardenberg[0]
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        cited,
        vec!["hardenberg-hh", "beleidsregels-wmo-hardenberg-2026"]
    );
    assert!(hardenberg[0].sources[0]
        .url
        .as_deref()
        .is_some_and(|u| u.contains("hardenberg.nl")));
    assert!(tilburg.iter().any(|b| !b.sources.is_empty()), "{tilburg:?}");
}

#[test]
fn the_rule_behind_a_draft_is_read_from_the_draft_and_its_block_headers_come_along() {
    let registry = Registry::bundled().unwrap();
    let draft = draft_of(&registry, "westerveld", |s| {
        s.replace(
            "decision_required(\"respijtzorg\")",
            "open_access(\"respijtzorg\")",
        )
    });
    let report = compare(
        &registry,
        &["westerveld", "concept"],
        CompareOptions {
            draft: Some(draft.clone()),
            ..population(800, 1)
        },
    )
    .report;
    let (westerveld, concept) = rule_lines(&registry, Some(&draft), &report, "respijtzorg");
    assert!(texts(&westerveld).contains("decision_required(\"respijtzorg\")"));
    assert!(texts(&concept).contains("open_access(\"respijtzorg\")"));
    assert_eq!(concept[0].file, "draft/rules.rhai");
    assert_eq!(
        concept[0]
            .sources
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        vec!["westerveld-uitzonderingen"]
    );
    // A rule inside a block: the block's header says when it applies.
    let inside = api::rule_behind(
        &registry,
        None,
        &format!(
            "rules/westerveld/rules.rhai:{}",
            line_of(&registry, "westerveld", "\"geen-bijdrage-onder-110\"")
        ),
    )
    .unwrap();
    let text = texts(&[inside]);
    assert!(text.contains("if resident.income_at_most(110) {"), "{text}");
    assert!(text.contains("d.cost_free()"), "{text}");
    let error = api::rule_behind(&registry, None, "rules/atlantis/rules.rhai:3").unwrap_err();
    assert_eq!(error.code(), "input");
}

fn line_of(registry: &Registry, id: &str, needle: &str) -> usize {
    let script = &registry
        .rule_sets()
        .find(|r| r.id() == id)
        .unwrap()
        .source()
        .script;
    script.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_base_cases_run_against_a_draft_and_a_changed_rule_fails_its_case() {
    let registry = Registry::bundled().unwrap();
    let unchanged = draft_of(&registry, "westerveld", |s| s.to_string());
    let results = unchanged.run_cases(&registry, "westerveld").unwrap();
    assert!(results.len() >= 12);
    assert!(results.iter().all(|r| r.passed()), "{results:?}");
    let changed = draft_of(&registry, "westerveld", |s| {
        s.replace(
            "decision_required(\"respijtzorg\")",
            "open_access(\"respijtzorg\")",
        )
    });
    let results = changed.run_cases(&registry, "westerveld").unwrap();
    let failed: Vec<_> = results.iter().filter(|r| !r.passed()).collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(
        failed[0].case,
        "Mantelzorger van een partner met dementie wil even rust"
    );
    let failure = &failed[0].failures[0];
    assert_eq!(
        (
            failure.provision.as_deref(),
            failure.expected.as_str(),
            failure.got.as_str()
        ),
        (
            Some("respijtzorg"),
            "route decision_required",
            "open_access"
        )
    );
    assert_eq!(
        failure.to_string(),
        "respijtzorg: expected route decision_required, got open_access"
    );
    let error = changed.run_cases(&registry, "atlantis").unwrap_err();
    assert_eq!(error.code(), "unknown_municipality");
}

/// The folder's files as a rule set source, as `toegang check` reads them from disk.
fn folder_source(folder: &api::RuleSetFolder) -> RuleSetSource {
    let file = |name: &str| {
        folder
            .files
            .iter()
            .find(|f| f.path == format!("{}/{name}", folder.name))
            .map(|f| f.text.clone())
            .unwrap()
    };
    RuleSetSource {
        dir: folder.name.clone(),
        metadata: file("ruleset.toml"),
        script: file("rules.rhai"),
        cases: Some(file("cases.toml")),
        case_count: None,
        content_hash: None,
    }
}

#[test]
fn every_bundled_rule_set_as_a_folder_reads_back_as_the_same_metadata_script_and_cases() {
    let registry = Registry::bundled().unwrap();
    for rule_set in registry.rule_sets() {
        let id = rule_set.id();
        let draft = draft_of(&registry, id, |s| s.to_string());
        let folder = draft.folder(&registry, id).unwrap();
        // A concept, never to be mistaken for the rules it started from.
        assert_eq!(folder.name, format!("{id}_concept"));
        let source = folder_source(&folder);
        let read = Metadata::parse(&source).unwrap();
        let original = rule_set.metadata();
        assert_eq!(read.id, format!("{id}_concept"));
        assert_eq!(read.name, format!("{} (concept)", original.name));
        assert_eq!(read.version, format!("{}-concept", original.version));
        assert_eq!(read.concept_of.as_deref(), Some(id));
        let as_original = Metadata {
            id: original.id.clone(),
            name: original.name.clone(),
            version: original.version.clone(),
            concept_of: None,
            ..read
        };
        assert_eq!(&as_original, original, "{id}: otherwise the same metadata");
        assert!(
            folder.files[0]
                .text
                .starts_with("# CONCEPT of the rules of"),
            "{id}"
        );
        assert_eq!(source.script, rule_set.source().script, "{id}");
        let written = cases::situations(&source).unwrap();
        let original = cases::situations(rule_set.source()).unwrap();
        assert_eq!(written, original, "{id}: the same cases");
        let compiled = CompiledRuleSet::compile(source).unwrap();
        let checked = registry
            .checked_with(std::slice::from_ref(&compiled))
            .unwrap();
        let results = cases::run(&compiled, checked.baseline()).unwrap();
        assert_eq!(results.len(), original.len(), "{id}");
        assert!(results.iter().all(|r| r.passed()), "{id}: {results:?}");
    }
}

#[test]
fn the_csv_and_html_carry_the_failure_counts_of_the_json_report() {
    let registry = Registry::bundled().unwrap();
    let draft = draft_of(&registry, "westerveld", |s| {
        format!("if resident.age > 90 {{ let x = 1 / 0; }}\n{s}")
    });
    let reports = compare(
        &registry,
        &["westerveld", "concept"],
        CompareOptions {
            draft: Some(draft),
            ..population(2_000, 1)
        },
    );
    let failed = reports.report.errors[1];
    assert!(failed > 0);
    assert_eq!(reports.report.errors[0], 0);
    let mut rows = reports.csv.lines();
    assert_eq!(
        rows.next(),
        Some("provision,municipality,asked,open_access,decision_required,not_offered,elsewhere,no_advice,failed")
    );
    for row in rows {
        let expected = if row.split(',').nth(1) == Some("concept") {
            failed
        } else {
            0
        };
        assert!(row.ends_with(&format!(",{expected}")), "{row}");
    }
    assert!(
        reports.html.contains(&format!(
            "<strong>Concept</strong>: {failed} van de 2000 situaties konden niet worden beoordeeld"
        )),
        "the HTML names the draft and its count"
    );
    assert!(reports.html.contains("a population of 2000, seed 1"));
}

#[test]
fn the_same_seed_gives_byte_identical_csv_and_html() {
    let registry = Registry::bundled().unwrap();
    let ids = ["lansingerland", "tilburg", "hardenberg"];
    let a = compare(&registry, &ids, population(1_500, 42));
    let b = compare(&registry, &ids, population(1_500, 42));
    assert_eq!(a.csv, b.csv);
    assert_eq!(a.html, b.html);
    let other = compare(&registry, &ids, population(1_500, 43));
    assert_ne!(a.csv, other.csv, "another seed, other situations");
}

#[test]
fn a_draft_of_the_national_frame_answers_as_the_national_frame_with_that_baseline() {
    let registry = Registry::bundled().unwrap();
    let compared = |draft: Draft| {
        compare(
            &registry,
            &["zwolle", "concept"],
            CompareOptions {
                draft: Some(draft),
                ..population(600, 1)
            },
        )
        .report
    };
    // Unchanged, the draft is the national frame a municipality without rules gets.
    let same = compared(draft_of(&registry, "baseline", |s| s.to_string()));
    assert!(same.differences.is_empty(), "{:?}", same.differences);
    assert_eq!(same.similarity[0][1], 1.0);
    // A draft in which personal care without a Wlz indication is no longer the health insurer's
    // differs from the national frame on personal care, and on nothing else.
    let edited = compared(draft_of(&registry, "baseline", |s| {
        s.replace(
            "elsewhere(\"persoonlijke_verzorging\", \"zvw\")",
            "not_offered(\"persoonlijke_verzorging\")",
        )
    }));
    let provisions: Vec<&str> = edited
        .differences
        .iter()
        .map(|d| d.provision.as_str())
        .collect();
    assert_eq!(provisions, vec!["persoonlijke_verzorging"]);
    let example = &edited.differences[0].examples[0];
    assert!(!example.situation.wlz_indication);
    assert_eq!(example.a.as_ref().unwrap().route, toegang::Route::Elsewhere);
    assert_eq!(
        example.b.as_ref().unwrap().route,
        toegang::Route::NotOffered
    );
}

/// A concept unpacked next to the rules it came from is refused: one id per CBS code. Checked
/// alone, it stands in their place.
#[test]
fn a_concept_is_checked_in_its_bases_place_and_refused_next_to_it() {
    let registry = Registry::bundled().unwrap();
    let draft = draft_of(&registry, "westerveld", |s| s.to_string());
    let concept = CompiledRuleSet::compile(folder_source(
        &draft.folder(&registry, "westerveld").unwrap(),
    ))
    .unwrap();
    let checked = registry
        .checked_with(std::slice::from_ref(&concept))
        .unwrap();
    assert!(checked.rule_sets().any(|r| r.id() == "westerveld_concept"));
    assert!(!checked.rule_sets().any(|r| r.id() == "westerveld"));
    let real = registry
        .rule_sets()
        .find(|r| r.id() == "westerveld")
        .unwrap()
        .clone();
    let error = registry.checked_with(&[concept, real]).unwrap_err();
    assert_eq!(error.code(), "rule_set_file");
    assert!(
        error
            .to_string()
            .contains("cbs_code GM1701 is already the code of"),
        "{error}"
    );
}
