//! The rule sets the engine knows: the baseline plus every municipality, each compiled once.
//! Picks the version of a municipality valid on the reference date and runs it.

use crate::advice::{Advice, Route};
use crate::engine::{self, CompiledRuleSet};
use crate::error::{Error, Result};
use crate::ruleset::{RuleSetKind, RuleSetSource};
use crate::situation::Situation;
use serde::Serialize;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The rule sets shipped inside the crate (and so inside the wasm module).
pub fn bundled_sources() -> Vec<RuleSetSource> {
    bundled::BUNDLED
        .iter()
        .map(
            |(dir, metadata, script, cases, count, hash)| RuleSetSource {
                dir: dir.to_string(),
                metadata: metadata.to_string(),
                script: script.to_string(),
                cases: cases.map(str::to_string),
                case_count: Some(*count),
                content_hash: Some(hash.to_string()),
            },
        )
        .collect()
}

#[derive(Debug, Clone)]
pub struct Registry {
    baseline: CompiledRuleSet,
    municipalities: Vec<CompiledRuleSet>,
}

/// One line of `toegang list`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSetSummary {
    pub id: String,
    pub name: String,
    pub kind: RuleSetKind,
    pub cbs_code: Option<String>,
    pub version: String,
    pub valid_from: chrono::NaiveDate,
    pub valid_to: Option<chrono::NaiveDate>,
    pub cases: usize,
    pub dir: String,
    pub hash: String,
}

impl Registry {
    /// Compiles the bundled rule sets.
    pub fn bundled() -> Result<Registry> {
        Registry::from_sources(bundled_sources())
    }

    /// Compiles rule sets; exactly one must be the baseline.
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
        Ok(Registry {
            baseline,
            municipalities,
        })
    }

    /// Replaces or adds a municipal rule set (a draft being tried out).
    pub fn with_rule_set(mut self, rule_set: CompiledRuleSet) -> Registry {
        self.municipalities.retain(|m| {
            !(m.id() == rule_set.id() && m.metadata.valid_from == rule_set.metadata.valid_from)
        });
        self.municipalities.push(rule_set);
        self
    }

    pub fn baseline(&self) -> &CompiledRuleSet {
        &self.baseline
    }

    /// Every rule set, baseline first.
    pub fn rule_sets(&self) -> impl Iterator<Item = &CompiledRuleSet> {
        std::iter::once(&self.baseline).chain(self.municipalities.iter())
    }

    pub fn summaries(&self) -> Vec<RuleSetSummary> {
        self.rule_sets()
            .map(|r| {
                let m = &r.metadata;
                RuleSetSummary {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    kind: m.kind,
                    cbs_code: m.cbs_code.clone(),
                    version: m.version.clone(),
                    valid_from: m.valid_from,
                    valid_to: m.valid_to,
                    cases: case_count(&r.source),
                    dir: r.source.dir.clone(),
                    hash: r.hash().to_string(),
                }
            })
            .collect()
    }

    /// The municipality's rule set valid on `date`.
    pub fn find(&self, municipality: &str, date: chrono::NaiveDate) -> Result<&CompiledRuleSet> {
        let versions: Vec<_> = self
            .municipalities
            .iter()
            .filter(|m| m.id() == municipality)
            .collect();
        if versions.is_empty() {
            let mut known: Vec<String> = self
                .municipalities
                .iter()
                .map(|m| m.id().to_string())
                .collect();
            known.dedup();
            return Err(Error::UnknownMunicipality {
                id: municipality.into(),
                known,
            });
        }
        versions
            .iter()
            .copied()
            .find(|m| m.metadata.is_valid_on(date))
            .ok_or_else(|| Error::NotValidOnDate {
                id: municipality.into(),
                date: date.to_string(),
                periods: versions.iter().map(|m| m.metadata.validity()).collect(),
            })
    }

    /// The advice of `municipality` for `situation`.
    pub fn advise(&self, municipality: &str, situation: &Situation) -> Result<Advice> {
        let rule_set = self.find(municipality, situation.reference_date)?;
        advise_with(rule_set, &self.baseline, situation)
    }

    /// Only the route per catalogue provision (`None`: no advice), without building the texts,
    /// contact details and amounts of an advice: what a comparison needs, at a fraction of the cost.
    pub fn routes(&self, municipality: &str, situation: &Situation) -> Result<Vec<Option<Route>>> {
        let rule_set = self.find(municipality, situation.reference_date)?;
        check_applies(rule_set, situation)?;
        let decisions = engine::evaluate(rule_set, &self.baseline, situation)?;
        Ok(decisions.into_iter().map(|d| d.map(|d| d.route)).collect())
    }
}

/// How many cases a rule set has; the wasm build knows only the count build.rs recorded.
fn case_count(source: &RuleSetSource) -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    return crate::cases::count(source);
    #[cfg(target_arch = "wasm32")]
    return source.case_count.unwrap_or(0);
}

/// Runs one municipal rule set with the baseline.
pub fn advise_with(
    rule_set: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Advice> {
    check_applies(rule_set, situation)?;
    let decisions = engine::evaluate(rule_set, baseline, situation)?;
    crate::advise::build(rule_set, baseline, situation, decisions)
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
