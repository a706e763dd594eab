//! The registry's municipal rule sets written out as published files, and read back from them
//! with every file verified against the index (`ruleset/published.rs` has the format).

use super::Registry;
use crate::error::{Error, Result};
use crate::ruleset::published::{self, Index, IndexEntry, RuleSetFile};
use crate::ruleset::read_rule_file;
use std::path::Path;

/// `value` as JSON text kept whole in a rule set file.
fn raw_json(value: &serde_json::Value) -> Result<Box<serde_json::value::RawValue>> {
    serde_json::value::to_raw_value(value).map_err(|e| Error::Internal {
        message: format!("could not write the metadata: {e}"),
    })
}

/// A rule set published: its index entry and the bytes of its file.
pub struct Published {
    /// What the index says of it.
    pub entry: IndexEntry,
    /// The file, exactly as the entry's `file_sha256` was computed over it.
    pub bytes: Vec<u8>,
    /// Its cases file (`cases_file` in the entry), if it has cases.
    pub cases: Option<Vec<u8>>,
}

impl Registry {
    /// Every municipal rule set of this registry as a published file, with the index that lists
    /// them (by id, then first day). The baseline travels inside the engine and is not published.
    pub fn publish(&self) -> Result<(Index, Vec<Published>)> {
        let mut all = Vec::new();
        for rule_set in self.municipalities.iter() {
            let source = rule_set.source();
            let metadata = &rule_set.metadata;
            let file = RuleSetFile {
                format: published::FILE_FORMAT.into(),
                dir: source.dir.clone(),
                cases: source.case_count(),
                hash: source.hash(),
                metadata: raw_json(&source.metadata_json()?)?,
                script: source.script.clone(),
            };
            let bytes = serde_json::to_vec(&file).map_err(|e| Error::Internal {
                message: format!("could not write the rule set file: {e}"),
            })?;
            let cases = source.cases_json()?.map(String::into_bytes);
            let entry = IndexEntry {
                id: metadata.id.clone(),
                name: metadata.name.clone(),
                cbs_code: metadata.cbs_code.clone(),
                version: metadata.version.clone(),
                valid_from: metadata.valid_from,
                valid_to: metadata.valid_to,
                checked_on: metadata.checked_on,
                hash: file.hash.clone(),
                dir: file.dir.clone(),
                cases: file.cases,
                file: published::file_name(&metadata.id, metadata.valid_from),
                file_sha256: published::sha256(&bytes),
                cases_file: cases
                    .as_ref()
                    .map(|_| published::cases_file_name(&metadata.id, metadata.valid_from)),
                cases_file_sha256: cases.as_deref().map(published::sha256),
            };
            all.push(Published {
                entry,
                bytes,
                cases,
            });
        }
        let index = Index {
            format: published::INDEX_FORMAT.into(),
            rule_sets: all.iter().map(|p| p.entry.clone()).collect(),
        };
        Ok((index, all))
    }

    /// The bundled baseline and municipality table, with the municipal rule sets published in
    /// `dir`: `index.json` and the files it lists, each verified before it is compiled. Any
    /// fault fails the whole folder, so a server never runs on half of it.
    pub fn from_published(dir: &Path) -> Result<Registry> {
        let read = |name: &str| {
            read_rule_file(&dir.join(name)).map_err(|message| Error::RuleSetFile {
                file: name.to_string(),
                message,
            })
        };
        let index = Index::parse(&read(published::INDEX_FILE)?)?;
        let bundled = Registry::bundled()?;
        let mut sources = vec![bundled.baseline().source().clone()];
        for entry in &index.rule_sets {
            if entry.file.contains(['/', '\\']) || entry.file.starts_with('.') {
                return Err(Error::RuleSetFile {
                    file: published::INDEX_FILE.into(),
                    message: format!("`{}` is not a file name next to the index", entry.file),
                });
            }
            sources.push(entry.open(read(&entry.file)?.as_bytes())?);
        }
        let registry = Registry::from_sources(sources)?;
        for entry in &index.rule_sets {
            let loaded = registry
                .municipalities
                .iter()
                .find(|m| m.hash() == entry.hash);
            if let Some(m) = loaded {
                entry.check_id(m.id(), &m.source.dir, m.hash())?;
            }
        }
        Ok(registry.with_table(bundled.table().clone()))
    }
}
