//! A rule set: one municipality's metadata (name, CBS code, validity, sources, access parties),
//! its Rhai script and its own test cases (read here; run by `authoring/`). The baseline is a rule set too; it also carries the
//! national tables (procedure terms, the Wmo subscription rate per year).

use crate::advice::{Access, PartyKind, Period, PgbConditions, ProcedureStep};
use crate::catalogue::{Law, Text};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The files of one rule set, as text, before anything is compiled.
#[derive(Debug, Clone)]
pub struct RuleSetSource {
    /// The folder, used in error locations (e.g. `rules/lansingerland`).
    pub dir: String,
    /// The text of `ruleset.toml`, or the same content as a JSON object (a published rule set
    /// file, a draft from the compare page).
    pub metadata: String,
    /// The text of `rules.rhai`: the rules themselves.
    pub script: String,
    /// The text of `cases.toml`, or the same content as JSON (a published cases file); `None`
    /// when the folder has none, or its cases were not loaded.
    pub cases: Option<String>,
    /// How many cases the rule set has, when its file says so (a published rule set, whose
    /// cases travel in a file of their own); otherwise counted in `cases`.
    pub case_count: Option<usize>,
    /// The content hash, when its file says so (a published rule set, whose metadata is JSON:
    /// the hash stays the one over the original `ruleset.toml`).
    pub content_hash: Option<String>,
}

pub mod published;
mod texts;

pub use texts::content_hash;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use texts::{is_json, toml_message, toml_to_json};

impl RuleSetSource {
    /// The rule set in one folder's files, as text (`cases`: `cases.toml`, if there is one).
    pub fn from_texts(
        dir: String,
        metadata: String,
        script: String,
        cases: Option<String>,
    ) -> Self {
        RuleSetSource {
            dir,
            metadata,
            script,
            cases,
            case_count: None,
            content_hash: None,
        }
    }

    /// The content hash of this rule set's metadata and script.
    pub fn hash(&self) -> String {
        self.content_hash
            .clone()
            .unwrap_or_else(|| content_hash(&self.metadata, &self.script))
    }

    /// The metadata as a JSON object, as a draft and a published file carry it. The wasm
    /// modules read only JSON: they get every rule set as a published file.
    pub fn metadata_json(&self) -> Result<serde_json::Value> {
        let bad = |message: String| Error::RuleSetFile {
            file: self.metadata_file(),
            message,
        };
        #[cfg(not(target_arch = "wasm32"))]
        if !is_json(&self.metadata) {
            return toml::from_str::<toml::Value>(&self.metadata)
                .map(toml_to_json)
                .map_err(|e| bad(toml_message(&e)));
        }
        serde_json::from_str(&self.metadata).map_err(|e| bad(e.to_string()))
    }

    /// The case file as JSON text, as the compare page's module reads it (a published rule set's
    /// cases file); `None` without a case file.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn cases_json(&self) -> Result<Option<String>> {
        let Some(text) = &self.cases else {
            return Ok(None);
        };
        if is_json(text) {
            return Ok(Some(text.clone()));
        }
        let value = toml::from_str::<toml::Value>(text).map_err(|e| Error::RuleSetFile {
            file: self.cases_file(),
            message: toml_message(&e),
        })?;
        Ok(Some(toml_to_json(value).to_string()))
    }

    /// How many cases the rule set has: as its file says, else counted in the case file; 0 for a
    /// file that does not parse, which `toegang check` reports.
    pub fn case_count(&self) -> usize {
        #[derive(Deserialize)]
        struct Cases {
            #[serde(default, rename = "case")]
            cases: Vec<serde::de::IgnoredAny>,
        }
        match (self.case_count, &self.cases) {
            (Some(count), _) => count,
            #[cfg(not(target_arch = "wasm32"))]
            (None, Some(text)) if !is_json(text) => {
                toml::from_str::<Cases>(text).map_or(0, |c| c.cases.len())
            }
            (None, Some(text)) => serde_json::from_str::<Cases>(text).map_or(0, |c| c.cases.len()),
            (None, None) => 0,
        }
    }

    /// Where `ruleset.toml` is, as errors name it (`rules/lansingerland/ruleset.toml`).
    pub fn metadata_file(&self) -> String {
        format!("{}/ruleset.toml", self.dir)
    }
    /// Where `rules.rhai` is, as errors name it.
    pub fn script_file(&self) -> String {
        format!("{}/rules.rhai", self.dir)
    }
    /// Where `cases.toml` is, as errors name it.
    pub fn cases_file(&self) -> String {
        format!("{}/cases.toml", self.dir)
    }

    /// Reads a rule set folder from disk.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn read_dir(dir: &std::path::Path) -> Result<Self> {
        let name = dir.to_string_lossy().trim_end_matches('/').to_string();
        let read = |file: &str| {
            read_rule_file(&dir.join(file)).map_err(|message| Error::RuleSetFile {
                file: format!("{name}/{file}"),
                message,
            })
        };
        let cases = if dir.join("cases.toml").symlink_metadata().is_ok() {
            Some(read("cases.toml")?)
        } else {
            None
        };
        let (metadata, script) = (read("ruleset.toml")?, read("rules.rhai")?);
        Ok(RuleSetSource::from_texts(name, metadata, script, cases))
    }
}

/// The largest rule set file read: a script is at most 256 KiB, and metadata and cases are far
/// smaller in practice.
pub const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;

/// Reads one file of a rule set folder: a regular file (not a symbolic link, a device or a FIFO,
/// so `check` cannot be pointed at `/etc/passwd` or `/dev/zero`), at most
/// [`MAX_RULE_FILE_BYTES`], UTF-8. The message never quotes the file's content.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn read_rule_file(path: &std::path::Path) -> std::result::Result<String, String> {
    use std::io::Read;
    let metadata = path.symlink_metadata().map_err(|e| e.to_string())?;
    if metadata.file_type().is_symlink() {
        return Err(
            "is a symbolic link; a rule set file must be a regular file in its folder".into(),
        );
    }
    if !metadata.is_file() {
        return Err("is not a regular file".into());
    }
    if metadata.len() > MAX_RULE_FILE_BYTES {
        return Err(format!(
            "is {} bytes; at most {MAX_RULE_FILE_BYTES} are read",
            metadata.len()
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RULE_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(format!("is more than {MAX_RULE_FILE_BYTES} bytes"));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("is not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}

/// Whether a rule set is a municipality's or the national frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RuleSetKind {
    /// A municipality's own rules (the default); they run first.
    #[default]
    Municipality,
    /// The national frame every municipality builds on; runs after the municipal script.
    Baseline,
}

/// The parsed `ruleset.toml`: whose rules these are, when they hold, their sources and the parties
/// a rule can send residents to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Stable id, lower case (`lansingerland`). Several versions of one municipality share it.
    pub id: String,
    /// The name residents use (`Den Haag`); `toegang check` wants the national table's name for
    /// the CBS code, or one of its other names.
    pub name: String,
    /// `municipality` unless the file says `baseline`.
    #[serde(default)]
    pub kind: RuleSetKind,
    /// CBS municipality code, `GM` and four digits.
    #[serde(default)]
    pub cbs_code: Option<String>,
    /// The rule set's own version label (`2026.1`), recorded in every advice.
    pub version: String,
    /// The first day these rules apply.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub valid_from: NaiveDate,
    /// The last day the rules were checked for; `None`: open-ended. Versions of one id may not
    /// overlap.
    #[serde(default, deserialize_with = "crate::dates::deserialize_option")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub valid_to: Option<NaiveDate>,
    /// When the rules were last checked against their sources. After `valid_to` the advice still
    /// comes from the latest version, marked as beyond its checked period.
    #[serde(default, deserialize_with = "crate::dates::deserialize_option")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub checked_on: Option<NaiveDate>,
    /// How this municipality organises access, in a few sentences of B1 Dutch and English.
    #[serde(default)]
    pub summary: Option<Text>,
    /// The pages and documents the rules rest on; a municipal rule set lists at least one.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Access parties the script may name with `via(...)`, by id.
    #[serde(default)]
    pub parties: BTreeMap<String, Party>,
    /// Who gives client support here; `None`: the advice states the right but names nobody.
    #[serde(default)]
    pub client_support: Option<ClientSupportDecl>,
    /// Assumptions that hold for the whole rule set.
    #[serde(default)]
    pub assumptions: Vec<String>,
    /// Baseline only: the decision procedure per law id.
    #[serde(default)]
    pub procedures: BTreeMap<String, Procedure>,
    /// Baseline only: the Wmo subscription rate, by period of validity.
    #[serde(default)]
    pub subscription_rates: Vec<SubscriptionRate>,
    /// A concept: the id of the rule set this draft was made from (the compare page's download,
    /// `westerveld_concept` of `westerveld`). `toegang check` checks a concept in that rule set's
    /// place; next to it in `rules/` it is refused (one id per CBS code), so a concept never
    /// silently replaces the rules it started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concept_of: Option<String>,
}

/// The words a concept's name ends with: `Westerveld (concept)`.
pub const CONCEPT_NAME_SUFFIX: &str = " (concept)";

/// A page or document a rule set rests on, with when it was read and how firm it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Its id within the rule set (`wmo-2-3-2`), for citing it (a subscription rate's `source`).
    pub id: String,
    /// What the source is and what it says, in one line.
    pub title: String,
    /// Where to read it; `None` for a seed article or another source without a public address.
    #[serde(default)]
    pub url: Option<String>,
    /// When the source was read.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub seen: NaiveDate,
    /// How firm the source is: `verified`, `verified_dated`, `seed` (our seed articles only),
    /// `legal_knowledge` or `assumption`, as in DOMAIN.md.
    pub status: SourceStatus,
}

/// The source ids a rule text cites: every `bron: a; b` (or `a, b`) in `text`, up to the closing
/// parenthesis, quote or end of line. Rule authors cite the `[[sources]]` this way in citations,
/// reasons and constants (`"Wmo 2015 art. 2.3.3 (bron: wmo-2-3-3)"`).
pub fn cited_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for after in text.split("bron:").skip(1) {
        let end = after.find([')', '"', '\n']).unwrap_or(after.len());
        for id in after[..end].split([';', ',']) {
            let id = id.trim();
            if !id.is_empty() {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

/// How firm a source is: the tags of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// The cited page says it (`[V]`).
    Verified,
    /// Verified, but the page is old or undated (`[V-dated]`).
    VerifiedDated,
    /// From the seed articles only, not confirmed (`[S]`).
    Seed,
    /// General legal knowledge, not re-read (`[K]`).
    LegalKnowledge,
    /// An assumption (`[A]`).
    Assumption,
}

/// A door a rule can send residents to with `.via(id)`: a desk, a team or a provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Its name as residents know it.
    pub name: String,
    /// What sort of door it is.
    pub kind: PartyKind,
    /// The published phone number; leave it out when none was found.
    #[serde(default)]
    pub phone: Option<String>,
    /// The web address; leave it out when none was found.
    #[serde(default)]
    pub web: Option<String>,
    /// The published e-mail address; leave it out when none was found.
    #[serde(default)]
    pub email: Option<String>,
}

impl Party {
    /// The party as an advice shows it, under its id; `intake`: a short intake comes first.
    pub fn access(&self, id: &str, intake: bool) -> Access {
        Access {
            party: id.to_string(),
            name: self.name.clone(),
            kind: self.kind,
            phone: self.phone.clone(),
            web: self.web.clone(),
            email: self.email.clone(),
            intake,
        }
    }
}

/// Who gives client support in the municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ClientSupportDecl {
    /// The id of a party under `[parties]`; reading the rule set checks that it is declared.
    pub party: String,
}

/// The decision procedure of one law, as the baseline's `[procedures.<law>]` gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The legal term for the beschikking, in weeks (for the Wmo, 8 from the melding); a rule may
    /// set another with `.term_weeks(n)`.
    pub term_weeks: u32,
    /// Weeks to object (bezwaar) after the beschikking.
    pub objection_weeks: u32,
    /// The articles the procedure rests on.
    pub basis: String,
    /// The steps in order; every advice with a decision shares this list.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ProcedureStep[]"))]
    pub steps: std::sync::Arc<[ProcedureStep]>,
    /// The conditions of a personal budget under this law, shown with every decision that allows
    /// one.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "PgbConditions"))]
    pub pgb: Option<std::sync::Arc<PgbConditions>>,
}

/// One row of the baseline's table of the Wmo subscription rate (abonnementstarief).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SubscriptionRate {
    /// The first day the amount holds.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub from: NaiveDate,
    /// The last day it holds; the rows may not overlap.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub to: NaiveDate,
    /// The maximum per household per period, in euro cents: 2180 is € 21,80.
    pub amount_cents: u32,
    /// Per month, or per four weeks (2019).
    pub period: Period,
    /// The id of the `[[sources]]` entry that gives the amount.
    pub source: String,
}

/// After this many months a source is due to be read again.
pub const STALE_AFTER_MONTHS: u32 = 18;

impl Metadata {
    /// Parses and checks the metadata of `source` (TOML, or the same content as JSON); a fault is
    /// a `rule_set_file` error naming `ruleset.toml`.
    pub fn parse(source: &RuleSetSource) -> Result<Self> {
        let file = source.metadata_file();
        // The wasm modules read only JSON (published files, drafts); natively a folder's TOML.
        #[cfg(not(target_arch = "wasm32"))]
        if !is_json(&source.metadata) {
            return Self::checked(
                toml::from_str(&source.metadata).map_err(|e| toml_message(&e)),
                file,
            );
        }
        Self::from_json(&source.metadata, file)
    }

    /// Metadata given as a JSON object on every target: a draft from the compare page or an HTTP
    /// request. `file` names it in errors.
    pub fn from_json(text: &str, file: String) -> Result<Self> {
        Self::checked(serde_json::from_str(text).map_err(|e| e.to_string()), file)
    }

    fn checked(parsed: Result<Metadata, String>, file: String) -> Result<Self> {
        let metadata = parsed.map_err(|message| Error::RuleSetFile {
            file: file.clone(),
            message,
        })?;
        metadata
            .check()
            .map_err(|message| Error::RuleSetFile { file, message })?;
        Ok(metadata)
    }

    /// Whether this rule set applies on `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        date >= self.valid_from && self.valid_to.is_none_or(|to| date <= to)
    }

    /// Sources last read more than [`STALE_AFTER_MONTHS`] months before `today`: policy pages
    /// change (a new verordening, a new phone number), so `toegang check` asks to read them again.
    pub fn stale_sources(&self, today: NaiveDate) -> Vec<&Source> {
        let Some(cutoff) = today.checked_sub_months(chrono::Months::new(STALE_AFTER_MONTHS)) else {
            return vec![];
        };
        self.sources.iter().filter(|s| s.seen < cutoff).collect()
    }

    /// The validity in words, for errors and lists: `2025-01-01 to 2026-12-31` or
    /// `from 2019-01-01`.
    pub fn validity(&self) -> String {
        match self.valid_to {
            Some(to) => format!("{} to {}", self.valid_from, to),
            None => format!("from {}", self.valid_from),
        }
    }

    fn check(&self) -> Result<(), String> {
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            return Err(format!(
                "id `{}`: use lower-case letters, digits, `-` and `_` only",
                self.id
            ));
        }
        if self.concept_of.as_deref() == Some(self.id.as_str()) {
            return Err(format!(
                "concept_of `{}` is the rule set's own id; a concept has an id of its own",
                self.id
            ));
        }
        if let Some(to) = self.valid_to {
            if to < self.valid_from {
                return Err(format!(
                    "valid_to {to} is before valid_from {}",
                    self.valid_from
                ));
            }
        }
        match self.kind {
            RuleSetKind::Municipality => self.check_municipality(),
            RuleSetKind::Baseline => self.check_baseline(),
        }
    }

    fn check_municipality(&self) -> Result<(), String> {
        let code = self
            .cbs_code
            .as_deref()
            .ok_or("cbs_code is missing (e.g. \"GM1621\")")?;
        if !(code.len() == 6
            && code.starts_with("GM")
            && code[2..].chars().all(|c| c.is_ascii_digit()))
        {
            return Err(format!("cbs_code `{code}`: expected GM and four digits"));
        }
        if self.sources.is_empty() {
            return Err("a municipal rule set lists at least one source".into());
        }
        if let Some(cs) = &self.client_support {
            if !self.parties.contains_key(&cs.party) {
                return Err(format!(
                    "client_support.party `{}` is not a declared party",
                    cs.party
                ));
            }
        }
        if !self.procedures.is_empty() || !self.subscription_rates.is_empty() {
            return Err("procedures and subscription_rates belong in the baseline only".into());
        }
        Ok(())
    }

    fn check_baseline(&self) -> Result<(), String> {
        for law in [Law::Wmo2015, Law::Jeugdwet, Law::Participatiewet, Law::Wgs] {
            if !self.procedures.contains_key(law.id()) {
                return Err(format!("the baseline has no procedure for `{}`", law.id()));
            }
        }
        for key in self.procedures.keys() {
            if Law::from_id(key).is_none() {
                return Err(format!("procedures.{key}: not a law id"));
            }
        }
        let mut rates: Vec<_> = self.subscription_rates.iter().collect();
        rates.sort_by_key(|r| r.from);
        for pair in rates.windows(2) {
            if pair[1].from <= pair[0].to {
                return Err(format!(
                    "subscription rates overlap: {} and {}",
                    pair[0].from, pair[1].from
                ));
            }
        }
        Ok(())
    }

    /// The latest subscription rate that ended before `date`: the last amount known.
    pub fn last_subscription_rate_before(&self, date: NaiveDate) -> Option<&SubscriptionRate> {
        self.subscription_rates
            .iter()
            .filter(|r| r.to < date)
            .max_by_key(|r| r.to)
    }

    /// The subscription rate valid on `date`, from the baseline's table.
    pub fn subscription_rate_on(&self, date: NaiveDate) -> Option<&SubscriptionRate> {
        self.subscription_rates
            .iter()
            .find(|r| r.from <= date && date <= r.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        crate::dates::parse(text).unwrap()
    }

    #[test]
    fn a_source_is_stale_from_the_day_after_18_months() {
        let registry = crate::Registry::bundled().unwrap();
        let rule_set = registry
            .rule_sets()
            .find(|r| r.id() == "westerveld")
            .unwrap();
        let mut metadata = rule_set.metadata.clone();
        metadata.sources.truncate(1);
        metadata.sources[0].seen = day("2025-05-25");
        assert!(metadata.stale_sources(day("2026-11-25")).is_empty());
        assert_eq!(metadata.stale_sources(day("2026-11-26")).len(), 1);
    }
}
