//! A comparison as a caller asks for it: which municipalities, over which situations (a generated
//! population or a given list), optionally with a draft rule set next to the bundled ones.

use super::{situations_from_values, Draft};
use crate::authoring::rule_text::{self, NumberedLine};
use crate::compare::population::Population;
use crate::compare::{self, html, report, Comparison, MaybeSync};
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::ruleset::Source;
use crate::situation::Situation;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::ops::ControlFlow;

/// What to compare over, as the npm package's `compare(ids, options)` and HTTP take it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CompareOptions {
    /// Size of the generated population (default 1000).
    #[serde(default)]
    pub population: Option<usize>,
    /// Seed of the population (default 1): the same seed gives the same report.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Situations to compare over instead of a population.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Situation[]"))]
    pub situations: Option<Vec<serde_json::Value>>,
    /// A draft rule set, compared under the id in its metadata (name that id in `municipalities`).
    #[serde(default)]
    pub draft: Option<Draft>,
}

/// The situations of a comparison.
#[derive(Debug, Clone)]
pub enum Situations {
    /// A generated population (reproducible from its size and seed).
    Population(Population),
    /// A given list (a case system's own residents).
    List(Vec<Situation>),
}

impl Situations {
    /// How many situations there are.
    pub fn len(&self) -> usize {
        match self {
            Situations::Population(population) => population.size,
            Situations::List(list) => list.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What a report says it compared over: "a population of 1000, seed 1", "25 given situations".
    pub fn label(&self) -> String {
        match self {
            Situations::Population(population) => population.label(),
            Situations::List(list) => format!("{} given situations", list.len()),
        }
    }

    /// The `i`th situation.
    fn get(&self, i: usize) -> Situation {
        match self {
            Situations::Population(population) => population.situation(i),
            Situations::List(list) => list[i].clone(),
        }
    }
}

impl CompareOptions {
    /// The situations these options name: the list if given (each bad item's error carries its
    /// index), else the population (default 1000 situations, seed 1).
    pub fn situations(&self) -> Result<Situations> {
        Ok(match &self.situations {
            Some(values) => Situations::List(situations_from_values(values.clone())?),
            None => Situations::Population(Population::new(
                self.population.unwrap_or(1000),
                self.seed.unwrap_or(1),
            )),
        })
    }
}

impl CompareOptions {
    /// Reads the situations and compiles the draft: everything that can fail before the work.
    pub fn prepare<'a>(&self, registry: &'a Registry) -> Result<PreparedComparison<'a>> {
        let situations = self.situations()?;
        let registry = match &self.draft {
            Some(draft) => Cow::Owned(registry.clone().with_rule_set(draft.compile()?)),
            None => Cow::Borrowed(registry),
        };
        Ok(PreparedComparison {
            registry,
            situations,
        })
    }
}

/// A comparison ready to run: the rule sets (a draft included) and the situations, so a face can
/// size its progress bar before the work starts.
#[derive(Debug, Clone)]
pub struct PreparedComparison<'a> {
    registry: Cow<'a, Registry>,
    situations: Situations,
}

impl<'a> PreparedComparison<'a> {
    /// Compares over `situations` with the rule sets of `registry`.
    pub fn new(registry: &'a Registry, situations: Situations) -> Self {
        PreparedComparison {
            registry: Cow::Borrowed(registry),
            situations,
        }
    }

    /// How many situations the comparison runs over.
    pub fn len(&self) -> usize {
        self.situations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.situations.is_empty()
    }

    /// The rule sets compared, a draft included: for names in a report.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Compares `municipalities` and writes the report as `toegang compare --format csv` and
    /// `--format html` do, for a page that offers both as downloads; `progress` is called as in
    /// [`Self::run`], and stops the work when it answers [`ControlFlow::Break`].
    pub fn run_with_reports(
        &self,
        municipalities: &[String],
        progress: &(impl Fn(usize) -> ControlFlow<()> + MaybeSync),
    ) -> Result<ComparisonReports> {
        let comparison = self.run(municipalities, progress)?;
        let name = |id: &str| self.registry.name_of(id);
        Ok(ComparisonReports {
            csv: report::csv(&comparison),
            html: html::render(&comparison, &name, &self.situations.label()),
            report: comparison,
        })
    }

    /// Compares `municipalities`. `progress(done)` is called with `1` after each situation (add it
    /// to a progress bar), and with `0` before each step of shrinking the examples. When it
    /// answers [`ControlFlow::Break`] (a deadline passed, a client went away) the comparison stops
    /// before its next situation or step with [`Error::Cancelled`](crate::error::Error::Cancelled)
    /// ([`compare::compare`]).
    pub fn run(
        &self,
        municipalities: &[String],
        progress: &(impl Fn(usize) -> ControlFlow<()> + MaybeSync),
    ) -> Result<Comparison> {
        let situation = |i: usize| self.situations.get(i);
        compare::compare(
            &self.registry,
            municipalities,
            self.situations.len(),
            &situation,
            progress,
        )
    }
}

/// A comparison with its CSV and HTML reports, byte for byte what `toegang compare --format csv`
/// and `--format html` write for the same choice.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ComparisonReports {
    /// The comparison.
    pub report: Comparison,
    /// The CSV report.
    pub csv: String,
    /// The self-contained HTML report.
    pub html: String,
}

/// The rule behind a reason of an advice: the lines of the script that gave it and the sources
/// they cite, for a policy advisor who asks why two rule sets differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RuleBehind {
    /// The rule file (`rules/hardenberg/rules.rhai`, `draft/rules.rhai`).
    pub file: String,
    /// The line the reason names.
    pub line: usize,
    /// The statement that holds it, after the headers of the blocks around it (`if …{`).
    pub lines: Vec<NumberedLine>,
    /// The rule set's sources these lines cite (`(bron: id)`, also through a constant).
    pub sources: Vec<Source>,
}

/// The rule behind a reason whose `source` is `file:line` (`rules/hardenberg/rules.rhai:18`): in a
/// bundled rule set of `registry`, or in `draft` (`draft/rules.rhai:3`).
pub fn rule_behind(registry: &Registry, draft: Option<&Draft>, source: &str) -> Result<RuleBehind> {
    let bad = |message: String| Error::input("source", message);
    let (file, line) = source
        .rsplit_once(':')
        .and_then(|(file, line)| Some((file, line.parse::<usize>().ok()?)))
        .ok_or_else(|| {
            bad(format!(
                "`{source}`: expected a rule file and a line, `file:line`"
            ))
        })?;
    let compiled;
    let rule_set = match draft {
        Some(draft) if file == "draft/rules.rhai" => {
            compiled = draft.compile()?;
            &compiled
        }
        _ => registry
            .rule_sets()
            .find(|r| r.source().script_file() == file)
            .ok_or_else(|| bad(format!("`{file}` is not the script of a rule set")))?,
    };
    let script = &rule_set.source().script;
    let lines = rule_text::statement_at(script, line);
    let sources = rule_text::cited_sources(script, &lines, rule_set.metadata())
        .into_iter()
        .cloned()
        .collect();
    Ok(RuleBehind {
        file: file.to_string(),
        line,
        lines,
        sources,
    })
}
