//! The checks of a script's vocabulary before it ever runs: every literal id it names exists
//! (provisions, needs, other routes, access parties, basis kinds, cost units), and every literal
//! amount and count is one the runtime would accept.
//!
//! Its own file because it reads the AST against the catalogue and the rule set's metadata,
//! which neither compiling nor running needs.

use crate::advice::{BasisKind, CapUnit, Unit};
use crate::catalogue::{self, Need, OtherRoute};
use crate::error::{Error, Result};
use crate::ruleset::Metadata;
use crate::script::draft;
use crate::script::errors::location;
use crate::script::rule_api;
use crate::script::slicing::PROVISION_FUNCTIONS;
use rhai::{ASTNode, Expr, FnCallExpr, Position, Stmt, AST};

/// Checks, before the script ever runs, that every literal id it names exists: provisions, needs,
/// other routes, access parties, basis kinds and cost units.
pub(crate) fn validate(ast: &AST, file: &str, metadata: &Metadata) -> Result<()> {
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
    if PROVISION_FUNCTIONS.contains(&name) {
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
