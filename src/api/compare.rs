//! A comparison as a caller asks for it: which municipalities, over which situations (a generated
//! population or a given list), optionally with a draft rule set next to the bundled ones.

use super::{situations_from_values, Draft};
use crate::compare::population::Population;
use crate::compare::{self, Comparison, MaybeSync};
use crate::error::Result;
use crate::registry::Registry;
use crate::situation::Situation;
use serde::Deserialize;
use std::borrow::Cow;

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

    /// Compares `municipalities`; `progress` is called once per situation.
    pub fn run(
        &self,
        municipalities: &[String],
        progress: &(impl Fn() + MaybeSync),
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
