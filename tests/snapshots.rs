//! Snapshots of the full advice for every case of every municipality: any change in what a
//! resident reads shows up in review as a diff of these files.

use toegang::{cases, Registry};

#[test]
fn advice_for_every_case_of_every_municipality() {
    let registry = Registry::bundled().unwrap();
    for rule_set in registry
        .rule_sets()
        .filter(|r| r.metadata.cbs_code.is_some())
    {
        for (name, situation) in cases::situations(&rule_set.source).unwrap() {
            let advice = registry.advise(rule_set.id(), &situation).unwrap();
            let slug: String = name
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            insta::with_settings!({ description => name.clone(), snapshot_suffix => slug }, {
                insta::assert_json_snapshot!(rule_set.id(), advice);
            });
        }
    }
}
