//! One error type for the whole engine. Every variant has a stable `code` that the CLI, the wasm
//! binding and case systems can match on, and carries where the fault is: the JSON path of bad
//! input, or the rule file, line and column of a script problem.

use serde::Serialize;

/// Where in a rule file something is. Lines and columns start at 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as its rule set folder names it (`rules/lansingerland/rules.rhai`).
    pub file: String,
    /// `None` when the fault has no place in the file: a script too large as a whole, or an error
    /// Rhai does not place.
    pub line: Option<usize>,
    /// `None` when Rhai gives the line only, or no place at all.
    pub column: Option<usize>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Everything that can go wrong, each with a stable [`code`](Error::code). New kinds may be added,
/// so a caller's `match` needs a fallback arm.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Error {
    /// The situation is not valid: malformed JSON, a wrong type, an unknown field, a value out of range.
    #[error("{}{message}", path_prefix(path))]
    Input {
        /// The JSON path of the fault (`children[1].age`), or the option at fault (`--from`);
        /// empty when it concerns the whole input.
        path: String,
        /// What is wrong, in words a form builder understands.
        message: String,
    },

    /// A rule script does not parse.
    #[error("{location}: syntax error: {message}")]
    ScriptSyntax {
        /// The rule file, line and column where parsing stopped.
        location: Location,
        /// Rhai's message, or toegang's own where it says more (a script may not define `fn`).
        message: String,
    },

    /// A rule script failed while running.
    #[error("{location}: {message}")]
    ScriptRuntime {
        /// The rule file, line and column of the failing call.
        location: Location,
        /// Rhai's message: a rule function refusing an argument, an unknown variable, a type
        /// mismatch.
        message: String,
    },

    /// A rule set uses an id, party or value the core does not know.
    #[error("{location}: {message}{}", help_suffix(help))]
    Validation {
        /// Where the unknown id stands.
        location: Location,
        /// What is unknown, with the closest known id when one is near (`did you mean …?`).
        message: String,
        /// A hint to fix it: where the known ids are listed, or the ids themselves; `None` when
        /// there is none.
        help: Option<String>,
    },

    /// A rule script hit one of the sandbox limits.
    #[error("{location}: limit exceeded ({limit}): {message}")]
    LimitExceeded {
        /// Where the script was when it hit the limit.
        location: Location,
        /// Which limit it hit.
        limit: Limit,
        /// The value of the limit: operations, milliseconds, bytes, items, levels or variables.
        bound: u64,
        /// What grew too far, in words.
        message: String,
    },

    /// A rule set's metadata or case file is malformed.
    #[error("{file}: {message}")]
    RuleSetFile {
        /// The file at fault (`rules/lansingerland/ruleset.toml`, `…/cases.toml`).
        file: String,
        /// What is wrong; for TOML, the parser's message with an excerpt of the line.
        message: String,
    },

    /// No municipality by this id, CBS code or name.
    #[error("unknown municipality `{id}`{}", suggestion_suffix(suggestions))]
    UnknownMunicipality {
        /// What was asked for, exactly as given; cut after [`MAX_ID_CHARS`] characters, with `…`.
        id: String,
        /// Ids of municipalities with a close name; none for a query longer than any real one.
        suggestions: Vec<String>,
    },

    /// A fault in toegang itself, never in the input or the rules. Please report it.
    #[error("internal error: {message}")]
    Internal {
        /// What went wrong, for the bug report.
        message: String,
    },

    /// The municipality has rule sets, but none valid on the reference date.
    #[error("no rule set of `{id}` is valid on {date}; valid periods: {}", periods.join(", "))]
    NotValidOnDate {
        /// The municipality or rule set without rules for the date; `baseline` for a date before
        /// the national frame's first day.
        id: String,
        /// The reference date, `YYYY-MM-DD`.
        date: String,
        /// The periods that do have rules (`2025-01-01 to 2026-12-31`, `from 2019-01-01`), or the
        /// period the municipality existed.
        periods: Vec<String>,
    },

    /// A published rule set file is not the one its index names: its bytes do not hash to the
    /// index's SHA-256, or it holds another rule set. It is never used.
    #[error("{file}: {message}")]
    RuleSetTampered {
        /// The rule set file, as the index names it (`hardenberg.2025-01-01.json`).
        file: String,
        /// What differs.
        message: String,
    },

    /// The municipality has a published rule set that was not loaded yet: a browser loads it on
    /// demand (`await loadMunicipality(id)` in the npm package) before it advises.
    #[error("the rule set of `{id}` is published but not loaded yet: load {files:?} first (npm: `await loadMunicipality(\"{id}\")`)")]
    RuleSetNotLoaded {
        /// The municipality's rule set id.
        id: String,
        /// The files of its versions, as the index names them.
        files: Vec<String>,
    },

    /// The caller stopped the work before it was done: a comparison whose progress callback
    /// answered `ControlFlow::Break` (the HTTP face, when a request's deadline passes). Nothing is
    /// wrong with the input; the same request may be asked again.
    #[error("stopped: {message}")]
    Cancelled {
        /// What was stopped, and how far it got.
        message: String,
    },
}

/// The most characters of a municipality's id, CBS code or name a lookup takes, well above the
/// longest real one (`Nuenen, Gerwen en Nederwetten`, a name with 29; no place is longer): a
/// longer query is refused before any matching, whose cost grows with its length, and an error
/// echoes at most this much of what was asked.
pub const MAX_ID_CHARS: usize = 100;

/// Where the character after the first `n` of `text` starts, if there is one: whether a text is
/// longer than `n` characters, found within its first `4 * n + 1` bytes. (A byte loop, not
/// `chars()`, which would weigh on the wasm module's size budget.)
pub(crate) fn char_start(text: &str, n: usize) -> Option<usize> {
    let mut count = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        // Every byte but a continuation byte (0b10xx_xxxx) starts a character.
        if byte & 0xC0 != 0x80 {
            if count == n {
                return Some(i);
            }
            count += 1;
        }
    }
    None
}

/// Which sandbox limit a script hit (README, "Security and limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Operations per evaluation, `x in list` counting one per item.
    Operations,
    /// The wall clock of one evaluation, in milliseconds.
    Time,
    /// The size of a string (bytes), an array (items), or one of a decision's lists: reasons,
    /// limits, legal bases or assumptions (items, [`MAX_LIST_ITEMS`](crate::advice::MAX_LIST_ITEMS)).
    DataSize,
    /// Variables in scope.
    Variables,
    /// How deep expressions nest, at compile time.
    ExpressionDepth,
    /// The size of the script, in bytes.
    ScriptSize,
    /// The size of a literal in the script.
    LiteralSize,
}

impl Limit {
    /// The stable id, as in the error's `limit` field (`operations`, `data_size`).
    pub fn id(self) -> &'static str {
        match self {
            Limit::Operations => "operations",
            Limit::Time => "time",
            Limit::DataSize => "data_size",
            Limit::Variables => "variables",
            Limit::ExpressionDepth => "expression_depth",
            Limit::ScriptSize => "script_size",
            Limit::LiteralSize => "literal_size",
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

fn suggestion_suffix(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; `toegang municipalities` lists every municipality".into()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

fn help_suffix(help: &Option<String>) -> String {
    help.as_ref()
        .map(|h| format!(" (help: {h})"))
        .unwrap_or_default()
}

impl Error {
    /// Every error code, in the order of the variants: the TypeScript union in `src/wasm.rs` and
    /// the README's table list exactly these (tests/error_codes.rs).
    pub const CODES: [&'static str; 12] = [
        "input",
        "script_syntax",
        "script_runtime",
        "validation",
        "limit_exceeded",
        "rule_set_file",
        "unknown_municipality",
        "internal",
        "not_valid_on_date",
        "cancelled",
        "rule_set_tampered",
        "rule_set_not_loaded",
    ];

    /// The stable, machine-readable kind of the error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Input { .. } => "input",
            Error::ScriptSyntax { .. } => "script_syntax",
            Error::ScriptRuntime { .. } => "script_runtime",
            Error::Validation { .. } => "validation",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::RuleSetFile { .. } => "rule_set_file",
            Error::UnknownMunicipality { .. } => "unknown_municipality",
            Error::NotValidOnDate { .. } => "not_valid_on_date",
            Error::Internal { .. } => "internal",
            Error::Cancelled { .. } => "cancelled",
            Error::RuleSetTampered { .. } => "rule_set_tampered",
            Error::RuleSetNotLoaded { .. } => "rule_set_not_loaded",
        }
    }

    /// The script location, for errors that have one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::ScriptSyntax { location, .. }
            | Error::ScriptRuntime { location, .. }
            | Error::Validation { location, .. }
            | Error::LimitExceeded { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The JSON path, for input errors.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Input { path, .. } => Some(path),
            _ => None,
        }
    }

    /// An input error at a JSON path (`""` for the whole input).
    pub fn input(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    /// `unknown_municipality` for `id`, echoed up to [`MAX_ID_CHARS`] characters and cut with `…`
    /// after them: a 10 MB id is not sent back.
    // Inlined: as a function of its own it cost the wasm module twice as much (gzipped).
    #[inline(always)]
    pub fn unknown_municipality(id: &str, suggestions: Vec<String>) -> Self {
        let id = match char_start(id, MAX_ID_CHARS) {
            Some(end) => format!("{}…", &id[..end]),
            None => id.into(),
        };
        Error::UnknownMunicipality { id, suggestions }
    }

    /// The same error with its input path placed under `parent`, for an item of a list:
    /// `age` under `situations[2]` with `"."` becomes `situations[2].age`; the whole item's error
    /// (an empty path) becomes `situations[2]`. Errors without a path are returned unchanged.
    pub fn nested_in(self, parent: &str, separator: &str) -> Self {
        match self {
            Error::Input { path, message } if path.is_empty() => Error::input(parent, message),
            Error::Input { path, message } => {
                Error::input(format!("{parent}{separator}{path}"), message)
            }
            other => other,
        }
    }
}

/// The result of every fallible call in toegang: an [`Error`] carries a stable code and the place
/// of the fault.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place_of_the_fault() {
        let e = Error::input("children[1].age", "expected an integer");
        assert_eq!(e.to_string(), "children[1].age: expected an integer");
        assert_eq!(e.code(), "input");
        let e = Error::ScriptSyntax {
            location: Location {
                file: "rules/x/rules.rhai".into(),
                line: Some(3),
                column: Some(7),
            },
            message: "expecting ')'".into(),
        };
        assert_eq!(
            e.to_string(),
            "rules/x/rules.rhai:3:7: syntax error: expecting ')'"
        );
    }

    #[test]
    fn an_unknown_id_is_echoed_up_to_its_hundredth_character() {
        let id = |e: Error| match e {
            Error::UnknownMunicipality { id, .. } => id,
            other => panic!("{other}"),
        };
        let hundred = "é".repeat(99) + "x";
        assert_eq!(id(Error::unknown_municipality(&hundred, vec![])), hundred);
        let longer = hundred.clone() + "ü";
        assert_eq!(
            id(Error::unknown_municipality(&longer, vec![])),
            hundred + "…"
        );
        assert_eq!(char_start("aé€😀b", 4), Some(10));
        assert_eq!(char_start("aé€😀", 4), None);
    }

    #[test]
    fn serialized_errors_carry_their_code() {
        let json = serde_json::to_value(Error::input("age", "too large")).unwrap();
        assert_eq!(json["code"], "input");
        assert_eq!(json["path"], "age");
    }
}
