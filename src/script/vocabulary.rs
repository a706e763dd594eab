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
            Some(ASTNode::Expr(Expr::Dot(dot, ..))) => check_resident(&dot.lhs, &dot.rhs),
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

/// `resident.<name>` and `resident.<method>(…)` name a fact or method the resident has. Without
/// this, a misspelt fact compiles and fails only for the residents whose rule reaches it.
fn check_resident(lhs: &Expr, rhs: &Expr) -> Problem {
    let Expr::Variable(var, ..) = lhs else {
        return None;
    };
    if var.1 != "resident" {
        return None;
    }
    let help =
        || Some("the resident's facts and methods are listed in rules/README.md".to_string());
    match rhs {
        Expr::Property(property, pos) => {
            let name = property.2.as_str();
            if rule_api::resident_facts().any(|f| f == name) {
                return None;
            }
            let hint = resident_suggestion(name)
                .map(|c| format!("; did you mean `resident.{c}`?"))
                .unwrap_or_default();
            Some((
                *pos,
                format!("unknown resident fact `resident.{name}`{hint}"),
                help(),
            ))
        }
        Expr::MethodCall(call, pos) => {
            let name = call.name.as_str();
            if rule_api::RESIDENT_METHODS.contains(&name) {
                return None;
            }
            let hint = catalogue::closest(name, rule_api::RESIDENT_METHODS)
                .map(|c| format!("; did you mean `resident.{c}(…)`?"))
                .unwrap_or_default();
            Some((
                *pos,
                format!("unknown resident method `resident.{name}(…)`{hint}"),
                help(),
            ))
        }
        _ => None,
    }
}

/// Dutch words a policy advisor may write for a resident's fact, and the fact's name.
const DUTCH_FACTS: [(&str, &str); 14] = [
    ("leeftijd", "age"),
    ("jaar", "year"),
    ("huishouden", "household_size"),
    ("kinderen", "children_count"),
    ("heeft_kinderen", "has_children"),
    ("partner", "has_partner"),
    ("alleenstaand", "lives_alone"),
    ("alleen", "lives_alone"),
    ("jeugd", "youth_in_household"),
    ("wlz", "wlz_indication"),
    ("mantelzorger", "is_informal_carer"),
    ("spoed", "urgent"),
    ("weken", "need_weeks"),
    ("aow", "reached_aow_age"),
];

/// The fact a misspelt or Dutch `resident.<name>` most likely meant.
fn resident_suggestion(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let dutch = DUTCH_FACTS
        .iter()
        .find(|(word, _)| lower.split('_').next() == Some(*word));
    dutch
        .map(|(_, fact)| *fact)
        .or_else(|| catalogue::closest(&lower, rule_api::resident_facts()))
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
