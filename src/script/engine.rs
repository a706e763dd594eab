//! A rule set compiled and run: [`CompiledRuleSet`] compiles each script once to an AST (checked
//! by `vocabulary.rs`, sliced by `slicing.rs`, its chains of literals built by `templates.rs`),
//! and [`evaluate`] runs the municipal script and then the baseline in the sandbox
//! (`sandbox.rs`), within the limits and the clock, with warm caches.
//!
//! The top of `script/`: it imports the files beside it, and none of them imports it.

use crate::advice::Route;
use crate::catalogue;
use crate::error::{Error, Result};
use crate::ruleset::{Metadata, RuleSetSource};
use crate::script::caches::with_warm_caches;
use crate::script::clock::{self, evaluation_budget};
use crate::script::draft::{Detail, Draft};
use crate::script::errors::runtime_error;
use crate::script::rule_api::{self, Evaluation, Facts, Probe, RunningRuleSet};
use crate::script::sandbox::{compile_script, compiled_call, engine, scope};
use crate::script::slicing::{self, Segment};
use crate::script::switches::{interpreting_chains, running_everything};
use crate::script::templates::{self, Template};
use crate::script::vocabulary::validate;
#[cfg(not(target_arch = "wasm32"))]
use crate::script::{memo, reads::NumberReads};
use crate::situation::Situation;
use rhai::AST;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A rule set ready to run: checked metadata and a validated, compiled script.
#[derive(Debug, Clone)]
pub struct CompiledRuleSet {
    pub(crate) metadata: Metadata,
    pub(crate) source: RuleSetSource,
    ast: AST,
    /// Which statements to run for which provisions.
    segments: Arc<[Segment]>,
    /// Identifies this compilation (and its clones) for the warm function-resolution caches.
    pub(super) compilation: u64,
    /// Parties, file and templates, shared with every evaluation of this rule set.
    running: Arc<RunningRuleSet>,
    /// How the script reads number facts, for a comparison's memo.
    #[cfg(not(target_arch = "wasm32"))]
    number_reads: Arc<NumberReads>,
    hash: String,
}

impl CompiledRuleSet {
    /// Parses the metadata, compiles the script and validates every id it names.
    pub fn compile(source: RuleSetSource) -> Result<Self> {
        let metadata = Metadata::parse(&source)?;
        Self::compile_with(metadata, source)
    }

    /// Compiles a script with metadata that is already parsed and checked.
    pub(crate) fn compile_with(metadata: Metadata, source: RuleSetSource) -> Result<Self> {
        let file = source.script_file();
        let ast = compile_script(&source.script, &file)?;
        validate(&ast, &file, &metadata)?;
        let ast = slicing::narrow_loops(&ast, compiled_call(slicing::RELEVANT_ONLY, 1)?);
        let parties: Vec<String> = metadata.parties.keys().cloned().collect();
        let hash = source.hash();
        let segments = slicing::segments(&ast).into();
        let (ast, templates) = fold_chains(&ast, &parties, &file)?;
        #[cfg(not(target_arch = "wasm32"))]
        let number_reads = Arc::new(NumberReads::of(&ast));
        static COMPILATIONS: AtomicU64 = AtomicU64::new(0);
        Ok(CompiledRuleSet {
            metadata,
            source,
            ast,
            segments,
            compilation: COMPILATIONS.fetch_add(1, Ordering::Relaxed),
            running: Arc::new(RunningRuleSet {
                parties,
                file,
                templates,
            }),
            hash,
            #[cfg(not(target_arch = "wasm32"))]
            number_reads,
        })
    }

    /// The parsed `ruleset.toml`.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The files it was compiled from.
    pub fn source(&self) -> &RuleSetSource {
        &self.source
    }

    /// The rule set's id (`lansingerland`); versions of one municipality share it.
    pub fn id(&self) -> &str {
        &self.metadata.id
    }

    /// How many segments of the script run only for the provisions they reach.
    pub fn skippable_segments(&self) -> usize {
        self.segments.iter().filter(|s| s.reach.is_some()).count()
    }

    /// How many chains of literals were built once at compile time instead of interpreted.
    pub fn folded_chains(&self) -> usize {
        self.running.templates.len()
    }

    /// The content hash of metadata and script (`sha256:…`).
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// What an advice records about this rule set.
    pub fn reference(&self) -> crate::advice::RuleSetRef {
        let m = &self.metadata;
        crate::advice::RuleSetRef {
            id: m.id.clone(),
            version: m.version.clone(),
            valid_from: m.valid_from,
            valid_to: m.valid_to,
            hash: self.hash.clone(),
        }
    }
}

/// Builds the chains of literals once, unless a test asked to interpret them.
fn fold_chains(ast: &AST, parties: &[String], file: &str) -> Result<(AST, Vec<Template>)> {
    if interpreting_chains() {
        return Ok((ast.clone(), Vec::new()));
    }
    let calls = [
        compiled_call(templates::APPLY_TEMPLATE, 1)?,
        compiled_call(templates::APPLY_TEMPLATE, 2)?,
    ];
    Ok(templates::fold_chains(
        ast,
        calls,
        templates::Declared { parties, file },
    ))
}

/// Runs the municipal script, then the baseline (national law has the last word), and returns the
/// decisions per catalogue provision.
pub(crate) fn evaluate(
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Vec<Option<Draft>>> {
    evaluate_at(Detail::Full, municipal, baseline, situation)
}

/// The route per catalogue provision only: the same evaluation, with no text copied into the
/// decisions ([`Detail::RoutesOnly`]).
pub(crate) fn routes(
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Vec<Option<Route>>> {
    let facts = Facts::of(situation);
    let relevant = relevant(&facts);
    routes_of(municipal, baseline, facts, relevant, false).map(|(routes, _)| routes)
}

/// The same routes, recalled when a resident with the same reads passed before on this thread
/// (`script/memo.rs`): what a comparison needs, for every situation. In wasm, where the memo is
/// left out, every situation runs.
#[cfg(target_arch = "wasm32")]
pub(crate) fn remembered_routes(
    session: u64,
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Vec<Option<Route>>> {
    let _ = session;
    routes(municipal, baseline, situation)
}

/// The same routes, recalled when a resident with the same reads passed before on this thread
/// ([`crate::script::memo`]): what a comparison needs, for every situation.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn remembered_routes(
    session: u64,
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Vec<Option<Route>>> {
    // The test switches change what runs without changing the rule sets: nothing to remember.
    if running_everything() || interpreting_chains() {
        return routes(municipal, baseline, situation);
    }
    let facts = Facts::of(situation);
    let relevant = relevant(&facts);
    let pair = (municipal.compilation, baseline.compilation);
    if let Some(routes) = memo::with_memo(session, |m| m.recall(pair, &facts, relevant)) {
        return Ok(routes);
    }
    let remembered = facts.clone();
    let (routes, trace) = routes_of(municipal, baseline, facts, relevant, true)?;
    if let Some(trace) = trace {
        let reads = || municipal.number_reads.and(&baseline.number_reads);
        memo::with_memo(session, |m| {
            m.remember(pair, reads, &remembered, relevant, &trace, &routes)
        });
    }
    Ok(routes)
}

/// A new comparison's number, for [`remembered_routes`]: its memo starts empty.
pub(crate) fn new_memo_session() -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    return memo::new_session();
    #[cfg(target_arch = "wasm32")]
    0
}

/// The routes-only evaluation both of the above run; with `traced`, also the reads it made.
fn routes_of(
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    facts: Facts,
    relevant: u64,
    traced: bool,
) -> Result<(Vec<Option<Route>>, Option<Trace>)> {
    let (decisions, trace) = evaluate_facts(
        Detail::RoutesOnly,
        municipal,
        baseline,
        facts,
        relevant,
        traced,
    )?;
    let routes = decisions.into_iter().map(|d| d.map(|d| d.route)).collect();
    Ok((routes, trace))
}

/// The provisions whose rules run: those serving an asked need (every one, when a test asks).
fn relevant(facts: &Facts) -> u64 {
    if running_everything() {
        u64::MAX
    } else {
        facts.relevant()
    }
}

fn evaluate_at(
    detail: Detail,
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Vec<Option<Draft>>> {
    let facts = Facts::of(situation);
    let relevant = relevant(&facts);
    evaluate_facts(detail, municipal, baseline, facts, relevant, false).map(|(d, _)| d)
}

/// Every read the rules made, in order, with its value.
type Trace = Vec<(Probe, rhai::INT)>;
type Traced = (Vec<Option<Draft>>, Option<Trace>);

/// Runs both scripts for `facts`; with `traced`, also returns every read the rules made.
fn evaluate_facts(
    detail: Detail,
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    facts: Facts,
    relevant: u64,
    traced: bool,
) -> Result<Traced> {
    let evaluation = Evaluation {
        facts,
        decisions: vec![None; catalogue::catalogue().len()],
        rule_set: municipal.running.clone(),
        detail,
        trace: traced.then(Vec::new),
    };
    clock::start(evaluation_budget());
    let (result, evaluation) = rule_api::with_evaluation(evaluation, || -> Result<()> {
        run(municipal, relevant)?;
        rule_api::switch_rule_set(baseline.running.clone());
        run(baseline, relevant)
    });
    result?;
    // Only `with_evaluation` empties the slot, so this is always present; no panic if not.
    evaluation
        .map(|e| (e.decisions, e.trace))
        .ok_or_else(|| Error::Internal {
            message: "the evaluation context was lost".into(),
        })
}

/// Runs the segments of a rule set that can reach a relevant provision, in order, with one scope
/// and one operation counter (so the sandbox limits apply to the script as a whole).
fn run(rule_set: &CompiledRuleSet, relevant: u64) -> Result<()> {
    let engine = engine();
    let mut global = engine.new_global_runtime_state();
    let mut scope = scope();
    let statements = rule_set.ast.statements();
    with_warm_caches(rule_set.compilation, |caches| {
        for segment in rule_set.segments.iter().filter(|s| s.needed(relevant)) {
            // `eval_statements_raw` is Rhai's way to run part of an AST; deprecated since 1.12 but
            // kept for the 1.x line, which Cargo.toml pins.
            #[allow(deprecated)]
            let _ = engine
                .eval_statements_raw(
                    &mut global,
                    caches,
                    &mut scope,
                    &statements[segment.statements.clone()],
                )
                .map_err(|e| script_error(*e, &rule_set.running.file))?;
        }
        Ok(())
    })
}

/// A runtime error. The resident page's module, where no rule author writes, leaves the guess at
/// a misspelt function out.
#[cfg(all(target_arch = "wasm32", not(feature = "comparisons")))]
fn script_error(e: rhai::EvalAltResult, file: &str) -> Error {
    runtime_error(e, file)
}

/// A runtime error, with the rule function meant when the script called one that does not exist
/// (`open_acces` → `open_access`).
#[cfg(any(not(target_arch = "wasm32"), feature = "comparisons"))]
fn script_error(e: rhai::EvalAltResult, file: &str) -> Error {
    let error = runtime_error(e, file);
    let Error::ScriptRuntime { location, message } = &error else {
        return error;
    };
    let Some(signature) = message.strip_prefix("Function not found: ") else {
        return error;
    };
    let name = signature.split(' ').next().unwrap_or_default();
    match catalogue::closest(name, rule_api::FUNCTION_NAMES) {
        Some(meant) if meant != name => Error::ScriptRuntime {
            location: location.clone(),
            message: format!("{message}; did you mean `{meant}`?"),
        },
        _ => error,
    }
}

#[cfg(test)]
mod deadline {
    use crate::Registry;

    #[test]
    fn an_evaluation_past_its_time_budget_stops_with_a_time_limit() {
        let registry = Registry::bundled().unwrap();
        let westerveld = registry
            .rule_sets()
            .find(|r| r.id() == "westerveld")
            .unwrap();
        let mut source = westerveld.source.clone();
        source.script = "loop {}".into();
        source.content_hash = None;
        let runaway = super::CompiledRuleSet::compile(source).unwrap();
        let situation = crate::Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":80,"needs":["household_tasks"]}"#,
        )
        .unwrap();
        crate::script::clock::BUDGET.with(|b| b.set(-1.0));
        let error = crate::registry::advise_with(&runaway, registry.baseline(), &situation);
        crate::script::clock::BUDGET.with(|b| b.set(crate::script::clock::BUDGET_MILLIS));
        match error {
            Err(crate::Error::LimitExceeded { limit, bound, .. }) => {
                assert_eq!((limit, bound), (crate::error::Limit::Time, 2_000))
            }
            other => panic!("expected a time limit, got {other:?}"),
        }
        // With the normal budget the operations limit ends it first.
        match crate::registry::advise_with(&runaway, registry.baseline(), &situation) {
            Err(crate::Error::LimitExceeded { limit, bound, .. }) => {
                assert_eq!((limit, bound), (crate::error::Limit::Operations, 100_000))
            }
            other => panic!("expected the operations limit, got {other:?}"),
        }
    }
}
