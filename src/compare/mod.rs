//! Compares municipalities over one population of situations: per provision the share of each
//! route, a similarity matrix, and for every pair and provision that differ the smallest example
//! situations that show it, with both advices side by side.
//!
//! Situations are generated or read one at a time and folded into counts, so memory stays flat
//! as the population grows; natively the fold runs in parallel (rayon). Examples are chosen by
//! situation number, never by arrival order, so the report is the same on every run.

pub mod describe;
pub mod html;
#[cfg(not(target_arch = "wasm32"))]
pub mod markdown;
pub mod population;
pub mod report;

use crate::advice::{ProvisionAdvice, Route};
use crate::catalogue::{self, ProvisionIndex, Text};
use crate::error::{Error, Result};
use crate::registry::{Column, Registry};
use crate::situation::{Household, Living, Mobility, Situation};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// Examples kept per pair and provision.
pub const EXAMPLES: usize = 3;

/// The most bytes the examples of one report take together, as compact JSON (each counted with
/// the comma that separates it from the next). An example holds both advices for a provision, and
/// a draft decides the size of its own: with every list full
/// ([`MAX_LIST_ITEMS`](crate::advice::MAX_LIST_ITEMS)) and every text at the sandbox's 4,096
/// bytes, three municipalities over 30 situations made a 43 MB report. Differences are given
/// their examples in catalogue order until the next example would pass this bound; from then on
/// differences keep their counts without examples, and `examples_left_out` says how many were left
/// out. The bundled rule sets' examples take 1.6 MB for 10 municipalities over 1,000 situations. The rest of the
/// report (counts and matrices) grows with municipalities² × provisions, never with a draft's
/// texts, so the whole report is bounded whatever a draft does.
pub const MAX_EXAMPLE_BYTES: usize = 16 * 1024 * 1024;

/// The report of a comparison. Every list or matrix per municipality follows the order of
/// `municipalities`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Comparison {
    /// The ids compared, in the order asked (a CBS code or name is resolved to the id).
    pub municipalities: Vec<String>,
    /// How many situations were compared.
    pub situations: usize,
    /// Per municipality: situations its rule set could not advise on (e.g. outside its validity).
    pub errors: Vec<usize>,
    /// Per municipality: the error of the lowest-numbered situation that failed, with its file,
    /// line and column for a script error; `null` when none failed.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(
            type = "({ code: ToegangError[\"code\"]; message: string; location?: { file: string; line: number | null; column: number | null } } | null)[]"
        )
    )]
    pub first_errors: Vec<Option<Error>>,
    /// Share of situations with exactly the same advice (provisions and routes), pair by pair, among
    /// the situations both could evaluate (0 when there were none: see `errors`).
    pub similarity: Vec<Vec<f64>>,
    /// Per provision asked about in the population.
    pub provisions: Vec<ProvisionComparison>,
    /// Every pair and provision that differ, in catalogue order.
    pub differences: Vec<Difference>,
    /// Examples not given because the report's examples reached [`MAX_EXAMPLE_BYTES`]; 0 unless a
    /// rule set gives very long advices.
    pub examples_left_out: usize,
}

/// How the compared municipalities route one provision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ProvisionComparison {
    /// The catalogue id of the provision.
    pub provision: String,
    /// Its name in Dutch and English.
    pub name: Text,
    /// Situations that asked a need this provision serves.
    pub asked: usize,
    /// Of those, the situations where at least one compared municipality gives a route for it:
    /// the provision applies. The others (parenting support asked by someone without children)
    /// are left out of the shares the compare view shows.
    pub relevant: usize,
    /// Of the `asked` situations, those where the compared municipalities do not all give the
    /// same route: residents whose route depends on where they live.
    pub differing: usize,
    /// Of the `asked` situations, those where two compared municipalities both advise on the
    /// provision and give different routes: real differences in policy, not a column that gives no
    /// advice (the national frame leaves much to the municipality).
    pub conflicting: usize,
    /// Per municipality, over the `asked` situations.
    pub routes: Vec<RouteCounts>,
    /// Share of `asked` situations where two municipalities give the same route.
    pub similarity: Vec<Vec<f64>>,
}

/// How many of the situations that asked for a provision got each route from one municipality.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RouteCounts {
    /// An algemene voorziening: walk in, no beschikking.
    pub open_access: usize,
    /// A maatwerkvoorziening, by beschikking.
    pub decision_required: usize,
    /// The municipality does not offer it.
    pub not_offered: usize,
    /// Another law or provider goes first.
    pub elsewhere: usize,
    /// Asked, but the rule set gives no advice for this provision.
    pub no_advice: usize,
}

/// Two municipalities that route one provision differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Difference {
    /// The catalogue id of the provision.
    pub provision: String,
    /// The municipality that comes first in `municipalities`.
    pub a: String,
    /// The municipality that comes later.
    pub b: String,
    /// Situations where the two give a different route for this provision.
    pub count: usize,
    /// Up to three example situations, each shrunk as far as the difference allows.
    pub examples: Vec<Example>,
}

/// One situation that shows a difference, with both advices for the provision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Example {
    /// The smallest situation found that still shows the difference.
    pub situation: Situation,
    /// That situation in one sentence, for a policy advisor to read.
    pub description: Text,
    /// What municipality `a` advises for the provision; `None` when its advice does not mention it.
    pub a: Option<ProvisionAdvice>,
    /// What municipality `b` advises for the provision; `None` when its advice does not mention it.
    pub b: Option<ProvisionAdvice>,
}

/// What one municipality said about one situation: a route (or none) per catalogue provision.
type Routes = Vec<Option<Route>>;

/// `Sync` natively, where the comparison runs in parallel; no bound in wasm, which has one thread
/// and progress callbacks into JavaScript that cannot be `Sync`.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSync: Sync {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Sync + ?Sized> MaybeSync for T {}
/// No bound in wasm, which has one thread and progress callbacks into JavaScript that cannot be
/// `Sync`.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSync {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSync for T {}

/// The most municipalities one comparison takes: the report holds every pair, so its size grows
/// with the square (300 municipalities made a 130 MB report). Every rule set and the national
/// frame ([`country`]) must fit.
pub const MAX_MUNICIPALITIES: usize = 80;

/// The columns that compare the whole country: every municipality with rules of its own, then
/// one municipality without, standing for all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// Ids to compare: the rule sets' in id order, then the national frame's representative.
    pub municipalities: Vec<String>,
    /// The last column, when some municipality has no rule set: its id and how many current
    /// municipalities it stands for.
    pub national_frame: Option<(String, usize)>,
}

/// Every municipality of the country in as few columns as say everything: a municipality without
/// a rule set of its own gets the national frame, whose routes do not depend on the municipality
/// (only the door it names does), so one column shows them all and says how many it stands for.
pub fn country(registry: &Registry) -> Country {
    let current = |m: &&crate::registry::Municipality| m.valid_to.is_none();
    let mut municipalities: Vec<String> = registry
        .municipalities()
        .iter()
        .filter(current)
        .filter(|m| m.has_rule_set)
        .map(|m| m.id.clone())
        .collect();
    municipalities.sort();
    let without: Vec<&crate::registry::Municipality> = registry
        .municipalities()
        .iter()
        .filter(current)
        .filter(|m| !m.has_rule_set)
        .collect();
    let national_frame = without.first().map(|m| (m.id.clone(), without.len()));
    municipalities.extend(national_frame.iter().map(|(id, _)| id.clone()));
    Country {
        municipalities,
        national_frame,
    }
}
/// The most situations one comparison takes (1,000,000 take about 25 s natively on 2 cores).
pub const MAX_SITUATIONS: usize = 1_000_000;

/// Compares `municipalities` over situations `0..count`, produced by `situation(i)`.
///
/// `progress(done)` is called with `1` after each situation (for a progress bar), then with `0`
/// before each step of shrinking the examples (no situation more; the question is only whether to
/// go on). When it answers [`ControlFlow::Break`] the comparison stops after the work already
/// under way (natively, at most one situation per worker thread, or one step of shrinking) and
/// returns [`Error::Cancelled`], so a caller whose deadline passed does not pay for the rest. No
/// report of part of the work is made: its figures would depend on which situations the threads
/// had reached.
pub fn compare(
    registry: &Registry,
    municipalities: &[String],
    count: usize,
    situation: &(impl Fn(usize) -> Situation + MaybeSync),
    progress: &(impl Fn(usize) -> ControlFlow<()> + MaybeSync),
) -> Result<Comparison> {
    if municipalities.is_empty() {
        return Err(Error::input(
            "municipalities",
            "name at least one municipality",
        ));
    }
    if municipalities.len() > MAX_MUNICIPALITIES {
        return Err(Error::input(
            "municipalities",
            format!(
                "{} municipalities: compare at most {MAX_MUNICIPALITIES} at a time (the report holds every pair)",
                municipalities.len()
            ),
        ));
    }
    if count > MAX_SITUATIONS {
        return Err(Error::input(
            "population",
            format!("{count} situations: compare at most {MAX_SITUATIONS} at a time"),
        ));
    }
    // Any municipality, by id, CBS code or name; one without a rule set is compared as the
    // national frame. Reports name each by its id.
    let ids: Vec<String> = municipalities
        .iter()
        .map(|query| registry.municipality(query).map(|m| m.id.clone()))
        .collect::<Result<_>>()?;
    let municipalities = &ids[..];
    stop_early_if_failing(registry, municipalities, count, situation)?;
    let first_date = (count > 0).then(|| situation(0).reference_date);
    let columns = Columns::new(registry, municipalities, first_date.unwrap_or_default());
    // `Err(Stopped)` ends the fold: rayon's `try_fold` stops this worker at once, and `try_reduce`
    // tells the other workers, which then stop before their next situation.
    let fold = |mut tally: Tally, i: usize| {
        tally.add(&columns, i, situation(i));
        match progress(1) {
            ControlFlow::Continue(()) => Ok(tally),
            ControlFlow::Break(()) => Err(Stopped),
        }
    };
    let empty = || Tally::new(municipalities.len());
    #[cfg(not(target_arch = "wasm32"))]
    let tally = {
        use rayon::prelude::*;
        (0..count)
            .into_par_iter()
            .try_fold(empty, fold)
            .try_reduce(empty, |a, b| Ok(a.merge(b)))
    };
    #[cfg(target_arch = "wasm32")]
    let tally = (0..count).try_fold(empty(), fold);
    let go_on = || progress(0).is_continue();
    tally
        .and_then(|tally| tally.report(registry, municipalities, &go_on))
        .map_err(|Stopped| Error::Cancelled {
            message: format!("the comparison of {count} situations was stopped before it was done"),
        })
}

/// The rules of each compared municipality, resolved once for the date of the first situation
/// (in a population, every situation's); a situation of another date resolves its own.
struct Columns<'r> {
    registry: &'r Registry,
    ids: &'r [String],
    date: chrono::NaiveDate,
    /// The comparison's number, for its memo.
    session: u64,
    resolved: Vec<Result<Column<'r>>>,
}

impl<'r> Columns<'r> {
    /// The columns of a new comparison, which remembers nothing of an earlier one.
    fn new(registry: &'r Registry, ids: &'r [String], date: chrono::NaiveDate) -> Columns<'r> {
        let session = crate::registry::new_comparison();
        let resolved = ids
            .iter()
            .map(|id| registry.column(id, date, session))
            .collect();
        Columns {
            registry,
            ids,
            date,
            session,
            resolved,
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Municipality `m`'s routes for a checked situation.
    fn routes(&self, m: usize, situation: &Situation) -> Result<Routes> {
        let column = match self.resolved.get(m) {
            Some(resolved) if situation.reference_date == self.date => resolved.clone()?,
            _ => {
                let date = situation.reference_date;
                self.registry.column(&self.ids[m], date, self.session)?
            }
        };
        column.remembered_routes(situation)
    }
}

/// The progress callback asked to stop.
#[derive(Debug)]
struct Stopped;

/// How many of the first situations a rule set may fail on all before the comparison stops.
const PROBE: usize = 20;

/// A rule set that fails on each of the first [`PROBE`] situations (a draft with an endless loop
/// or a runtime error in a rule every resident reaches) would fail on most of the population:
/// the comparison stops at once with its first error, instead of running on and reporting zeros.
fn stop_early_if_failing(
    registry: &Registry,
    municipalities: &[String],
    count: usize,
    situation: &impl Fn(usize) -> Situation,
) -> Result<()> {
    let probe: Vec<Situation> = (0..count.min(PROBE)).map(situation).collect();
    if probe.len() < PROBE {
        return Ok(());
    }
    for id in municipalities {
        let mut first = None;
        for s in &probe {
            match registry.routes(id, s) {
                Ok(_) => {
                    first = None;
                    break;
                }
                Err(e) => {
                    first.get_or_insert(e);
                }
            }
        }
        if let Some(error) = first {
            return Err(error);
        }
    }
    Ok(())
}

/// Counts folded over situations; merged from parallel parts.
#[derive(Debug, Clone)]
struct Tally {
    situations: usize,
    errors: Vec<usize>,
    /// Per municipality: (situation number, error) of the lowest-numbered failure.
    first_errors: Vec<Option<(usize, Error)>>,
    identical: Vec<Vec<usize>>,
    /// [a][b]: situations both evaluated without an error, the denominator of similarity.
    evaluated: Vec<Vec<usize>>,
    asked: Vec<usize>,
    relevant: Vec<usize>,
    differing: Vec<usize>,
    conflicting: Vec<usize>,
    /// [provision][municipality]
    routes: Vec<Vec<RouteCounts>>,
    /// [provision][a][b]: same route.
    same: Vec<Vec<Vec<usize>>>,
    /// [(provision × k + a) × k + b]: situations where a and b differ on the provision (a < b).
    difference_counts: Vec<usize>,
    /// (provision, a, b) → the lowest-numbered situations that differ; a key for every non-zero
    /// count (a part keeps its first few, and the first makes the key).
    differences: BTreeMap<DifferenceKey, Vec<(usize, Situation)>>,
}

/// (provision, municipality a, municipality b).
type DifferenceKey = (u16, usize, usize);

impl Tally {
    fn new(k: usize) -> Tally {
        let p = catalogue::catalogue().len();
        Tally {
            situations: 0,
            errors: vec![0; k],
            first_errors: vec![None; k],
            identical: vec![vec![0; k]; k],
            evaluated: vec![vec![0; k]; k],
            asked: vec![0; p],
            relevant: vec![0; p],
            differing: vec![0; p],
            conflicting: vec![0; p],
            routes: vec![vec![RouteCounts::default(); k]; p],
            same: vec![vec![vec![0; k]; k]; p],
            difference_counts: vec![0; p * k * k],
            differences: BTreeMap::new(),
        }
    }

    fn add(&mut self, columns: &Columns, i: usize, situation: Situation) {
        self.situations += 1;
        let checked = situation.check();
        let outcomes: Vec<Option<Routes>> = (0..columns.len())
            .map(
                |m| match checked.clone().and_then(|()| columns.routes(m, &situation)) {
                    Ok(routes) => Some(routes),
                    Err(e) => {
                        self.errors[m] += 1;
                        keep_lowest(&mut self.first_errors[m], (i, e));
                        None
                    }
                },
            )
            .collect();
        let k = outcomes.len();
        for a in 0..k {
            for b in a..k {
                if outcomes[a].is_some() && outcomes[b].is_some() {
                    let identical = usize::from(outcomes[a] == outcomes[b]);
                    self.evaluated[a][b] += 1;
                    self.identical[a][b] += identical;
                    if a != b {
                        self.evaluated[b][a] += 1;
                        self.identical[b][a] += identical;
                    }
                }
            }
        }
        let mut routes: Vec<Option<Route>> = vec![None; k];
        for (p, provision) in catalogue::catalogue().iter().enumerate() {
            if !provision.needs.iter().any(|n| situation.needs.contains(n)) {
                continue;
            }
            self.asked[p] += 1;
            for (m, route) in routes.iter_mut().enumerate() {
                *route = outcomes[m].as_ref().and_then(|r| r[p]);
            }
            if routes.iter().any(Option::is_some) {
                self.relevant[p] += 1;
            }
            if routes.iter().any(|r| *r != routes[0]) {
                self.differing[p] += 1;
                let mut given = routes.iter().flatten();
                if let Some(first) = given.next() {
                    if given.any(|r| r != first) {
                        self.conflicting[p] += 1;
                    }
                }
            }
            for (counts, route) in self.routes[p].iter_mut().zip(&routes) {
                count(counts, *route);
            }
            let same = &mut self.same[p];
            for a in 0..k {
                for b in a..k {
                    if routes[a] == routes[b] {
                        same[a][b] += 1;
                        if a != b {
                            same[b][a] += 1;
                        }
                    } else if outcomes[a].is_some() && outcomes[b].is_some() {
                        // A dense count for every difference; the map only for the first few.
                        let n = &mut self.difference_counts[(p * k + a) * k + b];
                        *n += 1;
                        if *n <= EXAMPLES {
                            let examples = self.differences.entry((p as u16, a, b)).or_default();
                            examples.push((i, situation.clone()));
                        }
                    }
                }
            }
        }
    }

    // Merges parallel parts; the wasm build folds on one thread and never needs it.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn merge(mut self, other: Tally) -> Tally {
        self.situations += other.situations;
        add_into(&mut self.errors, &other.errors);
        for (mine, theirs) in self.first_errors.iter_mut().zip(other.first_errors) {
            if let Some(theirs) = theirs {
                keep_lowest(mine, theirs);
            }
        }
        for (a, b) in self.identical.iter_mut().zip(&other.identical) {
            add_into(a, b);
        }
        for (a, b) in self.evaluated.iter_mut().zip(&other.evaluated) {
            add_into(a, b);
        }
        add_into(&mut self.asked, &other.asked);
        add_into(&mut self.relevant, &other.relevant);
        add_into(&mut self.differing, &other.differing);
        add_into(&mut self.conflicting, &other.conflicting);
        for (mine, theirs) in self.routes.iter_mut().zip(&other.routes) {
            for (x, y) in mine.iter_mut().zip(theirs) {
                x.open_access += y.open_access;
                x.decision_required += y.decision_required;
                x.not_offered += y.not_offered;
                x.elsewhere += y.elsewhere;
                x.no_advice += y.no_advice;
            }
        }
        for (mine, theirs) in self.same.iter_mut().zip(&other.same) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                add_into(a, b);
            }
        }
        add_into(&mut self.difference_counts, &other.difference_counts);
        for (key, examples) in other.differences {
            let kept = self.differences.entry(key).or_default();
            kept.extend(examples);
            // The lowest-numbered situations, whatever order the parts arrived in.
            kept.sort_by_key(|(i, _)| *i);
            kept.truncate(EXAMPLES);
        }
        self
    }

    /// The report, with the examples shrunk; `Err` as soon as `go_on` says no.
    fn report(
        self,
        registry: &Registry,
        municipalities: &[String],
        go_on: &dyn Fn() -> bool,
    ) -> Result<Comparison, Stopped> {
        let share = |n: usize, of: usize| if of == 0 { 1.0 } else { n as f64 / of as f64 };
        let provisions = catalogue::catalogue()
            .iter()
            .enumerate()
            .filter(|(p, _)| self.asked[*p] > 0)
            .map(|(p, provision)| ProvisionComparison {
                provision: provision.id.to_string(),
                name: provision.name.clone(),
                asked: self.asked[p],
                relevant: self.relevant[p],
                differing: self.differing[p],
                conflicting: self.conflicting[p],
                routes: self.routes[p].clone(),
                similarity: self.same[p]
                    .iter()
                    .map(|row| row.iter().map(|n| share(*n, self.asked[p])).collect())
                    .collect(),
            })
            .collect();
        let mut budget = ExampleBudget {
            left: MAX_EXAMPLE_BYTES,
            left_out: 0,
        };
        let k = municipalities.len();
        let counts = &self.difference_counts;
        let differences = self
            .differences
            .into_iter()
            .map(|((p, a, b), examples)| {
                let count = counts[(p as usize * k + a) * k + b];
                let provision = ProvisionIndex(p);
                let (ida, idb) = (&municipalities[a], &municipalities[b]);
                Ok(Difference {
                    provision: catalogue::provision(provision).id.to_string(),
                    a: ida.clone(),
                    b: idb.clone(),
                    count,
                    examples: budget.keep(examples, |examples| {
                        minimal_examples(registry, ida, idb, provision, examples, go_on)
                    })?,
                })
            })
            .collect::<Result<_, Stopped>>()?;
        Ok(Comparison {
            municipalities: municipalities.to_vec(),
            situations: self.situations,
            errors: self.errors,
            first_errors: self
                .first_errors
                .into_iter()
                .map(|e| e.map(|(_, e)| e))
                .collect(),
            similarity: self
                .identical
                .iter()
                .zip(&self.evaluated)
                .map(|(same, both)| {
                    same.iter()
                        .zip(both)
                        .map(|(n, of)| if *of == 0 { 0.0 } else { share(*n, *of) })
                        .collect()
                })
                .collect(),
            provisions,
            differences,
            examples_left_out: budget.left_out,
        })
    }
}

/// What is left of [`MAX_EXAMPLE_BYTES`] while the differences get their examples.
struct ExampleBudget {
    left: usize,
    left_out: usize,
}

impl ExampleBudget {
    /// The examples `make` builds from `found`, as many as fit, in order. Once one does not fit,
    /// the budget is closed: later differences are not shrunk at all (which also saves the work),
    /// and the report stays the same however large the examples that came after.
    fn keep(
        &mut self,
        found: Vec<(usize, Situation)>,
        make: impl FnOnce(Vec<(usize, Situation)>) -> Result<Vec<Example>, Stopped>,
    ) -> Result<Vec<Example>, Stopped> {
        if self.left == 0 {
            self.left_out += found.len();
            return Ok(Vec::new());
        }
        let mut kept = Vec::new();
        for example in make(found)? {
            // The example's JSON and its comma; an example that cannot be written is left out.
            let bytes = serde_json::to_vec(&example).map_or(usize::MAX, |json| json.len() + 1);
            if self.left > 0 && bytes <= self.left {
                self.left -= bytes;
                kept.push(example);
            } else {
                self.left = 0;
                self.left_out += 1;
            }
        }
        Ok(kept)
    }
}

/// Keeps the failure of the lower-numbered situation, so the report is the same however the
/// work was split.
fn keep_lowest(kept: &mut Option<(usize, Error)>, failure: (usize, Error)) {
    if kept.as_ref().is_none_or(|(i, _)| failure.0 < *i) {
        *kept = Some(failure);
    }
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn add_into(into: &mut [usize], from: &[usize]) {
    for (x, y) in into.iter_mut().zip(from) {
        *x += y;
    }
}

fn count(counts: &mut RouteCounts, route: Option<Route>) {
    match route {
        Some(Route::OpenAccess) => counts.open_access += 1,
        Some(Route::DecisionRequired) => counts.decision_required += 1,
        Some(Route::NotOffered) => counts.not_offered += 1,
        Some(Route::Elsewhere) => counts.elsewhere += 1,
        None => counts.no_advice += 1,
    }
}

/// The advice of `municipality` for one provision, if any.
fn provision_advice(
    registry: &Registry,
    municipality: &str,
    provision: ProvisionIndex,
    s: &Situation,
) -> Option<ProvisionAdvice> {
    let id = catalogue::provision(provision).id;
    registry
        .advise(municipality, s)
        .ok()?
        .provisions
        .into_iter()
        .find(|p| p.provision == id)
}

/// Shrinks each example while the two municipalities still differ on the provision, then keeps
/// the distinct results; `Err` as soon as `go_on` says no.
fn minimal_examples(
    registry: &Registry,
    a: &str,
    b: &str,
    provision: ProvisionIndex,
    examples: Vec<(usize, Situation)>,
    go_on: &dyn Fn() -> bool,
) -> Result<Vec<Example>, Stopped> {
    let route =
        |m: &str, s: &Situation| provision_advice(registry, m, provision, s).map(|p| p.route);
    let differs = |s: &Situation| s.check().is_ok() && route(a, s) != route(b, s);
    let mut kept: Vec<Situation> = Vec::new();
    for (_, situation) in examples {
        let small = shrink(situation, provision, &differs, go_on)?;
        if !kept.contains(&small) {
            kept.push(small);
        }
    }
    Ok(kept
        .into_iter()
        .map(|situation| Example {
            a: provision_advice(registry, a, provision, &situation),
            b: provision_advice(registry, b, provision, &situation),
            description: crate::compare::describe::describe(&situation),
            situation,
        })
        .collect())
}

/// Greedy shrinking: apply each simplification that keeps the difference, until none does. Each
/// step runs a few dozen advices, so `go_on` is asked before each.
fn shrink(
    mut s: Situation,
    provision: ProvisionIndex,
    differs: &dyn Fn(&Situation) -> bool,
    go_on: &dyn Fn() -> bool,
) -> Result<Situation, Stopped> {
    loop {
        if !go_on() {
            return Err(Stopped);
        }
        let better = simplifications(&s, provision)
            .into_iter()
            .find(|candidate| candidate != &s && differs(candidate));
        match better {
            Some(candidate) => s = candidate,
            None => return Ok(s),
        }
    }
}

/// Simpler neighbours of a situation: fewer needs, no children, living alone, defaults for every
/// flag, and an age moved toward 40.
fn simplifications(s: &Situation, provision: ProvisionIndex) -> Vec<Situation> {
    let served = &catalogue::provision(provision).needs;
    let mut out: Vec<Situation> = s
        .needs
        .iter()
        .filter(|n| served.contains(n) && s.needs.len() > 1)
        .map(|n| Situation {
            needs: vec![*n],
            ..s.clone()
        })
        .collect();
    out.push(Situation {
        household: Household::Alone,
        partner_age: None,
        children: Vec::new(),
        household_size: None,
        ..s.clone()
    });
    out.push(Situation {
        children: Vec::new(),
        household_size: None,
        ..s.clone()
    });
    out.push(Situation {
        household_size: None,
        ..s.clone()
    });
    out.push(Situation {
        income_percent: None,
        ..s.clone()
    });
    out.push(Situation {
        urgent: false,
        ..s.clone()
    });
    out.push(Situation {
        housemate_help: None,
        ..s.clone()
    });
    out.push(Situation {
        need_weeks: None,
        ..s.clone()
    });
    out.push(Situation {
        household_hours_per_week: None,
        ..s.clone()
    });
    out.push(Situation {
        housemate_wlz: false,
        ..s.clone()
    });
    out.push(Situation {
        parents: None,
        ..s.clone()
    });
    out.push(Situation {
        pgb_wish: None,
        ..s.clone()
    });
    out.push(Situation {
        aid: None,
        ..s.clone()
    });
    out.push(Situation {
        wlz_indication: false,
        ..s.clone()
    });
    out.push(Situation {
        living: Living::Independent,
        ..s.clone()
    });
    out.push(Situation {
        mobility: Mobility::None,
        ..s.clone()
    });
    out.push(Situation {
        has_informal_carer: false,
        ..s.clone()
    });
    out.push(Situation {
        is_informal_carer: false,
        ..s.clone()
    });
    if s.age != 40 {
        out.push(Situation {
            age: 40,
            ..s.clone()
        });
        let halfway = ((s.age as i32 + 40) / 2) as u8;
        out.push(Situation {
            age: halfway,
            ..s.clone()
        });
    }
    out
}
