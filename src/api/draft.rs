//! A draft rule set: a policy advisor's script and metadata, compiled and tried next to the
//! bundled rule sets without touching a file.

use crate::authoring::cases::{self, CaseResult};
use crate::authoring::toml_text::to_toml;
use crate::error::{Error, Result};
use crate::registry::Registry;
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
    /// The draft of the loaded rule set `id` (`ruleSetSource`): `rule_set_not_loaded` for a
    /// published one not loaded yet, `unknown_municipality` for any other.
    pub fn of_loaded(registry: &Registry, id: &str) -> Result<Draft> {
        Draft::of(loaded(registry, id)?)
    }

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
        self.compile_with_cases(None)
    }

    /// Compiles the draft with a case file (its text as the rule set's source holds it).
    fn compile_with_cases(&self, cases: Option<String>) -> Result<CompiledRuleSet> {
        let source = RuleSetSource {
            dir: DRAFT_DIR.into(),
            metadata: self.metadata.to_string(),
            script: self.source.clone(),
            cases,
            case_count: None,
            content_hash: None,
        };
        let metadata = Metadata::from_json(&source.metadata, source.metadata_file())?;
        self.refuse_empty()?;
        CompiledRuleSet::compile_with(metadata, source)
    }

    /// An empty draft (nothing but blanks and comments) is a mistake, not a rule set: compared, it
    /// would silently answer as the national frame alone.
    fn refuse_empty(&self) -> Result<()> {
        let has_code = self
            .source
            .lines()
            .map(str::trim)
            .any(|line| !line.is_empty() && !line.starts_with("//"));
        if has_code {
            return Ok(());
        }
        Err(Error::Validation {
            location: crate::error::Location {
                file: format!("{DRAFT_DIR}/rules.rhai"),
                line: Some(1),
                column: Some(1),
            },
            message: "the draft has no rules: empty, it would compare as the national frame alone"
                .into(),
            help: Some(
                "start from the rules of a municipality or of the national frame, and change them"
                    .into(),
            ),
        })
    }

    /// Runs the cases of the bundled rule set `base` (the one the draft started from) against the
    /// draft: did the edit change an advice its author checked?
    pub fn run_cases(&self, registry: &Registry, base: &str) -> Result<Vec<CaseResult>> {
        let base = bundled(registry, base)?;
        let rule_set = self.compile_with_cases(base.source.cases.clone())?;
        cases::run(&rule_set, registry.baseline())
    }

    /// The draft's script as a rule set folder that `toegang check` accepts: the metadata and the
    /// cases of the loaded rule set `base` it started from, marked as a concept so it cannot be
    /// mistaken for those rules: its own id and folder (`westerveld_concept`), "(concept)" after
    /// its name, "-concept" after its version, and `concept_of = "westerveld"`. `toegang check`
    /// checks it in its base's place; put next to the base in `rules/`, the build refuses it. The
    /// metadata is written by the TOML writer, so it reads back as the same metadata.
    pub fn folder(&self, registry: &Registry, base: &str) -> Result<RuleSetFolder> {
        let base = bundled(registry, base)?;
        let source = &base.source;
        let id = format!("{}_concept", base.id());
        let mut metadata = source.metadata_json()?;
        if let Some(fields) = metadata.as_object_mut() {
            let m = &base.metadata;
            let name = format!("{}{}", m.name, crate::ruleset::CONCEPT_NAME_SUFFIX);
            fields.insert("id".into(), id.clone().into());
            fields.insert("name".into(), name.into());
            fields.insert("version".into(), format!("{}-concept", m.version).into());
            fields.insert("concept_of".into(), base.id().into());
        }
        let toml = to_toml(&metadata).map_err(|message| Error::RuleSetFile {
            file: source.metadata_file(),
            message: format!("cannot be written as TOML: {message}"),
        })?;
        let header = format!(
            "# CONCEPT of the rules of {name}, made in the compare page. Not the rules of {name}:\n\
             # its id, name and version say it is a concept, and `toegang check` checks it in the\n\
             # place of `{base_id}`. Next to rules/{base_id} the build refuses it (one id per CBS\n\
             # code). To make it the rules: copy rules.rhai over rules/{base_id}/rules.rhai.\n\
             # Written out from {file}; the comments there (the sources' quotes) are not kept here.\n",
            name = base.metadata.name,
            base_id = base.id(),
            file = source.metadata_file(),
        );
        let cases = match cases::file_as_toml(source)? {
            text if text.is_empty() => {
                "# No cases yet: add [[case]] tables (see rules/README.md).\n".to_string()
            }
            text => text,
        };
        Ok(RuleSetFolder {
            files: vec![
                RuleSetFile::new(&id, "ruleset.toml", format!("{header}{toml}")),
                RuleSetFile::new(&id, "rules.rhai", self.source.clone()),
                RuleSetFile::new(&id, "cases.toml", cases),
            ],
            name: id,
        })
    }
}

/// The bundled rule set `id` (the baseline included), or `unknown_municipality`.
/// The loaded rule set `id` a draft started from, with its cases: a published rule set's cases
/// are a file of their own (the compare page loads them with `loadCases`), and running a draft
/// against none would pass silently.
fn bundled<'a>(registry: &'a Registry, id: &str) -> Result<&'a CompiledRuleSet> {
    let base = loaded(registry, id)?;
    if base.source.cases.is_none() && base.source.case_count() > 0 {
        return Err(Error::RuleSetFile {
            file: base.source.cases_file(),
            message: format!(
                "its {} cases are not loaded: load them first (npm: `await loadCases(\"{id}\")`)",
                base.source.case_count()
            ),
        });
    }
    Ok(base)
}

/// The loaded rule set `id`. Published but not loaded says so (`rule_set_not_loaded`); any other
/// id is unknown, with up to five rule sets of a close name as suggestions.
fn loaded<'a>(registry: &'a Registry, id: &str) -> Result<&'a CompiledRuleSet> {
    if let Some(rule_set) = registry.rule_sets().find(|r| r.id() == id) {
        return Ok(rule_set);
    }
    if registry.municipality(id).is_ok() {
        registry.check_published_loaded(id)?;
    }
    let close = registry.suggest(id).into_iter().map(|hit| hit.municipality);
    let ids = close
        .filter(|m| m.has_rule_set)
        .map(|m| m.id)
        .take(5)
        .collect();
    Err(Error::unknown_municipality(id, ids))
}

/// A rule set folder as files: what a browser offers as a download (a zip) and `toegang check`
/// reads once unpacked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RuleSetFolder {
    /// The folder's name: the concept's id (`westerveld_concept`).
    pub name: String,
    /// `ruleset.toml`, `rules.rhai` and `cases.toml`.
    pub files: Vec<RuleSetFile>,
}

/// One file of a rule set folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RuleSetFile {
    /// Its path inside the download: `westerveld_concept/rules.rhai`.
    pub path: String,
    /// Its text.
    pub text: String,
}

impl RuleSetFile {
    fn new(folder: &str, name: &str, text: String) -> RuleSetFile {
        RuleSetFile {
            path: format!("{folder}/{name}"),
            text,
        }
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
