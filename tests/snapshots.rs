//! Snapshots of the full advice for every Lansingerland case: any change in what a resident reads
//! shows up in review as a diff of these files.

use toegang::{cases, Registry};

#[test]
fn lansingerland_advice_for_every_case() {
    let registry = Registry::bundled().unwrap();
    let rule_set = registry
        .rule_sets()
        .find(|r| r.id() == "lansingerland")
        .unwrap();
    for (name, situation) in cases::situations(&rule_set.source).unwrap() {
        let advice = registry.advise("lansingerland", &situation).unwrap();
        let slug: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        insta::with_settings!({ description => name.clone(), snapshot_suffix => slug }, {
            insta::assert_json_snapshot!("lansingerland", advice);
        });
    }
}
