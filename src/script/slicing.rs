//! Skipping the rules nobody asked about, decided before the script ever runs.
//!
//! A rule set is mostly a list of independent top-level statements, each deciding one or a few
//! provisions: `open_access("ontmoeting").via("welzijn")…`, `if … { decision_required("rolstoel")… }`,
//! `for id in ["rolstoel", "scootmobiel"] { decision_required(id)… }`. A resident who asks about
//! household help gets no advice about wheelchairs, so running the wheelchair rules only costs
//! time: most of an evaluation used to go to such rules.
//!
//! At compile time every top-level statement gets a *reach*: the set of provisions it can decide or
//! change, when that set can be read from the statement itself. At evaluation time a statement whose
//! reach misses every provision the resident's needs are served by is skipped. Everything the
//! analysis cannot prove harmless (a `let`, a loop over `decisions()`, a call to a script
//! function, a statement that decides nothing) always runs, so skipping never changes an advice;
//! the unit tests below check that over the whole seeded population.
//!
//! The statements stay in the one compiled AST; the runner evaluates the needed ranges in order
//! with one scope and one operation counter, so the sandbox limits hold for the script as a whole.
//!
//! The same reasoning narrows loops: `for id in ["huishoudelijke_hulp", …, "respijtzorg"] { … }`
//! whose body decides only `id` runs over just the asked ids, by wrapping the list in the
//! `relevant_only` function ([`narrow_loops`]).

use crate::catalogue;
use rhai::{ASTFlags, ASTNode, Expr, FnCallExpr, Stmt, AST};
use std::collections::HashSet;
use std::ops::Range;

/// Names of the functions whose first argument is a provision id (checked before the script runs).
pub(crate) const PROVISION_FUNCTIONS: &[&str] = &[
    "open_access",
    "decision_required",
    "not_offered",
    "elsewhere",
    "amend",
    "decided",
];

/// Functions that only read: calling them never decides anything.
const READING_FUNCTIONS: &[&str] = &[
    "decided",
    "asks",
    RELEVANT_ONLY,
    "contains",
    "len",
    "is_empty",
];

/// Methods that only read (on the resident, on strings and arrays).
const READING_METHODS: &[&str] = &[
    "has_child_aged",
    "income_at_most",
    "contains",
    "len",
    "is_empty",
];

/// Decision methods, with the arguments the runtime would check (party, route, basis kind, amount,
/// unit, counts). A skipped statement must have those as literals, which the compiler has checked,
/// so skipping cannot hide a mistake that running would have reported.
const DECISION_METHODS: &[(&str, &[usize])] = &[
    ("via", &[0]),
    ("intake", &[]),
    ("also_via", &[0]),
    ("free_sessions", &[0]),
    ("limit", &[]),
    ("at_most", &[0, 1]),
    ("cost_free", &[]),
    ("subscription_rate", &[]),
    ("cost", &[0, 1]),
    ("pgb", &[0]),
    ("term_weeks", &[0]),
    ("basis", &[0]),
    ("because", &[]),
    ("assumption", &[]),
];

/// Visits the nodes of a script or statement; return `false` to stop.
pub(crate) type Visitor<'v> = dyn FnMut(&[ASTNode]) -> bool + 'v;

/// Walks every node of a script. All walks go through the one `dyn` [`Visitor`] type, so Rhai's
/// generic walker is compiled once: each closure type would add a copy to the wasm module.
pub(crate) fn walk_script(ast: &AST, visit: &mut Visitor) {
    ast.walk(visit);
}

/// Walks every node of one statement (see [`walk_script`]).
fn walk_statement(statement: &Stmt, visit: &mut Visitor) {
    statement.walk(&mut Vec::new(), visit);
}

/// A run of consecutive top-level statements and the provisions they can reach.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub statements: Range<usize>,
    /// Bit i: catalogue provision i. `None`: always run.
    pub reach: Option<u64>,
}

impl Segment {
    /// Whether an evaluation with these relevant provisions must run this segment.
    pub fn needed(&self, relevant: u64) -> bool {
        self.reach.is_none_or(|reach| reach & relevant != 0)
    }
}

/// Splits a compiled script into segments: one per statement with a known reach, and runs of
/// always-run statements merged. A script with a top-level `return`, `throw` or `exit` is one
/// always-run segment, since stopping early must stop the whole script.
pub(crate) fn segments(ast: &AST) -> Vec<Segment> {
    let statements = ast.statements();
    let whole = vec![Segment {
        statements: 0..statements.len(),
        reach: None,
    }];
    if statements.iter().any(stops_early) {
        return whole;
    }
    let constants = literal_constants(statements);
    let mut segments: Vec<Segment> = Vec::new();
    for (i, statement) in statements.iter().enumerate() {
        let reach = reach(statement, &constants).filter(|r| *r != 0);
        match segments.last_mut() {
            Some(last) if last.reach.is_none() && reach.is_none() => last.statements.end = i + 1,
            _ => segments.push(Segment {
                statements: i..i + 1,
                reach,
            }),
        }
    }
    segments
}

/// The name of the rule function that keeps only the provision ids an asked need is served by.
pub(crate) const RELEVANT_ONLY: &str = "relevant_only";

/// Rewrites each top-level `for id in [<literal ids>] { … }` whose reach is known and whose body
/// decides nothing but `id` into `for id in relevant_only([…]) { … }`. `call` is a compiled
/// `relevant_only([])` call, so the hashes Rhai dispatches on come from its own parser.
pub(crate) fn narrow_loops(ast: &AST, call: &FnCallExpr) -> AST {
    let constants = literal_constants(ast.statements());
    let statements = ast.statements().iter().map(|statement| {
        let mut statement = statement.clone();
        if reach(&statement, &constants).is_some() {
            if let Stmt::For(for_loop, _) = &mut statement {
                if decides_only_loop_variable(for_loop.0.name.as_str(), &for_loop.2.body) {
                    let list =
                        std::mem::replace(&mut for_loop.2.expr, Expr::Unit(Default::default()));
                    let position = list.position();
                    let mut narrowed = call.clone();
                    narrowed.args = std::iter::once(list).collect();
                    for_loop.2.expr = Expr::FnCall(Box::new(narrowed), position);
                }
            }
        }
        statement
    });
    AST::new(statements.collect::<Vec<_>>())
}

fn decides_only_loop_variable(name: &str, body: &rhai::StmtBlock) -> bool {
    body.iter().all(|statement| {
        let mut only = true;
        walk_statement(statement, &mut |path: &[ASTNode]| {
            if let Some(
                ASTNode::Expr(Expr::FnCall(call, _)) | ASTNode::Stmt(Stmt::FnCall(call, _)),
            ) = path.last()
            {
                if PROVISION_FUNCTIONS.contains(&call.name.as_str()) {
                    only =
                        matches!(call.args.first(), Some(Expr::Variable(var, ..)) if var.1 == name);
                }
            }
            only
        });
        only
    })
}

fn stops_early(statement: &Stmt) -> bool {
    let mut found = false;
    walk_statement(statement, &mut |path: &[ASTNode]| {
        found = matches!(path.last(), Some(ASTNode::Stmt(Stmt::Return(..))));
        !found
    });
    found
}

/// Names declared at the top level only as `const NAME = <literal>`: reading them is harmless.
fn literal_constants(statements: &[Stmt]) -> HashSet<&str> {
    let mut literal = HashSet::new();
    let mut other = HashSet::new();
    for statement in statements {
        if let Stmt::Var(var, flags, _) = statement {
            let name = var.0.name.as_str();
            if flags.contains(ASTFlags::CONSTANT) && is_literal(&var.1) {
                literal.insert(name);
            } else {
                other.insert(name);
            }
        }
    }
    literal.retain(|name| !other.contains(name));
    literal.insert("resident");
    literal
}

fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Array(items, _) => items.iter().all(is_literal),
        Expr::DynamicConstant(..)
        | Expr::BoolConstant(..)
        | Expr::IntegerConstant(..)
        | Expr::CharConstant(..)
        | Expr::StringConstant(..)
        | Expr::Unit(..) => true,
        _ => false,
    }
}

/// The provisions one top-level statement can reach, or `None` when that cannot be known.
fn reach(statement: &Stmt, constants: &HashSet<&str>) -> Option<u64> {
    if matches!(statement, Stmt::Var(..)) {
        return None;
    }
    let mut reach = Some(0u64);
    walk_statement(statement, &mut |path: &[ASTNode]| {
        reach = match (reach, node_reach(path, constants)) {
            (Some(r), Some(n)) => Some(r | n),
            _ => None,
        };
        reach.is_some()
    });
    reach
}

/// What the last node on `path` adds to the reach, or `None` when it makes the reach unknowable.
fn node_reach(path: &[ASTNode], constants: &HashSet<&str>) -> Option<u64> {
    match path.last()? {
        ASTNode::Stmt(statement) => match statement {
            Stmt::Noop(..) | Stmt::Expr(..) | Stmt::If(..) | Stmt::Block(..) => Some(0),
            Stmt::For(for_loop, _) => literal_ids(&for_loop.2.expr).map(|_| 0),
            Stmt::FnCall(call, _) => call_reach(call, path, constants),
            _ => None,
        },
        ASTNode::Expr(expr) => match expr {
            Expr::FnCall(call, _) => call_reach(call, path, constants),
            Expr::MethodCall(call, _) => method_reach(call),
            Expr::Variable(var, ..) => {
                let name = var.1.as_str();
                (constants.contains(name) || loop_ids(name, path).is_some()).then_some(0)
            }
            _ => Some(0),
        },
        _ => None,
    }
}

fn call_reach(call: &FnCallExpr, path: &[ASTNode], constants: &HashSet<&str>) -> Option<u64> {
    let name = call.name.as_str();
    if call.op_token.is_some() || READING_FUNCTIONS.contains(&name) {
        return Some(0);
    }
    if !PROVISION_FUNCTIONS.contains(&name) {
        return None;
    }
    match call.args.first()? {
        Expr::StringConstant(id, _) => provision_bits([id.as_str()]),
        Expr::Variable(var, ..) if !constants.contains(var.1.as_str()) => {
            provision_bits(loop_ids(var.1.as_str(), path)?)
        }
        _ => None,
    }
}

fn method_reach(call: &FnCallExpr) -> Option<u64> {
    let name = call.name.as_str();
    if READING_METHODS.contains(&name) {
        return Some(0);
    }
    let (_, checked) = DECISION_METHODS
        .iter()
        .find(|(method, _)| *method == name)?;
    checked
        .iter()
        .all(|i| call.args.get(*i).is_some_and(Expr::is_constant))
        .then_some(0)
}

/// The ids a loop variable runs over, when the nearest enclosing loop declaring it runs over a
/// literal list of strings.
fn loop_ids<'a>(name: &str, path: &'a [ASTNode]) -> Option<Vec<&'a str>> {
    path.iter().rev().find_map(|node| match node {
        ASTNode::Stmt(Stmt::For(for_loop, _)) if for_loop.0.name == name => {
            Some(literal_ids(&for_loop.2.expr))
        }
        _ => None,
    })?
}

fn literal_ids(expr: &Expr) -> Option<Vec<&str>> {
    match expr {
        // A list narrowed by `narrow_loops`.
        Expr::FnCall(call, _) if call.name == RELEVANT_ONLY && call.args.len() == 1 => {
            literal_ids(&call.args[0])
        }
        Expr::Array(items, _) => items
            .iter()
            .map(|item| match item {
                Expr::StringConstant(s, _) => Some(s.as_str()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// The catalogue bits of these provision ids; `None` if one is unknown (the runtime reports it).
fn provision_bits<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<u64> {
    ids.into_iter().try_fold(0u64, |bits, id| {
        catalogue::provision_index(id).map(|index| bits | 1 << index.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reaches(script: &str) -> Vec<Option<Vec<&'static str>>> {
        let ast = crate::script::sandbox::compile_for_tests(script);
        segments(&ast)
            .into_iter()
            .map(|s| {
                s.reach.map(|bits| {
                    catalogue::catalogue()
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| bits & (1 << i) != 0)
                        .map(|(_, p)| p.id)
                        .collect()
                })
            })
            .collect()
    }

    #[test]
    fn a_chain_reaches_its_provision() {
        assert_eq!(
            reaches(r#"open_access("ontmoeting").cost_free();"#),
            [Some(vec!["ontmoeting"])]
        );
    }

    #[test]
    fn a_loop_over_literal_ids_reaches_each_id() {
        assert_eq!(
            reaches(r#"for id in ["rolstoel", "scootmobiel"] { decision_required(id); }"#),
            [Some(vec!["rolstoel", "scootmobiel"])]
        );
    }

    #[test]
    fn a_condition_that_only_reads_keeps_the_reach() {
        assert_eq!(
            reaches(
                r#"if decided("huishoudelijke_hulp") && resident.age > 75 { amend("respijtzorg").cost_free(); }"#
            ),
            [Some(vec!["respijtzorg"])]
        );
    }

    #[test]
    fn what_cannot_be_known_always_runs_and_merges() {
        let script = r#"
            const A = "x";
            let b = open_access("ontmoeting");
            open_access("rolstoel").cost_free();
            for d in decisions() { d.cost_free(); }
            resident.age > 3;
        "#;
        assert_eq!(reaches(script), [None, Some(vec!["rolstoel"]), None]);
    }

    #[test]
    fn a_handle_held_in_a_variable_is_not_skipped() {
        let script = r#"
            let d = open_access("ontmoeting");
            if true { d.cost_free(); open_access("rolstoel"); }
        "#;
        assert_eq!(reaches(script), [None]);
    }

    #[test]
    fn a_checked_argument_that_is_not_literal_always_runs() {
        let script = r#"
            const PARTY = "wmo_loket";
            open_access("rolstoel").via(PARTY);
            open_access("ontmoeting").basis("law", PARTY);
        "#;
        assert_eq!(reaches(script), [None, Some(vec!["ontmoeting"])]);
    }

    fn narrowed(script: &str) -> Vec<bool> {
        let ast = crate::script::sandbox::compile_for_tests(script);
        ast.statements()
            .iter()
            .filter_map(|s| match s {
                Stmt::For(f, _) => {
                    Some(matches!(&f.2.expr, Expr::FnCall(c, _) if c.name == RELEVANT_ONLY))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_loop_deciding_only_its_id_runs_over_the_asked_ids_only() {
        let script = r#"
            for id in ["rolstoel", "scootmobiel"] { decision_required(id).via("loket"); }
            for id in ["rolstoel", "scootmobiel"] { decision_required(id); open_access("ontmoeting"); }
            for id in ["rolstoel", "scootmobiel"] { let x = id; decision_required(x); }
        "#;
        assert_eq!(narrowed(script), [true, false, false]);
    }

    #[test]
    fn a_script_that_can_stop_early_is_one_segment() {
        let script = r#"
            open_access("ontmoeting");
            if resident.age > 200 { throw "impossible"; }
            open_access("rolstoel");
        "#;
        assert_eq!(reaches(script), [None]);
    }
}

/// Skipping must never change an advice: every bundled municipality, over a population that
/// covers every need alone and in pairs plus random fill, gives the same advice either way.
#[cfg(test)]
mod equivalence {
    use crate::compare::population::Population;
    use crate::script::switches::RUN_EVERYTHING;
    use crate::Registry;

    #[test]
    fn skipping_never_changes_an_advice() {
        let registry = Registry::bundled().unwrap();
        let population = Population::new(Population::grid_size() + 300, 7);
        let mut skipped_segments = 0;
        for rule_set in registry
            .rule_sets()
            .filter(|r| r.metadata.cbs_code.is_some())
        {
            for situation in population.iter() {
                let advise = |everything: bool| {
                    RUN_EVERYTHING.with(|r| r.set(everything));
                    let advice = registry.advise(rule_set.id(), &situation);
                    RUN_EVERYTHING.with(|r| r.set(false));
                    format!("{advice:?}")
                };
                assert_eq!(
                    advise(false),
                    advise(true),
                    "{} {situation:?}",
                    rule_set.id()
                );
            }
            skipped_segments += rule_set.skippable_segments();
        }
        // The bundled rule sets are written so that most of their rules can be skipped.
        assert!(skipped_segments >= 40, "{skipped_segments}");
    }
}
