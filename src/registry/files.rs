//! The registry's municipal rule sets written out as published files, and read back from them
//! with every file verified against the index (`ruleset/published.rs` has the format). The rule
//! sets embedded in the native engine take the same way in: published in memory, then loaded.

use super::{embedded, Registry};
use crate::error::{Error, Result};
use crate::municipalities::MunicipalityTable;
use crate::ruleset::published::{self, Index, IndexEntry, RuleSetFile};
use crate::ruleset::{read_rule_file, Metadata, RuleSetKind, RuleSetSource};
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

impl Published {
    /// `source` (whose metadata is `metadata`) as a published file with its index entry.
    fn of(source: &RuleSetSource, metadata: &Metadata) -> Result<Published> {
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
        Ok(Published {
            entry,
            bytes,
            cases,
        })
    }

    /// The rule set read back from its file, with its cases, each verified against the entry.
    fn open(&self) -> Result<RuleSetSource> {
        let mut source = self.entry.open(&self.bytes)?;
        if let Some(cases) = &self.cases {
            source.cases = Some(self.entry.open_cases(cases)?);
        }
        Ok(source)
    }
}

/// The index that lists `all`, in their order.
fn index_of(all: &[Published]) -> Index {
    Index {
        format: published::INDEX_FORMAT.into(),
        rule_sets: all.iter().map(|p| p.entry.clone()).collect(),
    }
}

/// The embedded rule set folders: the national frame's source, and every municipal one
/// published (by id, then first day). The national frame is published and read back too, so
/// every rule set the native engine runs came through the published-file loader, as in a wasm
/// module.
fn embedded() -> Result<(RuleSetSource, Vec<Published>)> {
    let mut baseline = None;
    let mut municipal = Vec::new();
    for source in embedded::folders()? {
        let metadata = Metadata::parse(&source)?;
        match metadata.kind {
            RuleSetKind::Baseline if baseline.is_some() => {
                return Err(Error::RuleSetFile {
                    file: source.dir,
                    message: "a second baseline; there can be only one".into(),
                })
            }
            RuleSetKind::Baseline => baseline = Some(Published::of(&source, &metadata)?),
            RuleSetKind::Municipality => municipal.push(Published::of(&source, &metadata)?),
        }
    }
    let baseline = baseline.ok_or_else(|| Error::RuleSetFile {
        file: "rules/".into(),
        message: "no baseline rule set (kind = \"baseline\")".into(),
    })?;
    municipal
        .sort_by(|a, b| (&a.entry.id, a.entry.valid_from).cmp(&(&b.entry.id, b.entry.valid_from)));
    Ok((baseline.open()?, municipal))
}

impl Registry {
    /// The rule sets embedded in the engine, with the national municipality table: the national
    /// frame compiled from its folder, every municipal folder published in memory and loaded
    /// through the same loader, with the same checks, as a published file.
    pub fn bundled() -> Result<Registry> {
        let (baseline, municipal) = embedded()?;
        let read = |name: &str| {
            let found = municipal.iter().find(|p| p.entry.file == name);
            found
                .map(|p| p.bytes.clone())
                .ok_or_else(|| Error::RuleSetFile {
                    file: name.to_string(),
                    message: "is not embedded".into(),
                })
        };
        let mut registry = Registry::from_index_files(baseline, &index_of(&municipal), read)?;
        // Their cases too (`toegang test`, a draft run against its base's cases), verified the
        // same way.
        for published in &municipal {
            let (Some(bytes), Some(rule_set)) = (
                &published.cases,
                registry
                    .municipalities
                    .iter_mut()
                    .find(|m| m.hash() == published.entry.hash),
            ) else {
                continue;
            };
            rule_set.source.cases = Some(published.entry.open_cases(bytes)?);
        }
        Ok(registry.with_table(MunicipalityTable::bundled()?))
    }

    /// The national frame as a published file, with an index that lists only it: what the wasm
    /// modules embed (`toegang publish --national-frame`), as they carry no rule set folder.
    pub fn publish_national_frame(&self) -> Result<(Index, Published)> {
        let published = Published::of(self.baseline.source(), &self.baseline.metadata)?;
        Ok((index_of(std::slice::from_ref(&published)), published))
    }

    /// Every municipal rule set of this registry as a published file, with the index that lists
    /// them (by id, then first day). The national frame travels inside the engine: see
    /// [`Registry::publish_national_frame`].
    pub fn publish(&self) -> Result<(Index, Vec<Published>)> {
        let all = self
            .municipalities
            .iter()
            .map(|rule_set| Published::of(rule_set.source(), &rule_set.metadata))
            .collect::<Result<Vec<_>>>()?;
        Ok((index_of(&all), all))
    }

    /// The embedded baseline and municipality table, with the municipal rule sets published in
    /// `dir`: `index.json` and the files it lists, each verified before it is compiled. Any
    /// fault fails the whole folder, so a server never runs on half of it.
    pub fn from_published(dir: &Path) -> Result<Registry> {
        // An error names the file with its folder: the folder is what the operator gave.
        let read = |name: &str| {
            let path = dir.join(name);
            read_rule_file(&path)
                .map(String::into_bytes)
                .map_err(|message| Error::RuleSetFile {
                    file: path.display().to_string(),
                    message,
                })
        };
        let index = Index::parse(&String::from_utf8_lossy(&read(published::INDEX_FILE)?))?;
        let (baseline, _) = embedded()?;
        let registry = Registry::from_index_files(baseline, &index, read)?;
        Ok(registry.with_table(MunicipalityTable::bundled()?))
    }
}
