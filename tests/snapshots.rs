//! Snapshots of the full advice for every case of every municipality: any change in what a
//! resident reads shows up in review as a diff of these files. The content hashes are redacted
//! (they change on every edit of a rule file, so a diff in them would be accepted by habit); they
//! are tested on their own below. A run reports every case whose advice changed, not the first.

use toegang::{authoring::cases, CompiledRuleSet, Registry};

#[test]
fn advice_for_every_case_of_every_municipality() {
    let registry = Registry::bundled().unwrap();
    let mut changed = Vec::new();
    let (mut checked, mut cases_written) = (0, 0);
    for rule_set in registry
        .rule_sets()
        .filter(|r| r.metadata().cbs_code.is_some())
    {
        cases_written += rule_set.source().case_count();
        for (name, situation) in cases::situations(rule_set.source()).unwrap() {
            checked += 1;
            let advice = registry.advise(rule_set.id(), &situation).unwrap();
            let slug: String = name
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let id = rule_set.id().to_string();
            let same = std::panic::catch_unwind(|| {
                insta::with_settings!({ description => name.clone(), snapshot_suffix => slug }, {
                    insta::assert_json_snapshot!(id, advice, {
                        ".rule_set.hash" => "[content hash]",
                        ".baseline.hash" => "[content hash]",
                    });
                });
            });
            if same.is_err() {
                changed.push(format!("{}: {name}", rule_set.id()));
            }
        }
    }
    assert_eq!(checked, cases_written, "every case has its snapshot");
    assert!(checked >= 100, "{checked} cases");
    assert!(
        changed.is_empty(),
        "the advice changed in {} cases:\n{}",
        changed.len(),
        changed.join("\n")
    );
}

/// The hash in every advice identifies the rules that gave it: any edit of the metadata or of
/// the script changes it, also where one file's text moves into the other.
#[test]
fn the_content_hash_changes_with_the_metadata_and_the_script() {
    let registry = Registry::bundled().unwrap();
    let westerveld = registry
        .rule_sets()
        .find(|r| r.id() == "westerveld")
        .unwrap();
    let folder = toegang::ruleset::RuleSetSource::read_dir("rules/westerveld".as_ref()).unwrap();
    let hash_of = |metadata: &str, script: &str| {
        let mut source = folder.clone();
        source.metadata = metadata.into();
        source.script = script.into();
        CompiledRuleSet::compile(source).unwrap().hash().to_string()
    };
    let (metadata, script) = (&folder.metadata, &folder.script);
    let original = hash_of(metadata, script);
    assert_eq!(
        original,
        westerveld.hash(),
        "the engine's embedded copy and the folder on disk agree"
    );
    let checked_later =
        metadata.replace("checked_on = \"2026-11-01\"", "checked_on = \"2026-11-02\"");
    assert_ne!(checked_later, *metadata);
    assert_ne!(
        hash_of(&checked_later, script),
        original,
        "an edit of ruleset.toml"
    );
    assert_ne!(
        hash_of(metadata, &format!("{script}\n// a comment")),
        original,
        "an edit of rules.rhai"
    );
    assert_eq!(
        hash_of(metadata, script),
        original,
        "the same files, the same hash"
    );
}
