//! The sandbox: one configured Rhai engine for every rule set, compiling each script once to an
//! AST, validating its ids before anything runs, and turning Rhai's errors into ours with the rule
//! file, line and column.

use crate::advice::{BasisKind, CapUnit, Unit};
use crate::catalogue::{self, Need, OtherRoute};
use crate::error::{Error, Limit, Location, Result};
use crate::ruleset::{Metadata, RuleSetSource};
use crate::script::draft::{self, Draft};
use crate::script::rule_api::{self, Evaluation, Facts, Resident, RunningRuleSet};
use crate::script::slicing::{self, Segment};
use crate::script::templates::{self, Template};
use crate::situation::Situation;
use rhai::packages::{
    ArithmeticPackage, BasicIteratorPackage, BasicStringPackage, LogicPackage, Package,
};
use rhai::{
    ASTNode, Caches, EvalAltResult, Expr, FnCallExpr, ParseErrorType, Position, Scope, Stmt, AST,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// The sandbox limits. A rule set for a whole municipality needs a few thousand operations.
pub mod limits {
    pub const MAX_OPERATIONS: u64 = 100_000;
    pub const MAX_EXPR_DEPTH: usize = 64;
    pub const MAX_STRING_SIZE: usize = 4_096;
    pub const MAX_ARRAY_SIZE: usize = 1_024;
    pub const MAX_MAP_SIZE: usize = 256;
    pub const MAX_VARIABLES: usize = 256;
    /// Largest rule script accepted, in bytes.
    pub const MAX_SCRIPT_BYTES: usize = 256 * 1024;
    /// The most entries one decision holds in each of its lists (the advice's bound).
    pub use crate::advice::MAX_LIST_ITEMS as MAX_DECISION_ITEMS;
}

/// The one engine, configured once: no I/O, no modules, no `eval`, strict variables, bounded everything.
pub(crate) fn engine() -> &'static rhai::Engine {
    static ENGINE: OnceLock<rhai::Engine> = OnceLock::new();
    ENGINE.get_or_init(configure)
}

fn configure() -> rhai::Engine {
    use limits::*;
    // Only what rules need: arithmetic, comparisons, strings, ranges and a few array functions.
    // Not Rhai's core package: `sleep` costs no operations (and traps in wasm), `parse_json` makes
    // object maps, `exit` ends only one segment. Not its array package: `sort`, `pad` and `==` do
    // work by the array's size that the operation limit counts as one.
    let mut engine = rhai::Engine::new_raw();
    engine.register_global_module(ArithmeticPackage::new().as_shared_module());
    engine.register_global_module(LogicPackage::new().as_shared_module());
    engine.register_global_module(BasicStringPackage::new().as_shared_module());
    engine.register_global_module(BasicIteratorPackage::new().as_shared_module());
    register_array_functions(&mut engine);
    engine
        .set_max_operations(MAX_OPERATIONS)
        .set_max_expr_depths(MAX_EXPR_DEPTH)
        .set_max_string_size(MAX_STRING_SIZE)
        .set_max_array_size(MAX_ARRAY_SIZE)
        .set_max_map_size(MAX_MAP_SIZE)
        .set_max_variables(MAX_VARIABLES)
        .set_strict_variables(true)
        .disable_symbol("eval")
        // No function pointers: a name built at run time could reach any function.
        .disable_symbol("Fn")
        .disable_symbol("call")
        .disable_symbol("curry")
        // Rules need no object maps, and Rhai does not apply the map-size limit to `m[k] = v`.
        .disable_symbol("#{");
    // A second line of defence behind the operations limit: a wall-clock budget per evaluation.
    // Looked at every 1,024 operations only: a look at the clock on every operation slowed a
    // comparison by 40 %.
    engine.on_progress(|operations| {
        if operations % clock::CHECK_EVERY != 0 || !clock::past_deadline() {
            return None;
        }
        Some(rhai::Dynamic::from("deadline"))
    });
    // Scripts must not write to stdout: the CLI prints JSON there.
    engine.on_print(|_| {}).on_debug(|_, _, _| {});
    rule_api::register(&mut engine);
    engine
}

/// The array functions rules use: `len`, `is_empty`, `push` and `contains` (which `x in list`
/// calls). Each looks at an array of at most [`limits::MAX_ARRAY_SIZE`] elements once.
fn register_array_functions(engine: &mut rhai::Engine) {
    use rhai::{Array, Dynamic};
    engine
        .register_fn("len", |a: &mut Array| a.len() as rhai::INT)
        .register_fn("is_empty", |a: &mut Array| a.is_empty())
        .register_fn("push", |a: &mut Array, item: Dynamic| a.push(item))
        .register_fn(
            "contains",
            |a: &mut Array, item: Dynamic| -> Result<bool, Box<rhai::EvalAltResult>> {
                clock::charge(a.len() as u64)?;
                Ok(a.iter().any(|x| same_value(x, &item)))
            },
        );
}

/// Equality of the values rules compare (strings, integers, booleans); other values are never
/// equal, so no comparison can call back into the script.
fn same_value(a: &rhai::Dynamic, b: &rhai::Dynamic) -> bool {
    if let (Some(a), Some(b)) = (
        a.read_lock::<rhai::ImmutableString>(),
        b.read_lock::<rhai::ImmutableString>(),
    ) {
        return *a == *b;
    }
    match (a.as_int(), b.as_int()) {
        (Ok(a), Ok(b)) => return a == b,
        (Ok(_), _) | (_, Ok(_)) => return false,
        _ => {}
    }
    matches!((a.as_bool(), b.as_bool()), (Ok(a), Ok(b)) if a == b)
}

/// The scope every script sees: just the resident.
fn scope() -> Scope<'static> {
    let mut scope = Scope::new();
    scope.push_constant("resident", Resident);
    scope
}

/// A rule set ready to run: checked metadata and a validated, compiled script.
#[derive(Debug, Clone)]
pub struct CompiledRuleSet {
    pub(crate) metadata: Metadata,
    pub(crate) source: RuleSetSource,
    ast: AST,
    /// Which statements to run for which provisions.
    segments: Arc<[Segment]>,
    /// Identifies this compilation (and its clones) for the warm function-resolution caches.
    compilation: u64,
    /// Parties, file and templates, shared with every evaluation of this rule set.
    running: Arc<RunningRuleSet>,
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

/// A compiled call `name(…)` of a rule function with `arity` arguments, the node the AST rewrites
/// put in: the hashes Rhai dispatches on then come from its own parser. Rewrites set the arguments.
fn compiled_call(name: &'static str, arity: usize) -> Result<&'static FnCallExpr> {
    const CALLS: [(&str, usize); 3] = [
        (slicing::RELEVANT_ONLY, 1),
        (templates::APPLY_TEMPLATE, 1),
        (templates::APPLY_TEMPLATE, 2),
    ];
    static COMPILED: OnceLock<Vec<((&'static str, usize), FnCallExpr)>> = OnceLock::new();
    let compile = |(name, arity): (&'static str, usize)| {
        let args = vec!["0"; arity].join(", ");
        let ast = engine().compile(format!("{name}({args});")).ok()?;
        let call = match ast.statements().first()? {
            Stmt::FnCall(call, _) => call.clone(),
            Stmt::Expr(expr) => match &**expr {
                Expr::FnCall(call, _) => call.clone(),
                _ => return None,
            },
            _ => return None,
        };
        Some(((name, arity), *call))
    };
    COMPILED
        .get_or_init(|| CALLS.into_iter().filter_map(compile).collect())
        .iter()
        .find_map(|(key, call)| (*key == (name, arity)).then_some(call))
        .ok_or_else(|| Error::Internal {
            message: format!("the {name} call with {arity} arguments did not compile"),
        })
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

fn compile_script(script: &str, file: &str) -> Result<AST> {
    if script.len() > limits::MAX_SCRIPT_BYTES {
        return Err(Error::LimitExceeded {
            location: Location {
                file: file.into(),
                line: None,
                column: None,
            },
            limit: Limit::ScriptSize,
            bound: limits::MAX_SCRIPT_BYTES as u64,
            message: format!(
                "the script is {} bytes; at most {} are accepted",
                script.len(),
                limits::MAX_SCRIPT_BYTES
            ),
        });
    }
    engine()
        .compile_with_scope(&scope(), script)
        .map_err(|e| parse_error(e, file))
}

fn location(file: &str, pos: Position) -> Location {
    Location {
        file: file.to_string(),
        line: pos.line(),
        column: pos.position(),
    }
}

fn parse_error(e: rhai::ParseError, file: &str) -> Error {
    let location = location(file, e.1);
    match *e.0 {
        ParseErrorType::ExprTooDeep => Error::LimitExceeded {
            location,
            limit: Limit::ExpressionDepth,
            bound: limits::MAX_EXPR_DEPTH as u64,
            message: format!(
                "expressions nest deeper than {} levels",
                limits::MAX_EXPR_DEPTH
            ),
        },
        // Rhai is built without script functions (`no_function`): rules stay flat, recursion is
        // impossible, and the interpreter in the wasm module is smaller and so faster code fits.
        ParseErrorType::Reserved(word) if word == "fn" => Error::ScriptSyntax {
            location,
            message: "rule scripts cannot define functions; write each rule out, or loop over a list of provision ids".into(),
        },
        ParseErrorType::LiteralTooLarge(what, max) => Error::LimitExceeded {
            location,
            limit: Limit::LiteralSize,
            bound: max as u64,
            message: format!("{what} exceeds {max}"),
        },
        kind => Error::ScriptSyntax {
            location,
            message: kind.to_string(),
        },
    }
}

/// Turns a Rhai runtime error into ours, keeping the innermost position.
pub(crate) fn runtime_error(e: EvalAltResult, file: &str) -> Error {
    match e {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _) => runtime_error(*inner, file),
        EvalAltResult::ErrorTooManyOperations(pos) => too_many_operations(file, pos),
        EvalAltResult::ErrorDataTooLarge(what, pos) => {
            // Rhai names what grew: "Length of string", "Size of array", "Size of object map".
            let bound = if what.contains("string") {
                limits::MAX_STRING_SIZE
            } else if what.contains(draft::OF_A_DECISION) {
                limits::MAX_DECISION_ITEMS
            } else if what.contains("array") {
                limits::MAX_ARRAY_SIZE
            } else {
                limits::MAX_MAP_SIZE
            };
            limit(
                file,
                pos,
                Limit::DataSize,
                bound as u64,
                format!("{what} grew beyond the sandbox limit of {bound}"),
            )
        }
        EvalAltResult::ErrorTooManyVariables(pos) => limit(
            file,
            pos,
            Limit::Variables,
            limits::MAX_VARIABLES as u64,
            format!("more than {} variables", limits::MAX_VARIABLES),
        ),
        EvalAltResult::ErrorTerminated(_, pos) => limit(
            file,
            pos,
            Limit::Time,
            clock::BUDGET_MILLIS as u64,
            format!(
                "the evaluation took longer than {} ms",
                clock::BUDGET_MILLIS
            ),
        ),
        mut other => {
            let pos = other.take_position();
            Error::ScriptRuntime {
                location: location(file, pos),
                message: other.to_string(),
            }
        }
    }
}

fn too_many_operations(file: &str, pos: Position) -> Error {
    limit(
        file,
        pos,
        Limit::Operations,
        limits::MAX_OPERATIONS,
        format!(
            "the script ran more than {} operations; is there an endless loop?",
            limits::MAX_OPERATIONS
        ),
    )
}

fn limit(file: &str, pos: Position, limit: Limit, bound: u64, message: String) -> Error {
    Error::LimitExceeded {
        location: location(file, pos),
        limit,
        bound,
        message,
    }
}

/// Checks, before the script ever runs, that every literal id it names exists: provisions, needs,
/// other routes, access parties, basis kinds and cost units.
fn validate(ast: &AST, file: &str, metadata: &Metadata) -> Result<()> {
    let mut problem = None;
    crate::script::slicing::walk_script(ast, &mut |path: &[ASTNode]| {
        problem = match path.last() {
            // A call on its own line is a statement; inside an expression it is an expression.
            Some(ASTNode::Stmt(Stmt::FnCall(call, _)))
            | Some(ASTNode::Expr(Expr::FnCall(call, _))) => check_function(call),
            Some(ASTNode::Expr(Expr::MethodCall(call, _))) => check_method(call, metadata),
            _ => None,
        };
        problem.is_none()
    });
    match problem {
        None => Ok(()),
        Some((pos, message, help)) => Err(Error::Validation {
            location: location(file, pos),
            message,
            help,
        }),
    }
}

type Problem = Option<(Position, String, Option<String>)>;

/// The string literal at argument `n`, with its position.
fn literal(call: &FnCallExpr, n: usize) -> Option<(&str, Position)> {
    match call.args.get(n) {
        Some(Expr::StringConstant(s, pos)) => Some((s.as_str(), *pos)),
        _ => None,
    }
}

fn check_function(call: &FnCallExpr) -> Problem {
    let name = call.name.as_str();
    if rule_api::PROVISION_FUNCTIONS.contains(&name) {
        if let Some((id, pos)) = literal(call, 0) {
            if catalogue::provision_index(id).is_none() {
                return Some((
                    pos,
                    rule_api::unknown_provision_message(id),
                    Some("provision ids are listed by `toegang catalogue`".into()),
                ));
            }
        }
    }
    match name {
        "elsewhere" => check_vocabulary(
            call,
            1,
            "other route",
            OtherRoute::ALL.iter().map(|r| r.id()),
        ),
        "asks" => check_vocabulary(call, 0, "need", Need::ALL.iter().map(|n| n.id())),
        _ => None,
    }
}

fn check_method(call: &FnCallExpr, metadata: &Metadata) -> Problem {
    match call.name.as_str() {
        "via" => {
            let (party, pos) = literal(call, 0)?;
            if metadata.parties.contains_key(party) {
                return None;
            }
            let hint = catalogue::closest(party, metadata.parties.keys().map(String::as_str))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            Some((
                pos,
                format!("unknown access party `{party}`{hint}"),
                Some("declare access parties under [parties.<id>] in ruleset.toml".into()),
            ))
        }
        "also_via" => check_vocabulary(
            call,
            0,
            "other route",
            OtherRoute::ALL.iter().map(|r| r.id()),
        ),
        "basis" => check_vocabulary(call, 0, "basis kind", BasisKind::IDS.iter().copied()),
        "cost" => check_vocabulary(call, 1, "cost unit", Unit::ids()).or_else(|| {
            let (euros, pos) = literal(call, 0)?;
            draft::parse_cents(euros)
                .is_none()
                .then(|| (pos, draft::bad_amount_message(euros), None))
        }),
        "at_most" => check_vocabulary(call, 1, "unit for at_most", CapUnit::ids()).or_else(|| {
            let (amount, pos) = literal(call, 0)?;
            draft::parse_cap_amount(amount)
                .is_none()
                .then(|| (pos, draft::bad_cap_amount_message(amount), None))
        }),
        name @ ("free_sessions" | "term_weeks") => match call.args.first() {
            Some(Expr::IntegerConstant(n, pos)) if *n < 0 => {
                Some((*pos, draft::negative_message(*n, name), None))
            }
            _ => None,
        },
        _ => None,
    }
}

fn check_vocabulary<'a>(
    call: &FnCallExpr,
    n: usize,
    what: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Problem {
    let (value, pos) = literal(call, n)?;
    if known.clone().any(|k| k == value) {
        return None;
    }
    let hint = catalogue::closest(value, known.clone())
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    Some((
        pos,
        format!("unknown {what} `{value}`{hint}"),
        Some(format!("known: {}", known.collect::<Vec<_>>().join(", "))),
    ))
}

/// The wall clock of an evaluation, and the work functions do by the size of their arguments. Every operation is cheap now (no function does work by the
/// size of a collection), so the operations limit bounds the time; the deadline catches what
/// that reasoning misses.
pub(crate) mod clock {
    use std::cell::Cell;

    /// The most one evaluation may take, in milliseconds.
    pub const BUDGET_MILLIS: f64 = 2_000.0;
    /// How many operations run between two looks at the clock.
    pub const CHECK_EVERY: u64 = 1_024;

    thread_local! {
        static DEADLINE: Cell<f64> = const { Cell::new(f64::INFINITY) };
        /// Operations done inside functions, by the size of what they looked at.
        static EXTRA_WORK: Cell<u64> = const { Cell::new(0) };
    }

    /// Counts `n` steps of work a function does by the size of its argument (`x in list` looks at
    /// every item). They count against the operations limit of their own: past it the script
    /// stops with the operations limit, as a loop of single steps would.
    pub fn charge(n: u64) -> Result<(), Box<rhai::EvalAltResult>> {
        let total = EXTRA_WORK.with(|w| {
            let total = w.get().saturating_add(n);
            w.set(total);
            total
        });
        if total > super::limits::MAX_OPERATIONS {
            return Err(rhai::EvalAltResult::ErrorTooManyOperations(rhai::Position::NONE).into());
        }
        Ok(())
    }

    /// Milliseconds since some fixed moment: the monotonic clock natively, `Date.now()` in wasm
    /// (where `std::time::Instant` does not exist).
    fn now() -> f64 {
        #[cfg(target_arch = "wasm32")]
        return js_sys::Date::now();
        #[cfg(not(target_arch = "wasm32"))]
        {
            static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
            START
                .get_or_init(std::time::Instant::now)
                .elapsed()
                .as_secs_f64()
                * 1_000.0
        }
    }

    /// Starts the clock of an evaluation with `budget` milliseconds.
    pub fn start(budget: f64) {
        DEADLINE.with(|d| d.set(now() + budget));
        EXTRA_WORK.with(|w| w.set(0));
    }

    pub fn past_deadline() -> bool {
        DEADLINE.with(|d| now() > d.get())
    }
}

/// Runs the municipal script, then the baseline (national law has the last word), and returns the
/// decisions per catalogue provision.
pub(crate) fn evaluate(
    municipal: &CompiledRuleSet,
    baseline: &CompiledRuleSet,
    situation: &Situation,
) -> Result<Vec<Option<Draft>>> {
    let evaluation = Evaluation {
        facts: Facts::of(situation),
        decisions: vec![None; catalogue::catalogue().len()],
        rule_set: municipal.running.clone(),
    };
    clock::start(evaluation_budget());
    let relevant = evaluation.facts.relevant();
    let relevant = if running_everything() {
        u64::MAX
    } else {
        relevant
    };
    let (result, evaluation) = rule_api::with_evaluation(evaluation, || -> Result<()> {
        run(municipal, relevant)?;
        rule_api::switch_rule_set(baseline.running.clone());
        run(baseline, relevant)
    });
    result?;
    // Only `with_evaluation` empties the slot, so this is always present; no panic if not.
    evaluation
        .map(|e| e.decisions)
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
                .map_err(|e| runtime_error(*e, &rule_set.running.file))?;
        }
        Ok(())
    })
}

thread_local! {
    /// Rhai's function-resolution caches, kept per compiled rule set between evaluations on this
    /// thread. Resolving each function anew on every evaluation took a sixth of its time.
    static WARM_CACHES: RefCell<HashMap<u64, Caches>> = RefCell::new(HashMap::new());
}

/// At most this many rule sets keep a warm cache per thread: every version of all 342
/// municipalities (one or two each) with the national frame fits, so comparing the whole country
/// never clears it; drafts compiled again and again in the browser still cannot grow memory
/// without bound (a cache holds a few kilobytes of function resolutions).
const WARM_CACHE_RULE_SETS: usize = 1024;

fn with_warm_caches<R>(compilation: u64, run: impl FnOnce(&mut Caches) -> R) -> R {
    // Taken out while running, so nothing is borrowed if a rule function re-enters the engine.
    let mut caches = WARM_CACHES
        .with(|w| w.borrow_mut().remove(&compilation))
        .unwrap_or_default();
    let result = run(&mut caches);
    // An error can leave levels of script function calls on the stack; only the top level is kept.
    caches.rewind_fn_resolution_caches(1);
    WARM_CACHES.with(|w| {
        let mut warm = w.borrow_mut();
        if warm.len() >= WARM_CACHE_RULE_SETS {
            warm.clear();
        }
        warm.insert(compilation, caches);
    });
    result
}

#[cfg(test)]
thread_local! {
    /// Set by tests to run every statement, as if nothing could be skipped.
    pub(crate) static RUN_EVERYTHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
#[cfg(not(test))]
thread_local! {
    static RUN_EVERYTHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
thread_local! {
    /// Set by tests to give evaluations another wall-clock budget.
    pub(crate) static BUDGET: std::cell::Cell<f64> = const { std::cell::Cell::new(clock::BUDGET_MILLIS) };
}

fn evaluation_budget() -> f64 {
    #[cfg(test)]
    return BUDGET.with(|b| b.get());
    #[cfg(not(test))]
    clock::BUDGET_MILLIS
}

#[cfg(test)]
thread_local! {
    /// Set by tests to compile rule sets without decision templates: every chain interpreted.
    pub(crate) static INTERPRET_CHAINS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a test asked to interpret every chain (always false outside tests).
fn interpreting_chains() -> bool {
    #[cfg(test)]
    return INTERPRET_CHAINS.with(|i| i.get());
    #[cfg(not(test))]
    false
}

/// Whether a test asked to run every statement and every loop iteration, as if nothing could be
/// skipped (always false outside tests).
pub(crate) fn running_everything() -> bool {
    cfg!(test) && RUN_EVERYTHING.with(|r| r.get())
}

/// Compiles a script with the sandboxed engine, for unit tests of the analyses. Test-only: a
/// failing `expect` here is a failing test, never a resident's crash.
#[cfg(test)]
pub(crate) fn compile_for_tests(script: &str) -> AST {
    let ast = compile_script(script, "test.rhai").expect("test scripts compile");
    slicing::narrow_loops(
        &ast,
        compiled_call(slicing::RELEVANT_ONLY, 1).expect("the call compiles"),
    )
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
        super::BUDGET.with(|b| b.set(-1.0));
        let error = crate::registry::advise_with(&runaway, registry.baseline(), &situation);
        super::BUDGET.with(|b| b.set(super::clock::BUDGET_MILLIS));
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

#[cfg(test)]
mod allow_list {
    /// Every function a rule script can reach. A new one (a Rhai upgrade, a new package) fails
    /// this test until it is looked at for what it costs and added here.
    const ALLOWED: &[&str] = &[
        // The rule API (src/rule_api.rs) and the helpers of templates and slicing.
        "open_access",
        "decision_required",
        "not_offered",
        "elsewhere",
        "decided",
        "amend",
        "decisions",
        "asks",
        "via",
        "intake",
        "also_via",
        "free_sessions",
        "limit",
        "at_most",
        "cost_free",
        "subscription_rate",
        "cost_unknown",
        "cost",
        "pgb",
        "term_weeks",
        "basis",
        "because",
        "assumption",
        "has_child_aged",
        "income_at_most",
        "apply_decision_template",
        "relevant_only",
        "get$age",
        "get$year",
        "get$household_size",
        "get$children_count",
        "get$lives_alone",
        "get$has_partner",
        "get$is_single_parent",
        "get$has_children",
        "get$youth_in_household",
        "get$in_institution",
        "get$walks_with_difficulty",
        "get$wheelchair_user",
        "get$has_informal_carer",
        "get$is_informal_carer",
        "get$wlz_indication",
        "get$urgent",
        "get$income_known",
        "get$reached_aow_age",
        "get$partner_reached_aow_age",
        "get$need_weeks",
        "get$housemate_can_help",
        "get$housemate_overburdened",
        "get$household_hours_per_year",
        "get$housemate_wlz",
        "get$parents_together",
        "get$parents_single",
        "get$wants_pgb",
        "get$cannot_manage_pgb",
        "get$aid_everyday",
        "get$aid_small",
        "get$aid_special",
        "get$provision",
        "get$law",
        "get$route",
        "get$cost_kind",
        // Arithmetic and logic on integers (each one step).
        "!",
        "+",
        "-",
        "abs",
        "sign",
        "max",
        "min",
        "is_zero",
        "is_odd",
        "is_even",
        "get$is_zero",
        "get$is_odd",
        "get$is_even",
        "to_int",
        "to_binary",
        "to_hex",
        "to_octal",
        // Strings (bounded by the string-size limit) and printing (discarded).
        "len",
        "is_empty",
        "get$is_empty",
        "to_string",
        "to_debug",
        "print",
        "debug",
        "chars",
        "get$chars",
        "bits",
        "get$bits",
        // Ranges for `for` loops: one operation per step.
        "range",
        "start",
        "end",
        "get$start",
        "get$end",
        "is_inclusive",
        "is_exclusive",
        "get$is_inclusive",
        "get$is_exclusive",
        // Arrays (src/engine.rs): one look at a bounded array.
        "push",
        "contains",
    ];

    #[test]
    fn a_script_reaches_only_the_allow_listed_functions() {
        let reachable =
            super::engine().collect_fn_metadata(None, |f| Some(f.metadata.name.to_string()), true);
        let mut unexpected: Vec<_> = reachable
            .iter()
            .filter(|name| !ALLOWED.contains(&name.as_str()))
            .collect();
        unexpected.sort();
        unexpected.dedup();
        assert!(
            unexpected.is_empty(),
            "not on the allow-list: {unexpected:?}"
        );
    }
}
