//! The sandbox: one configured Rhai engine for every rule set (no I/O, no modules, no `eval`,
//! strict variables, bounded everything, only the allow-listed functions), and compiling with it:
//! a rule script to an AST, and the calls of rule functions the AST rewrites put in.
//!
//! Its own file because what a script can reach is decided here and nowhere else; the test at
//! the end lists every function it can reach.

use crate::error::{Error, Limit, Location, Result};
use crate::script::clock;
use crate::script::errors::parse_error;
use crate::script::limits;
use crate::script::rule_api::{self, Resident};
use crate::script::slicing;
use crate::script::templates;
use rhai::packages::{
    ArithmeticPackage, BasicIteratorPackage, BasicStringPackage, LogicPackage, Package,
};
use rhai::{Expr, FnCallExpr, Scope, Stmt, AST};
use std::sync::OnceLock;

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
pub(crate) fn scope() -> Scope<'static> {
    let mut scope = Scope::new();
    scope.push_constant("resident", Resident);
    scope
}

/// A compiled call `name(…)` of a rule function with `arity` arguments, the node the AST rewrites
/// put in: the hashes Rhai dispatches on then come from its own parser. Rewrites set the arguments.
pub(crate) fn compiled_call(name: &'static str, arity: usize) -> Result<&'static FnCallExpr> {
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

pub(crate) fn compile_script(script: &str, file: &str) -> Result<AST> {
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
        .map_err(|e| parse_error(e, file, script))
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
mod allow_list {
    /// Every function a rule script can reach. A new one (a Rhai upgrade, a new package) fails
    /// this test until it is looked at for what it costs and added here.
    const ALLOWED: &[&str] = &[
        // The rule API (src/script/rule_api.rs) and the helpers of templates and slicing.
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
        "get$personal_care_guidance",
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
        // Arrays (src/script/sandbox.rs): one look at a bounded array.
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
