//! Rhai's errors turned into ours: a parse error or a runtime error becomes the crate's
//! [`Error`] with the rule file, line and column, and a sandbox limit becomes
//! [`Error::LimitExceeded`] naming the limit and its bound.
//!
//! One place for the mapping, shared by compiling (`sandbox.rs`), the checks of ids
//! (`vocabulary.rs`) and running (`engine.rs`).

use crate::error::{Error, Limit, Location};
#[cfg(any(not(target_arch = "wasm32"), feature = "comparisons"))]
use crate::script::brackets;
use crate::script::clock;
use crate::script::draft;
use crate::script::limits;
use rhai::{EvalAltResult, ParseErrorType, Position};

pub(crate) fn location(file: &str, pos: Position) -> Location {
    Location {
        file: file.to_string(),
        line: pos.line(),
        column: pos.position(),
    }
}

/// Turns a parse error of `script` into ours; a syntax error that a bracket without its partner
/// explains is moved to that bracket ([`crate::script::brackets`]).
pub(crate) fn parse_error(e: rhai::ParseError, file: &str, script: &str) -> Error {
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
        kind => syntax_error(kind.to_string(), location, script),
    }
}

/// A syntax error. The resident page's module, where no rule author writes, leaves the bracket
/// search out (1 KB gz of its budget).
#[cfg(all(target_arch = "wasm32", not(feature = "comparisons")))]
fn syntax_error(message: String, location: Location, _script: &str) -> Error {
    Error::ScriptSyntax { location, message }
}

/// A syntax error, at the bracket that explains it when there is one before where the parser
/// gave up.
#[cfg(any(not(target_arch = "wasm32"), feature = "comparisons"))]
fn syntax_error(message: String, location: Location, script: &str) -> Error {
    let noticed = (location.line.unwrap_or(0), location.column.unwrap_or(0));
    let Some(bracket) = brackets::unbalanced(script).filter(|b| (b.line, b.column) <= noticed)
    else {
        return Error::ScriptSyntax { location, message };
    };
    let what = if bracket.closes_nothing {
        "closes no open bracket"
    } else {
        "is never closed"
    };
    Error::ScriptSyntax {
        message: format!(
            "`{}` on line {} {what}; the script could not be read past line {}, column {}: {message}",
            bracket.bracket, bracket.line, noticed.0, noticed.1
        ),
        location: Location {
            line: Some(bracket.line),
            column: Some(bracket.column),
            ..location
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
