//! Which provisions a municipality's own rules decide, and which fall back to the national frame.
//!
//! `toegang check` prints this for a rule set author: a new municipality starts with every
//! provision on the national frame and moves them over one by one. It is measured, not guessed
//! from the script text: the municipal script runs alone over a population of situations (so a
//! rule behind an `if` or in a loop over `decisions()` counts only where it really decides), and
//! then together with the baseline, as residents get it.

use crate::catalogue::{self, ProvisionIndex};
use crate::error::Result;
use crate::registry::national_frame;
use crate::script::engine::{self, CompiledRuleSet};
use crate::situation::Situation;

/// How one provision is decided over the situations that ask for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProvisionCoverage {
    /// The catalogue id of the provision.
    pub provision: &'static str,
    /// Situations that ask a need this provision serves.
    pub asked: usize,
    /// Of those, how many the municipality's own script decides.
    pub municipal: usize,
    /// Of the rest, how many the national frame (the baseline) decides, e.g. personal care goes
    /// to the health insurer.
    pub national_frame: usize,
}

/// Who decides a provision, in a word for the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// The municipal script decides it whenever it is asked.
    Municipality,
    /// The municipal script decides it in some situations; in the others the national frame or
    /// nobody does.
    Partly,
    /// Only national law decides it (the baseline), the same in every municipality.
    NationalFrame,
    /// Nothing decides it: the resident reads that the need is not answered and is sent to the
    /// municipality's desk.
    Nobody,
    /// No situation of the population asked for it.
    NotAsked,
}

impl ProvisionCoverage {
    /// The counts summed up in a word, for the table `toegang check` prints.
    pub fn decided_by(&self) -> DecidedBy {
        match (self.asked, self.municipal, self.national_frame) {
            (0, _, _) => DecidedBy::NotAsked,
            (asked, municipal, _) if municipal == asked => DecidedBy::Municipality,
            (_, municipal, _) if municipal > 0 => DecidedBy::Partly,
            (_, _, national) if national > 0 => DecidedBy::NationalFrame,
            _ => DecidedBy::Nobody,
        }
    }
}

/// The coverage of every provision that serves a need (client support serves none: it is always
/// in the advice), in catalogue order.
pub fn measure(
    rule_set: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situations: impl IntoIterator<Item = Situation>,
) -> Result<Vec<ProvisionCoverage>> {
    let nothing_after = national_frame(baseline)?;
    let provisions = catalogue::catalogue();
    let mut coverage: Vec<ProvisionCoverage> = provisions
        .iter()
        .map(|p| ProvisionCoverage {
            provision: p.id,
            asked: 0,
            municipal: 0,
            national_frame: 0,
        })
        .collect();
    for situation in situations {
        let alone = engine::evaluate(rule_set, &nothing_after, &situation)?;
        let together = engine::evaluate(rule_set, baseline, &situation)?;
        for (i, row) in coverage.iter_mut().enumerate() {
            let provision = catalogue::provision(ProvisionIndex(i as u16));
            if !provision.needs.iter().any(|n| situation.needs.contains(n)) {
                continue;
            }
            row.asked += 1;
            if alone[i].is_some() {
                row.municipal += 1;
            } else if together[i].is_some() {
                row.national_frame += 1;
            }
        }
    }
    Ok(coverage
        .into_iter()
        .zip(provisions)
        .filter(|(_, p)| !p.needs.is_empty())
        .map(|(row, _)| row)
        .collect())
}

/// The coverage `toegang check` shows, measured over the rule set's own cases and the population
/// grid (every need in every profile).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CoverageReport {
    /// The rule set's id.
    pub rule_set: String,
    /// Its version.
    pub version: String,
    /// How many situations were run.
    pub situations: usize,
    /// One row per provision that serves a need, in catalogue order.
    pub provisions: Vec<ProvisionCoverage>,
}

impl CoverageReport {
    /// Measures `rule_set` over its own cases and the population grid.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn measure(rule_set: &CompiledRuleSet, baseline: &CompiledRuleSet) -> Result<Self> {
        let cases = crate::authoring::cases::situations(&rule_set.source).unwrap_or_default();
        use crate::compare::population::Population;
        let grid = Population::new(Population::grid_size(), 1);
        let situations: Vec<Situation> = cases
            .into_iter()
            .map(|(_, s)| s)
            .chain(grid.iter())
            .collect();
        Ok(CoverageReport {
            rule_set: rule_set.id().to_string(),
            version: rule_set.metadata.version.clone(),
            situations: situations.len(),
            provisions: measure(rule_set, baseline, situations)?,
        })
    }

    /// The table for a rule set author: who decides each provision, as shares of the situations
    /// that ask for it.
    pub fn table(&self) -> String {
        let mut out = format!(
            "coverage of {} {} over {} situations (its cases and the population grid):\n",
            self.rule_set, self.version, self.situations
        );
        out += &format!(
            "  {:<26} {:<15} {:>10} {:>15} {:>7}\n",
            "PROVISION", "DECIDED BY", "MUNICIPAL", "NATIONAL FRAME", "NOBODY"
        );
        let share =
            |n: usize, of: usize| format!("{}%", (n * 100 + of / 2).checked_div(of).unwrap_or(0));
        for row in &self.provisions {
            let nobody = row.asked - row.municipal - row.national_frame;
            out += &format!(
                "  {:<26} {:<15} {:>10} {:>15} {:>7}\n",
                row.provision,
                row.decided_by().label(),
                share(row.municipal, row.asked),
                share(row.national_frame, row.asked),
                share(nobody, row.asked)
            );
        }
        let local = self
            .provisions
            .iter()
            .filter(|r| r.decided_by() == DecidedBy::Municipality)
            .count();
        out += &format!(
            "  {local} of {} provisions decided by the municipality; \"nobody\" means the resident reads that the need is not answered and is sent to the municipality's desk\n",
            self.provisions.len()
        );
        out
    }
}

impl DecidedBy {
    /// The words of the coverage table.
    pub fn label(self) -> &'static str {
        match self {
            DecidedBy::Municipality => "municipality",
            DecidedBy::Partly => "partly",
            DecidedBy::NationalFrame => "national frame",
            DecidedBy::Nobody => "nobody",
            DecidedBy::NotAsked => "not asked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::population::Population;
    use crate::Registry;

    fn coverage_of(id: &str) -> Vec<ProvisionCoverage> {
        let registry = Registry::bundled().unwrap();
        let rule_set = registry.find(id, chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let population = Population::new(Population::grid_size(), 1);
        measure(rule_set.unwrap(), registry.baseline(), population.iter()).unwrap()
    }

    fn decided_by(coverage: &[ProvisionCoverage], provision: &str) -> DecidedBy {
        coverage
            .iter()
            .find(|c| c.provision == provision)
            .unwrap()
            .decided_by()
    }

    #[test]
    fn westerveld_decides_its_maatwerk_and_leaves_personal_care_to_national_law() {
        let coverage = coverage_of("westerveld");
        assert_eq!(
            decided_by(&coverage, "huishoudelijke_hulp"),
            DecidedBy::Municipality
        );
        assert_eq!(
            decided_by(&coverage, "persoonlijke_verzorging"),
            DecidedBy::NationalFrame
        );
        // Westerveld publishes nothing on meeting places: residents are sent to its desk.
        assert_eq!(decided_by(&coverage, "ontmoeting"), DecidedBy::Nobody);
        // Parenting support only where a child lives at home.
        assert_eq!(
            decided_by(&coverage, "opvoedondersteuning"),
            DecidedBy::Partly
        );
    }

    #[test]
    fn who_decides_follows_from_the_counts() {
        let row = |asked, municipal, national_frame| ProvisionCoverage {
            provision: "ontmoeting",
            asked,
            municipal,
            national_frame,
        };
        assert_eq!(row(0, 0, 0).decided_by(), DecidedBy::NotAsked);
        assert_eq!(row(10, 10, 0).decided_by(), DecidedBy::Municipality);
        assert_eq!(row(10, 3, 7).decided_by(), DecidedBy::Partly);
        assert_eq!(row(10, 0, 4).decided_by(), DecidedBy::NationalFrame);
        assert_eq!(row(10, 0, 0).decided_by(), DecidedBy::Nobody);
    }

    #[test]
    fn every_row_counts_each_asking_situation_once() {
        for row in coverage_of("hardenberg") {
            assert!(row.asked > 0, "{} is asked in the grid", row.provision);
            assert!(row.municipal + row.national_frame <= row.asked);
        }
    }

    #[test]
    fn client_support_serves_no_need_and_has_no_row() {
        let coverage = coverage_of("tilburg");
        assert!(coverage
            .iter()
            .all(|c| c.provision != "clientondersteuning"));
        assert_eq!(
            coverage.len(),
            catalogue::catalogue().len() - 1,
            "one row per provision that serves a need"
        );
    }
}
