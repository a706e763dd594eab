//! A draft rule set: a policy advisor's script and metadata, compiled and tried next to the
//! bundled rule sets without touching a file.

use crate::error::Result;
use crate::ruleset::{Metadata, RuleSetSource};
use crate::script::engine::CompiledRuleSet;
use serde::{Deserialize, Serialize};

/// A draft rule set: the text of `rules.rhai` and the content of `ruleset.toml` as a JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// The script (`rules.rhai`).
    pub source: String,
    /// The metadata (`ruleset.toml` as an object).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Metadata"))]
    pub metadata: serde_json::Value,
}

/// The folder name a draft's errors carry: `draft/rules.rhai:15:7`.
const DRAFT_DIR: &str = "draft";

impl Draft {
    /// The draft of a compiled rule set: its own script and metadata, a starting point to edit.
    pub fn of(rule_set: &CompiledRuleSet) -> Result<Draft> {
        Ok(Draft {
            source: rule_set.source.script.clone(),
            metadata: rule_set.source.metadata_json()?,
        })
    }

    /// Compiles the draft; errors carry `draft/ruleset.toml`, or `draft/rules.rhai` with line and
    /// column.
    pub fn compile(&self) -> Result<CompiledRuleSet> {
        let source = RuleSetSource {
            dir: DRAFT_DIR.into(),
            metadata: self.metadata.to_string(),
            script: self.source.clone(),
            cases: None,
            case_count: None,
            content_hash: None,
        };
        let metadata = Metadata::from_json(&source.metadata, source.metadata_file())?;
        CompiledRuleSet::compile_with(metadata, source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Registry;

    fn bundled(id: &str) -> CompiledRuleSet {
        let registry = Registry::bundled().expect("the bundled rule sets compile");
        let found = registry.rule_sets().find(|r| r.id() == id).cloned();
        found.expect("a bundled rule set")
    }

    #[test]
    fn a_bundled_rule_set_as_a_draft_compiles_to_the_same_rules() {
        let hardenberg = bundled("hardenberg");
        let draft = Draft::of(&hardenberg).expect("its metadata converts to JSON");
        assert_eq!(draft.metadata["cbs_code"], "GM0160");
        let compiled = draft.compile().expect("the draft compiles");
        assert_eq!(compiled.id(), "hardenberg");
        assert_eq!(compiled.metadata, hardenberg.metadata);
        assert_eq!(
            Draft::of(&compiled).as_ref(),
            Ok(&draft),
            "JSON metadata round-trips"
        );
    }

    #[test]
    fn a_draft_error_names_the_draft_file_line_and_column() {
        let mut draft = Draft::of(&bundled("hardenberg")).expect("converts");
        draft.source = "let x = ;".into();
        let error = draft.compile().unwrap_err();
        let location = error.location().map(ToString::to_string);
        assert_eq!(location.as_deref(), Some("draft/rules.rhai:1:9"));
        draft.metadata = serde_json::json!({ "id": "x" });
        let error = draft.compile().unwrap_err();
        assert_eq!(error.code(), "rule_set_file");
        assert!(
            error.to_string().starts_with("draft/ruleset.toml"),
            "{error}"
        );
    }
}
