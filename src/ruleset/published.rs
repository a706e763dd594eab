//! Rule sets as published files: one self-contained JSON document per rule set version, and an
//! index of them, so the engine can ship without any municipality inside and load the one it is
//! asked for. `toegang publish` writes them from the rule set folders; the engine reads a file
//! only after its bytes match the SHA-256 the index gives for it (`rule_set_tampered`
//! otherwise), so a changed or swapped file never answers under another's name.
//!
//! The advice keeps naming a rule set by its content hash (`rule_set.hash`, over `ruleset.toml`
//! and `rules.rhai`), exactly as before: a published file gives the same advice, byte for byte,
//! as the folder it came from.

use super::RuleSetSource;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The `format` of a rule set file; a reader refuses any other.
pub const FILE_FORMAT: &str = "toegang-rule-set/1";
/// The `format` of the index.
pub const INDEX_FORMAT: &str = "toegang-rule-set-index/1";
/// The index's file name, next to the rule set files.
pub const INDEX_FILE: &str = "index.json";

/// One version of one rule set, everything the engine needs to run it.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetFile {
    /// Always [`FILE_FORMAT`].
    pub format: String,
    /// Where the rule set's folder was (`rules/hardenberg`): error locations and reasons name
    /// `rules/hardenberg/rules.rhai:18`, as for the folder itself.
    pub dir: String,
    /// How many cases the folder's `cases.toml` holds (the cases stay with the folder).
    pub cases: usize,
    /// The content hash of `ruleset.toml` and `rules.rhai`, as every advice names it.
    pub hash: String,
    /// `ruleset.toml` as a JSON object, kept as its text: the engine reads it as it reads any
    /// rule set's metadata.
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub metadata: Box<serde_json::value::RawValue>,
    /// `rules.rhai`.
    pub script: String,
}

/// What the index says of one rule set file: enough to choose it without reading it, and the
/// SHA-256 of its bytes to verify it once read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    /// The rule set's id (`hardenberg`).
    pub id: String,
    /// The municipality's name.
    pub name: String,
    /// The CBS code.
    pub cbs_code: Option<String>,
    /// The rule set's own version label.
    pub version: String,
    /// The first day the rules apply.
    #[schemars(with = "String")]
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub valid_from: NaiveDate,
    /// The last day they were checked for; `None`: open-ended.
    #[schemars(with = "Option<String>")]
    #[serde(default, deserialize_with = "crate::dates::deserialize_option")]
    pub valid_to: Option<NaiveDate>,
    /// When they were last checked against their sources.
    #[schemars(with = "Option<String>")]
    #[serde(default, deserialize_with = "crate::dates::deserialize_option")]
    pub checked_on: Option<NaiveDate>,
    /// The content hash, as every advice names it: what a case system pins.
    pub hash: String,
    /// Where the rule set's folder was (`rules/hardenberg`), as the file says.
    pub dir: String,
    /// How many cases the folder's `cases.toml` holds, as the file says.
    pub cases: usize,
    /// The file's name, next to the index.
    pub file: String,
    /// `sha256:` and the hex digest of the file's bytes, checked before the file is used.
    pub file_sha256: String,
    /// The file of its cases (`cases.toml` as JSON), for the compare page, which runs a draft
    /// against the cases of the rule set it started from; `None` without cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cases_file: Option<String>,
    /// `sha256:` and the hex digest of the cases file's bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cases_file_sha256: Option<String>,
}

/// Every published rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Always [`INDEX_FORMAT`].
    pub format: String,
    /// One entry per rule set version, by id and then by first day.
    pub rule_sets: Vec<IndexEntry>,
}

/// The JSON Schema of a rule set file (`schema/rule-set-file.schema.json`).
pub fn file_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RuleSetFile)).unwrap_or_default()
}

/// The JSON Schema of the index (`schema/rule-set-index.schema.json`).
pub fn index_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Index)).unwrap_or_default()
}

/// `sha256:` and the hex digest of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

impl Index {
    /// Reads an index, refusing another format.
    pub fn parse(text: &str) -> Result<Index> {
        let index: Index = serde_json::from_str(text).map_err(|e| Error::RuleSetFile {
            file: INDEX_FILE.into(),
            message: e.to_string(),
        })?;
        if index.format != INDEX_FORMAT {
            return Err(Error::RuleSetFile {
                file: INDEX_FILE.into(),
                message: format!(
                    "format `{}`; this engine reads `{INDEX_FORMAT}`",
                    index.format
                ),
            });
        }
        Ok(index)
    }
}

impl IndexEntry {
    /// The rule set in `bytes`, read from this entry's file, once its bytes are the ones the
    /// index names and it is the rule set the index says it is.
    pub fn open(&self, bytes: &[u8]) -> Result<RuleSetSource> {
        let found = sha256(bytes);
        if found != self.file_sha256 {
            return Err(Error::RuleSetTampered {
                file: self.file.clone(),
                message: format!(
                    "its bytes hash to {found}, the index says {}: the file was changed after it was published",
                    self.file_sha256
                ),
            });
        }
        let bad = |message: String| Error::RuleSetFile {
            file: self.file.clone(),
            message,
        };
        // Read as text: one JSON reader in the wasm module, not a second for bytes.
        let text = std::str::from_utf8(bytes).map_err(|e| bad(e.to_string()))?;
        let file: RuleSetFile = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if file.format != FILE_FORMAT {
            return Err(bad(format!(
                "format `{}`; this engine reads `{FILE_FORMAT}`",
                file.format
            )));
        }
        // The metadata's own id is compared once it is read (`IndexEntry::check_id`).
        if file.hash != self.hash || file.dir != self.dir || file.cases != self.cases {
            return Err(self.holds_another(&file.dir, &file.hash));
        }
        Ok(RuleSetSource {
            dir: file.dir,
            metadata: file.metadata.get().to_string(),
            script: file.script,
            cases: None,
            case_count: Some(file.cases),
            content_hash: Some(file.hash),
        })
    }
}

impl IndexEntry {
    /// The rule set read from this entry's file is the one the index names: its metadata's id.
    pub fn check_id(&self, id: &str, dir: &str, hash: &str) -> Result<()> {
        if id != self.id {
            return Err(self.holds_another(dir, hash));
        }
        Ok(())
    }

    /// The cases file's text, once its bytes are the ones the index names.
    pub fn open_cases(&self, bytes: &[u8]) -> Result<String> {
        let (Some(file), Some(expected)) = (&self.cases_file, &self.cases_file_sha256) else {
            return Err(Error::RuleSetFile {
                file: self.file.clone(),
                message: "the index names no cases file for it".into(),
            });
        };
        let found = sha256(bytes);
        if found != *expected {
            return Err(Error::RuleSetTampered {
                file: file.clone(),
                message: format!(
                    "its bytes hash to {found}, the index says {expected}: the file was changed after it was published"
                ),
            });
        }
        String::from_utf8(bytes.to_vec()).map_err(|e| Error::RuleSetFile {
            file: file.clone(),
            message: e.to_string(),
        })
    }

    fn holds_another(&self, dir: &str, hash: &str) -> Error {
        Error::RuleSetTampered {
            file: self.file.clone(),
            message: format!(
                "it holds `{dir}` {hash}, the index names `{}` ({}) {}",
                self.id, self.dir, self.hash
            ),
        }
    }
}

/// The file name of a rule set version: its id and first day, which no two versions share.
pub fn file_name(id: &str, valid_from: NaiveDate) -> String {
    format!("{id}.{valid_from}.json")
}

/// The file name of a rule set version's cases.
pub fn cases_file_name(id: &str, valid_from: NaiveDate) -> String {
    format!("{id}.{valid_from}.cases.json")
}
