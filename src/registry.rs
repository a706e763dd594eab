//! The rule sets the engine knows: the baseline plus every municipality, each compiled once.
//! Picks the version of a municipality valid on the reference date and runs it.

use crate::advice::{Advice, Route};
use crate::error::{Error, Result, MAX_ID_CHARS};
use crate::municipalities::MunicipalityTable;
use crate::ruleset::published::{self, Index, IndexEntry};
use crate::ruleset::{Metadata, RuleSetKind, RuleSetSource};
use crate::script::engine::{self, CompiledRuleSet};
use crate::situation::Situation;
use directory::directory;
pub use directory::{Municipality, SearchHit};
use serde::Serialize;
use std::sync::Arc;

mod build_advice;
mod directory;
mod lifecycle;

pub use build_advice::Resolution;
use lifecycle::FrameReason;

mod embedded;

/// The rule set folders embedded in the native engine, as `toegang check` reads folders.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundled_sources() -> Result<Vec<RuleSetSource>> {
    embedded::folders()
}

/// Publishing and loading rule sets as files (`toegang publish`, `toegang serve --rules DIR`, and
/// the native engine's own embedded folders).
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
pub use files::Published;

/// Every rule set compiled once (the baseline and each version of each municipality) and the
/// national municipality table: what advice, cases and comparisons run against. Make it once and
/// reuse it: making it compiles every rule set.
#[derive(Debug, Clone)]
pub struct Registry {
    baseline: CompiledRuleSet,
    municipalities: Vec<CompiledRuleSet>,
    /// The municipal part of the national frame: no rules of its own, so the baseline alone
    /// answers, for a municipality toegang has no rule set of (or none yet on the date).
    national_frame: CompiledRuleSet,
    table: Arc<MunicipalityTable>,
    /// Every municipality: the table's, with the id of its rule set where there is one, and any
    /// rule set's municipality the table lacks (a draft's).
    directory: Arc<[Municipality]>,
    /// The published rule sets this registry may load on demand (the browser's index); those
    /// not yet loaded answer `rule_set_not_loaded` until they are.
    published: Arc<[IndexEntry]>,
    /// Ids whose published files could not be fetched or failed their check, with why: the
    /// national frame answers for them, with a notice saying so.
    unavailable: Arc<[(String, Unusable, String)]>,
}

/// Why a published rule set could not be used: what a strict advice is refused with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Its file could not be fetched or read (`rule_set_file`).
    Unreadable,
    /// Its file failed the check against the index (`rule_set_tampered`).
    Tampered,
}

/// One line of `toegang list`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSetSummary {
    /// The rule set's id (`lansingerland`).
    pub id: String,
    /// The municipality's name, or `Landelijk kader` for the baseline.
    pub name: String,
    /// `municipality` or `baseline`.
    pub kind: RuleSetKind,
    /// The CBS code; `None` for the baseline.
    pub cbs_code: Option<String>,
    /// The rule set's own version label (`2026.1`).
    pub version: String,
    /// The first day the rules apply.
    pub valid_from: chrono::NaiveDate,
    /// The last day they were checked for; `None`: open-ended.
    pub valid_to: Option<chrono::NaiveDate>,
    /// When they were last checked against their sources; `None` when the rule set does not say.
    pub checked_on: Option<chrono::NaiveDate>,
    /// How many test cases its `cases.toml` holds.
    pub cases: usize,
    /// The folder it was read from (`rules/lansingerland`).
    pub dir: String,
    /// `sha256:` and the hex digest of its metadata and script, as in every advice.
    pub hash: String,
}

/// How an advice treats a reference date outside the period a rule set was checked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdviseOptions {
    /// Refuse such a date with `not_valid_on_date`, as a case system that may act only on checked
    /// rules wants. Default: advise from the latest version, marked `beyond_checked_period`.
    pub strict_dates: bool,
}

/// Which rules answer for a municipality on a date.
enum Answer<'a> {
    /// The version valid on the date.
    Within(&'a CompiledRuleSet),
    /// The latest version, the date lying after its checked period.
    Beyond(&'a CompiledRuleSet),
    /// No version yet, or its file unavailable: the national frame, and why.
    NationalFrame { why: FrameReason },
}

impl Registry {
    /// The national frame the wasm module carries, as a published file (with every published
    /// municipal file in the wasm tests' module), with an empty municipality table: the module
    /// gets it from `pkg/municipalities.tsv`, and each municipality's rules as published files.
    #[cfg(target_arch = "wasm32")]
    pub fn bundled() -> Result<Registry> {
        let national_frame = embedded::national_frame()?;
        let (index, read) = embedded::municipal();
        Registry::from_index_files(national_frame, &index?, read)
    }

    /// The baseline `baseline` with every rule set `index` lists, each file read by `read`,
    /// verified against the index and compiled; any fault fails the whole set.
    pub(crate) fn from_index_files(
        baseline: RuleSetSource,
        index: &Index,
        read: impl Fn(&str) -> Result<Vec<u8>>,
    ) -> Result<Registry> {
        let mut sources = vec![baseline];
        for entry in &index.rule_sets {
            if entry.file.contains(['/', '\\']) || entry.file.starts_with('.') {
                return Err(Error::RuleSetFile {
                    file: published::INDEX_FILE.into(),
                    message: format!("`{}` is not a file name next to the index", entry.file),
                });
            }
            sources.push(entry.open(&read(&entry.file)?)?);
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
        Ok(registry)
    }

    /// Compiles rule sets; exactly one must be the baseline. The municipality table is empty:
    /// only the rule sets' own municipalities are known until `with_table`.
    pub fn from_sources(sources: Vec<RuleSetSource>) -> Result<Registry> {
        let mut baseline = None;
        let mut municipalities = Vec::new();
        for source in sources {
            let dir = source.dir.clone();
            let compiled = CompiledRuleSet::compile(source)?;
            match compiled.metadata.kind {
                RuleSetKind::Baseline if baseline.is_some() => {
                    return Err(Error::RuleSetFile {
                        file: dir,
                        message: "a second baseline; there can be only one".into(),
                    })
                }
                RuleSetKind::Baseline => baseline = Some(compiled),
                RuleSetKind::Municipality => municipalities.push(compiled),
            }
        }
        let baseline = baseline.ok_or_else(|| Error::RuleSetFile {
            file: "rules/".into(),
            message: "no baseline rule set (kind = \"baseline\")".into(),
        })?;
        municipalities
            .sort_by(|a, b| (a.id(), a.metadata.valid_from).cmp(&(b.id(), b.metadata.valid_from)));
        // The bundled rule sets are checked natively (the test command); drafts replace versions.
        #[cfg(not(target_arch = "wasm32"))]
        check_versions(&municipalities)?;
        let national_frame = national_frame(&baseline)?;
        let mut registry = Registry {
            baseline,
            municipalities,
            national_frame,
            table: Arc::new(MunicipalityTable::default()),
            directory: Arc::new([]),
            published: Arc::new([]),
            unavailable: Arc::new([]),
        };
        registry.list();
        Ok(registry)
    }

    /// Makes the directory anew from the table, the loaded rule sets and the published ones.
    fn list(&mut self) {
        self.directory = directory(&self.table, &self.municipalities, &self.published);
    }

    /// Knows every municipality of `table`, with or without a rule set.
    pub fn with_table(self, table: MunicipalityTable) -> Registry {
        self.knowing(Some(table), None)
    }

    /// Knows the national table and the published rule sets, each when given, with one directory
    /// for both: making it costs a slow phone about ten milliseconds each time.
    pub fn knowing(mut self, table: Option<MunicipalityTable>, index: Option<Index>) -> Registry {
        if let Some(table) = table {
            self.table = Arc::new(table);
        }
        if let Some(index) = index {
            self.published = index.rule_sets.into();
        }
        self.list();
        self
    }

    /// Replaces or adds a municipal rule set (a draft being tried out).
    pub fn with_rule_set(mut self, rule_set: CompiledRuleSet) -> Registry {
        self.municipalities.retain(|m| {
            !(m.id() == rule_set.id() && m.metadata.valid_from == rule_set.metadata.valid_from)
        });
        self.municipalities.push(rule_set);
        self.list();
        self
    }

    /// Knows the rule sets `index` publishes, to be loaded on demand (`with_published`): until a
    /// municipality's files are loaded, advice for it is refused with `rule_set_not_loaded`.
    pub fn with_index(self, index: Index) -> Registry {
        self.knowing(None, Some(index))
    }

    /// The files of `municipality`'s published rule set still to be loaded, with the
    /// municipality's id: none when it has no published rule set, when they are loaded, or when
    /// they were found unavailable.
    pub fn files_to_load(&self, municipality: &str) -> Result<(String, Vec<IndexEntry>)> {
        self.published_of(municipality, |e| {
            !self.is_unavailable(&e.id)
                && !self
                    .municipalities
                    .iter()
                    .any(|m| m.id() == e.id && m.hash() == e.hash)
        })
    }

    /// The index entries of `municipality` (by id, CBS code or name) that `keep` keeps, with its
    /// id. The national frame travels inside the engine: none for it (a draft may start from it).
    fn published_of(
        &self,
        municipality: &str,
        keep: impl Fn(&IndexEntry) -> bool,
    ) -> Result<(String, Vec<IndexEntry>)> {
        if municipality == self.baseline.id() {
            return Ok((municipality.to_string(), vec![]));
        }
        let id = self.municipality(municipality)?.id.clone();
        let entries = self.published.iter().filter(|e| e.id == id && keep(e));
        let entries = entries.cloned().collect();
        Ok((id, entries))
    }

    /// This registry with the published rule set in `bytes` (the file the index names `file`),
    /// once its bytes match the index (`rule_set_tampered` otherwise) and it compiles.
    pub fn with_published(self, file: &str, bytes: &[u8]) -> Result<Registry> {
        let entry = self
            .published
            .iter()
            .find(|e| e.file == file)
            .ok_or_else(|| Error::RuleSetFile {
                file: file.to_string(),
                message: "the index does not list this file".into(),
            })?;
        let compiled = CompiledRuleSet::compile(entry.open(bytes)?)?;
        entry.check_id(compiled.id(), &compiled.source.dir, compiled.hash())?;
        // In its place by id and first day, as `from_sources` orders them (no sort: wasm size).
        let key = |r: &CompiledRuleSet| (r.id().to_string(), r.metadata.valid_from);
        let mut registry = self;
        registry.municipalities.retain(|m| key(m) != key(&compiled));
        let at = registry
            .municipalities
            .iter()
            .position(|m| key(m) > key(&compiled))
            .unwrap_or(registry.municipalities.len());
        registry.municipalities.insert(at, compiled);
        registry.list();
        Ok(registry)
    }

    /// The cases files of `municipality`'s loaded rule set versions whose cases are not loaded yet
    /// (the compare page runs a draft against them), with the municipality's id.
    pub fn cases_to_load(&self, municipality: &str) -> Result<(String, Vec<IndexEntry>)> {
        self.published_of(municipality, |e| {
            e.cases_file.is_some()
                && self
                    .municipalities
                    .iter()
                    .any(|m| m.hash() == e.hash && m.source.cases.is_none())
        })
    }

    /// This registry with the cases in `bytes` (the cases file the index names `file`) given to
    /// the loaded rule set they belong to, once their bytes match the index.
    pub fn with_published_cases(mut self, file: &str, bytes: &[u8]) -> Result<Registry> {
        let entry = self
            .published
            .iter()
            .find(|e| e.cases_file.as_deref() == Some(file))
            .ok_or_else(|| Error::RuleSetFile {
                file: file.to_string(),
                message: "the index does not list this cases file".into(),
            })?;
        let cases = entry.open_cases(bytes)?;
        let rule_set = self
            .municipalities
            .iter_mut()
            .find(|m| m.hash() == entry.hash)
            .ok_or_else(|| Error::RuleSetFile {
                file: file.to_string(),
                message: format!("load its rule set `{}` first", entry.file),
            })?;
        rule_set.source.cases = Some(cases);
        Ok(self)
    }

    /// This registry knowing that the published rule set `id` could not be used (`why`, and
    /// `reason` in words; `*`: the index itself, so every municipality without rules loaded): the
    /// national frame answers for it, with a notice, never another version's or municipality's
    /// rules.
    pub fn with_unavailable(mut self, id: &str, why: Unusable, reason: &str) -> Registry {
        let mut all: Vec<_> = self
            .unavailable
            .iter()
            .filter(|(gone, ..)| gone != id)
            .cloned()
            .collect();
        all.push((id.to_string(), why, reason.to_string()));
        self.unavailable = all.into();
        self
    }

    /// The baseline: the national frame, which runs after every municipal script.
    pub fn baseline(&self) -> &CompiledRuleSet {
        &self.baseline
    }

    /// The national municipality table this registry knows.
    pub fn table(&self) -> &MunicipalityTable {
        &self.table
    }

    /// Every rule set, baseline first.
    pub fn rule_sets(&self) -> impl Iterator<Item = &CompiledRuleSet> {
        std::iter::once(&self.baseline).chain(self.municipalities.iter())
    }

    /// Every municipality known, with or without a rule set, in CBS code order.
    pub fn municipalities(&self) -> &[Municipality] {
        &self.directory
    }

    /// One summary per rule set, baseline first, as `toegang list` shows them: loaded, or only
    /// published and loaded on demand.
    pub fn summaries(&self) -> Vec<RuleSetSummary> {
        self.summaries_of(None)
    }

    /// The summaries of the versions of one rule set (`id`), oldest first.
    pub fn versions(&self, id: &str) -> Vec<RuleSetSummary> {
        self.summaries_of(Some(id))
    }

    fn summaries_of(&self, id: Option<&str>) -> Vec<RuleSetSummary> {
        let wanted = |other: &str| id.is_none_or(|id| id == other);
        let loaded = |e: &IndexEntry| self.municipalities.iter().any(|m| m.hash() == e.hash);
        // The loaded rule sets in their order (the baseline first), then those only published,
        // in the index's order (by id and first day; no sort: it would weigh on the wasm size).
        let mut all: Vec<RuleSetSummary> = self
            .rule_sets()
            .filter(|r| wanted(r.id()))
            .map(loaded_summary)
            .collect();
        let published = self
            .published
            .iter()
            .filter(|e| wanted(&e.id) && !loaded(e));
        all.extend(published.map(published_summary));
        all
    }

    /// The name of the rule set `id` (its latest version), or the id itself if there is none: for
    /// the columns of a report.
    pub fn name_of(&self, id: &str) -> String {
        let latest = self.rule_sets().filter(|r| r.id() == id).last();
        latest.map_or_else(|| id.to_string(), |r| r.metadata.name.clone())
    }

    /// The municipality a case system or resident means: by id (`den_haag`), CBS code (`GM0518`,
    /// `0518`) or name (`Den Haag`, `'s-Gravenhage`, any case, with or without accents).
    /// A query longer than any real one ([`MAX_ID_CHARS`]) is unknown at once, without suggestions.
    pub fn municipality(&self, query: &str) -> Result<&Municipality> {
        if beyond_any_id(query) {
            return Err(Error::unknown_municipality(query, vec![]));
        }
        directory::lookup(&self.directory, query).ok_or_else(|| {
            // A place or a former municipality ("Langedijk") names the one it is in now; else
            // the closest names ("zwole").
            let found = directory::search(&self.directory, query, 5);
            let suggestions = match found.is_empty() {
                true => directory::suggestions(&self.directory, query),
                false => found.into_iter().map(|hit| hit.municipality.id).collect(),
            };
            Error::unknown_municipality(query, suggestions)
        })
    }

    /// Municipalities whose name, place or code starts with or contains what a resident typed,
    /// best match first; none for a query longer than any real name ([`MAX_ID_CHARS`]).
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        if beyond_any_id(query) {
            return vec![];
        }
        directory::search(&self.directory, query, limit)
    }

    /// Up to five municipalities whose names are close to what a resident typed ("zwole"), for a
    /// search that found nothing: "Bedoelt u Zwolle?". None for a query longer than any real name.
    pub fn suggest(&self, query: &str) -> Vec<SearchHit> {
        if beyond_any_id(query) {
            return vec![];
        }
        let ids = directory::suggestions(&self.directory, query);
        let found = ids
            .iter()
            .filter_map(|id| self.directory.iter().find(|m| m.id == *id));
        found
            .map(|m| SearchHit {
                municipality: m.clone(),
                place: None,
                former_since: None,
            })
            .collect()
    }

    /// The municipality's rule set valid on `date`; an error for any other date.
    pub fn find(&self, municipality: &str, date: chrono::NaiveDate) -> Result<&CompiledRuleSet> {
        let strict = AdviseOptions { strict_dates: true };
        Ok(self.resolve(municipality, date, strict)?.rule_set)
    }

    /// Which rules answer for `municipality` on `date`:
    /// - the version valid on that date;
    /// - after the last version: that version, marked beyond its checked period (an error with
    ///   `strict_dates`);
    /// - before the first version, or for a municipality without a rule set: the national frame,
    ///   marked as such (before the first version: an error with `strict_dates`);
    /// - before the national frame's own first day (2019), or for a municipality that did not
    ///   exist on the date: an error, as toegang knows no rules for it.
    pub fn resolve(
        &self,
        municipality: &str,
        date: chrono::NaiveDate,
        options: AdviseOptions,
    ) -> Result<Resolution<'_>> {
        let (found, answer) = self.answer(municipality, date, options)?;
        let reference = found.reference();
        Ok(match answer {
            Answer::Within(rule_set) => lifecycle::within(reference, rule_set),
            Answer::Beyond(latest) => lifecycle::beyond(reference, latest),
            Answer::NationalFrame { why } => {
                lifecycle::national_frame(reference, &self.national_frame, &self.baseline, why)
            }
        })
    }

    /// Which rules answer (see `resolve`), without building how the advice is marked: all a
    /// comparison needs, once per situation and municipality.
    fn answer(
        &self,
        municipality: &str,
        date: chrono::NaiveDate,
        options: AdviseOptions,
    ) -> Result<(&Municipality, Answer<'_>)> {
        let found = self.municipality(municipality)?;
        if !found.exists_on(date) {
            return Err(Error::NotValidOnDate {
                id: found.id.clone(),
                date: date.to_string(),
                periods: vec![found.period()],
            });
        }
        if !self.baseline.metadata.is_valid_on(date) {
            return Err(Error::NotValidOnDate {
                id: self.baseline.id().into(),
                date: date.to_string(),
                periods: vec![self.baseline.metadata.validity()],
            });
        }
        let versions = || self.municipalities.iter().filter(|m| m.id() == found.id);
        // Rules that could not be loaded are never replaced by another version's, silently.
        let index_gone = || versions().next().is_none() && self.is_unavailable("*");
        if self.is_unavailable(&found.id) || index_gone() {
            // A case system that acts only on checked rules gets the reason, not the frame.
            if options.strict_dates {
                return Err(self.unavailable_error(&found.id));
            }
            let why = FrameReason::RulesUnavailable;
            return Ok((found, Answer::NationalFrame { why }));
        }
        if let Some(valid) = versions().find(|m| m.metadata.is_valid_on(date)) {
            return Ok((found, Answer::Within(valid)));
        }
        if options.strict_dates && versions().next().is_some() {
            return Err(Error::NotValidOnDate {
                id: found.id.clone(),
                date: date.to_string(),
                periods: versions().map(|m| m.metadata.validity()).collect(),
            });
        }
        if versions().next().is_none() {
            self.check_loaded(&found.id)?;
        }
        let started = versions().filter(|m| m.metadata.valid_from <= date);
        let answer = match started.max_by_key(|m| m.metadata.valid_from) {
            Some(latest) => Answer::Beyond(latest),
            None => Answer::NationalFrame {
                why: match versions().map(|m| m.metadata.valid_from).min() {
                    Some(first) => FrameReason::BeforeFirstVersion(first),
                    None => FrameReason::NoRulesYet,
                },
            },
        };
        Ok((found, answer))
    }

    /// A municipality with no rule set loaded has none published either: a published one must be
    /// loaded first (`rule_set_not_loaded`).
    fn check_loaded(&self, id: &str) -> Result<()> {
        let files: Vec<String> = self
            .published
            .iter()
            .filter(|e| e.id == id)
            .map(|e| e.file.clone())
            .collect();
        if files.is_empty() {
            return Ok(());
        }
        Err(Error::RuleSetNotLoaded {
            id: id.to_string(),
            files,
        })
    }

    /// This registry trying the published rule set `id` again (a file that could not be fetched
    /// may be there now): it is published and not loaded once more, no longer unavailable.
    pub fn with_retry(mut self, id: &str) -> Registry {
        let kept = self.unavailable.iter().filter(|(gone, ..)| gone != id);
        self.unavailable = kept.cloned().collect::<Vec<_>>().into();
        self
    }

    /// Why the rules of `id` are unavailable, as an error naming them: `rule_set_tampered` for a
    /// file that failed its check, else `rule_set_file`.
    fn unavailable_error(&self, id: &str) -> Error {
        let found = self
            .unavailable
            .iter()
            .find(|(gone, ..)| gone == id || gone == "*");
        let (why, reason) = found.map_or((Unusable::Unreadable, ""), |(_, why, reason)| {
            (*why, reason.as_str())
        });
        let file = format!("the published rule set of `{id}`");
        let message = format!("it could not be loaded: {reason}");
        match why {
            Unusable::Tampered => Error::RuleSetTampered { file, message },
            Unusable::Unreadable => Error::RuleSetFile { file, message },
        }
    }

    /// A rule set published for `id` but not loaded yet: `rule_set_not_loaded`, naming its files.
    pub fn check_published_loaded(&self, id: &str) -> Result<()> {
        let (id, files) = self.files_to_load(id)?;
        if files.is_empty() {
            return Ok(());
        }
        Err(Error::RuleSetNotLoaded {
            id,
            files: files.into_iter().map(|e| e.file).collect(),
        })
    }

    /// Whether the published rule set `id` (`*`: the index itself) was found unavailable.
    fn is_unavailable(&self, id: &str) -> bool {
        self.unavailable.iter().any(|(gone, ..)| gone == id)
    }

    /// The advice of `municipality` for `situation`; dates beyond a rule set's checked period get
    /// the latest rules, marked.
    pub fn advise(&self, municipality: &str, situation: &Situation) -> Result<Advice> {
        self.advise_with_options(municipality, situation, AdviseOptions::default())
    }

    /// [`Registry::advise`], where `options.strict_dates` refuses a date outside the checked period
    /// instead of marking the advice.
    pub fn advise_with_options(
        &self,
        municipality: &str,
        situation: &Situation,
        options: AdviseOptions,
    ) -> Result<Advice> {
        situation.check()?;
        let resolution = self.resolve(municipality, situation.reference_date, options)?;
        let (rules, baseline) = self.rules_of(resolution.rule_set);
        let decisions = engine::evaluate(rules, baseline, situation)?;
        build_advice::build(resolution, baseline, situation, decisions)
    }

    /// The municipal rules and the baseline that run for a resolved rule set. A rule set of kind
    /// baseline among the municipalities (a draft of the national frame, `compare --rules` with a
    /// baseline folder) answers as the national frame would with that baseline in place.
    fn rules_of<'a>(
        &'a self,
        rule_set: &'a CompiledRuleSet,
    ) -> (&'a CompiledRuleSet, &'a CompiledRuleSet) {
        match rule_set.metadata.kind {
            RuleSetKind::Baseline => (&self.national_frame, rule_set),
            RuleSetKind::Municipality => (rule_set, &self.baseline),
        }
    }

    /// One line of a JSON-lines batch, as every face writes it (the CLI's `--jsonl`, the npm
    /// package's `adviseLine`): the compact advice for the situation in `text`, or
    /// `{"error":{…},"line":N,"message":"…"}` when the line cannot be read or advised on.
    pub fn advise_line(
        &self,
        municipality: &str,
        text: std::result::Result<&str, &Error>,
        line: usize,
        options: AdviseOptions,
    ) -> JsonLine {
        let advice = text
            .map_err(Error::clone)
            .and_then(Situation::from_json)
            .and_then(|s| self.advise_with_options(municipality, &s, options));
        let error_line = |e: &Error| {
            serde_json::json!({ "line": line, "error": e, "message": e.to_string() }).to_string()
        };
        match advice {
            Ok(advice) => match serde_json::to_string(&advice) {
                Ok(json) => JsonLine {
                    json,
                    failed: false,
                },
                Err(e) => JsonLine {
                    json: error_line(&Error::Internal {
                        message: format!("could not write the advice: {e}"),
                    }),
                    failed: true,
                },
            },
            Err(e) => JsonLine {
                json: error_line(&e),
                failed: true,
            },
        }
    }

    /// Only the route per catalogue provision (`None`: no advice), without building the texts,
    /// contact details and amounts of an advice: what a comparison needs, at a fraction of the cost.
    pub fn routes(&self, municipality: &str, situation: &Situation) -> Result<Vec<Option<Route>>> {
        let (rules, baseline) = self.routing_rules(municipality, situation)?;
        engine::routes(rules, baseline, situation)
    }

    /// The rules that answer for `municipality` on `date`, resolved once for many situations of
    /// that date: a comparison's column.
    /// `session` is the comparison's ([`new_comparison`]), whose memo the column fills.
    pub(crate) fn column(
        &self,
        municipality: &str,
        date: chrono::NaiveDate,
        session: u64,
    ) -> Result<Column<'_>> {
        let (_, answer) = self.answer(municipality, date, AdviseOptions::default())?;
        let (municipal, baseline) = match answer {
            Answer::Within(rule_set) | Answer::Beyond(rule_set) => self.rules_of(rule_set),
            Answer::NationalFrame { .. } => (&self.national_frame, &self.baseline),
        };
        Ok(Column {
            municipal,
            baseline,
            session,
        })
    }

    /// The rules that answer for `municipality` on the situation's date, as a pair.
    fn routing_rules(
        &self,
        municipality: &str,
        situation: &Situation,
    ) -> Result<(&CompiledRuleSet, &CompiledRuleSet)> {
        situation.check()?;
        let column = self.column(municipality, situation.reference_date, 0)?;
        Ok((column.municipal, column.baseline))
    }
}

/// A new comparison's number: its columns start with an empty memo (`script/memo.rs`).
pub(crate) fn new_comparison() -> u64 {
    engine::new_memo_session()
}

/// The rules that answer for one municipality on one date: its script (or the national frame's)
/// and the baseline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column<'r> {
    municipal: &'r CompiledRuleSet,
    baseline: &'r CompiledRuleSet,
    /// The comparison whose memo this column fills (`script/memo.rs`).
    session: u64,
}

impl Column<'_> {
    /// The routes for a situation already checked, recalled when a resident whose facts the rules
    /// read the same way passed before on this thread (`script/memo.rs`).
    pub(crate) fn remembered_routes(&self, situation: &Situation) -> Result<Vec<Option<Route>>> {
        engine::remembered_routes(self.session, self.municipal, self.baseline, situation)
    }
}

impl Registry {
    /// This registry with `rule_sets` (folders being checked) in place of the versions they
    /// share an id and start date with, checked as a whole, as `toegang check` does: one baseline,
    /// versions of one id without overlap, one id per CBS code, and every CBS code in the national
    /// table naming the municipality the rule set names.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn checked_with(&self, rule_sets: &[CompiledRuleSet]) -> Result<Registry> {
        let mut registry = self.clone();
        let mut new_baseline = None;
        for rule_set in rule_sets {
            if rule_set.metadata.kind == RuleSetKind::Baseline {
                if new_baseline.replace(rule_set).is_some() {
                    return Err(Error::RuleSetFile {
                        file: rule_set.source.metadata_file(),
                        message: "a second baseline; there can be only one".into(),
                    });
                }
                registry.baseline = rule_set.clone();
            } else {
                // A concept is checked in the place of the rules it was made from.
                if let Some(base) = &rule_set.metadata.concept_of {
                    registry.municipalities.retain(|m| m.id() != base);
                }
                registry = registry.with_rule_set(rule_set.clone());
            }
        }
        registry
            .municipalities
            .sort_by(|a, b| (a.id(), a.metadata.valid_from).cmp(&(b.id(), b.metadata.valid_from)));
        check_versions(&registry.municipalities)?;
        for rule_set in rule_sets {
            registry.check_code(rule_set)?;
        }
        Ok(registry)
    }

    /// A rule set's CBS code is in the national table, under the rule set's name or one of its
    /// other names (`Den Haag` and `'s-Gravenhage` both name GM0518).
    #[cfg(not(target_arch = "wasm32"))]
    fn check_code(&self, rule_set: &CompiledRuleSet) -> Result<()> {
        let Some(code) = rule_set.metadata.cbs_code.as_deref() else {
            return Ok(());
        };
        let error = |message: String| Error::RuleSetFile {
            file: rule_set.source.metadata_file(),
            message,
        };
        let Some(record) = self.table.municipalities.iter().find(|m| m.code == code) else {
            return Err(error(format!(
                "cbs_code {code} is not in the national table (rules/municipalities.toml)"
            )));
        };
        let m = &rule_set.metadata;
        let name = match &m.concept_of {
            Some(_) => m
                .name
                .strip_suffix(crate::ruleset::CONCEPT_NAME_SUFFIX)
                .unwrap_or(&m.name),
            None => &m.name,
        };
        let name = crate::municipalities::fold(name);
        let names_it = std::iter::once(&record.name)
            .chain(&record.also_known_as)
            .any(|n| crate::municipalities::fold(n) == name);
        if !names_it {
            return Err(error(format!(
                "cbs_code {code} is the code of {} in the national table, not of `{}`",
                record.name, rule_set.metadata.name
            )));
        }
        Ok(())
    }
}

/// What `toegang list` says of a compiled rule set.
fn loaded_summary(r: &CompiledRuleSet) -> RuleSetSummary {
    let m = &r.metadata;
    RuleSetSummary {
        id: m.id.clone(),
        name: m.name.clone(),
        kind: m.kind,
        cbs_code: m.cbs_code.clone(),
        version: m.version.clone(),
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        checked_on: m.checked_on,
        cases: r.source.case_count(),
        dir: r.source.dir.clone(),
        hash: r.hash().to_string(),
    }
}

/// What `toegang list` says of a rule set only published, from its index entry.
fn published_summary(e: &IndexEntry) -> RuleSetSummary {
    RuleSetSummary {
        id: e.id.clone(),
        name: e.name.clone(),
        kind: RuleSetKind::Municipality,
        cbs_code: e.cbs_code.clone(),
        version: e.version.clone(),
        valid_from: e.valid_from,
        valid_to: e.valid_to,
        checked_on: e.checked_on,
        cases: e.cases,
        dir: e.dir.clone(),
        hash: e.hash.clone(),
    }
}

/// A line of JSON-lines output, and whether it reports an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonLine {
    /// The compact advice, or the error line `{"error":{…},"line":N,"message":"…"}`.
    pub json: String,
    /// Whether `json` is an error line.
    pub failed: bool,
}

/// Whether `query` is longer than any municipality's id, code or name: found after reading at
/// most [`MAX_ID_CHARS`] + 1 characters, whatever its length.
fn beyond_any_id(query: &str) -> bool {
    crate::error::char_start(query, MAX_ID_CHARS).is_some()
}

/// Versions of one municipality follow each other without overlap, and one CBS code belongs to
/// one id: otherwise which rules answer on a date would depend on the order of the folders.
#[cfg(not(target_arch = "wasm32"))]
fn check_versions(sorted: &[CompiledRuleSet]) -> Result<()> {
    for pair in sorted.windows(2) {
        let (a, b) = (&pair[0].metadata, &pair[1].metadata);
        let conflict = if a.id == b.id {
            a.valid_to
                .is_none_or(|to| to >= b.valid_from)
                .then(|| format!("overlaps `{}` of {}", a.id, a.validity()))
        } else {
            None
        };
        if let Some(conflict) = conflict {
            return Err(Error::RuleSetFile {
                file: pair[1].source.metadata_file(),
                message: format!("validity {} {conflict}", b.validity()),
            });
        }
    }
    for (i, a) in sorted.iter().enumerate() {
        let same_code = sorted[..i].iter().find(|b| {
            b.id() != a.id()
                && b.metadata.cbs_code.is_some()
                && b.metadata.cbs_code == a.metadata.cbs_code
        });
        if let Some(b) = same_code {
            return Err(Error::RuleSetFile {
                file: a.source.metadata_file(),
                message: format!(
                    "cbs_code {} is already the code of `{}`",
                    a.metadata.cbs_code.as_deref().unwrap_or_default(),
                    b.id()
                ),
            });
        }
    }
    Ok(())
}

/// The municipal part of the national frame: an empty script under the baseline's name and dates.
pub(crate) fn national_frame(baseline: &CompiledRuleSet) -> Result<CompiledRuleSet> {
    let b = &baseline.metadata;
    let metadata = Metadata {
        id: "national_frame".into(),
        name: b.name.clone(),
        kind: RuleSetKind::Municipality,
        cbs_code: None,
        version: b.version.clone(),
        valid_from: b.valid_from,
        valid_to: b.valid_to,
        checked_on: b.checked_on,
        summary: b.summary.clone(),
        sources: vec![],
        parties: Default::default(),
        client_support: None,
        assumptions: vec![],
        procedures: Default::default(),
        subscription_rates: vec![],
        concept_of: None,
    };
    let source = RuleSetSource {
        dir: "national_frame".into(),
        metadata: String::new(),
        script: String::new(),
        cases: None,
        case_count: Some(0),
        content_hash: Some(baseline.hash().to_string()),
    };
    CompiledRuleSet::compile_with(metadata, source)
}

/// Runs exactly this municipal rule set with the baseline (a rule set's cases, a draft): the
/// reference date must lie in its validity. The baseline itself (its own cases, a draft of it)
/// answers as the national frame does: alone, as for a municipality without rules (Zwolle).
pub fn advise_with(
    rule_set: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Advice> {
    check_applies(rule_set, situation)?;
    if rule_set.metadata.kind == RuleSetKind::Baseline {
        let frame = national_frame(rule_set)?;
        let decisions = engine::evaluate(&frame, rule_set, situation)?;
        let resolution = lifecycle::within(directory::reference_of(rule_set), rule_set);
        return build_advice::build(resolution, rule_set, situation, decisions);
    }
    let decisions = engine::evaluate(rule_set, baseline, situation)?;
    let resolution = lifecycle::within(directory::reference_of(rule_set), rule_set);
    build_advice::build(resolution, baseline, situation, decisions)
}

/// The situation is within the input limits and the rule set is valid on its reference date.
fn check_applies(rule_set: &CompiledRuleSet, situation: &Situation) -> Result<()> {
    situation.check()?;
    if !rule_set.metadata.is_valid_on(situation.reference_date) {
        return Err(Error::NotValidOnDate {
            id: rule_set.id().into(),
            date: situation.reference_date.to_string(),
            periods: vec![rule_set.metadata.validity()],
        });
    }
    Ok(())
}
