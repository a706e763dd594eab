//! The text of the rule behind a reason, for a policy advisor who asks why two rule sets differ:
//! the statement of the script that holds a line (a chain such as `open_access(…) … .because(…);`),
//! the headers of the blocks around it (`if resident.wlz_indication {`), and the sources it cites.
//!
//! Rules are written as chains that end with `;`, inside `if` and `for` blocks, so the statement
//! is found lexically: between the `;`, `{` or `}` before the line and the `;` after it, outside
//! strings, comments and parentheses.

use crate::ruleset::{cited_ids, Metadata, Source};
use serde::Serialize;

/// One line of a script, with its number (from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct NumberedLine {
    /// The line number in the script, from 1.
    pub number: usize,
    /// The line as written, without its line break.
    pub text: String,
}

/// The lines that decided: the headers of the blocks around the statement (outermost first), then
/// the statement itself. Numbers only grow; a jump is a gap in the script.
pub fn statement_at(script: &str, line: usize) -> Vec<NumberedLine> {
    let lines: Vec<&str> = script.split('\n').collect();
    if line == 0 || line > lines.len() {
        return Vec::new();
    }
    let target: usize = lines[..line - 1].iter().map(|l| l.len() + 1).sum::<usize>()
        + (lines[line - 1].len() - lines[line - 1].trim_start().len());
    let marks = scan(script);
    // The statement: from just after the last separator before the line to the `;` after it.
    let start = marks
        .iter()
        .filter(|m| m.at < target)
        .map(|m| m.at + 1)
        .next_back()
        .unwrap_or(0);
    let end = marks
        .iter()
        .find(|m| m.at >= target)
        .map_or(
            script.len(),
            |m| if m.kind == b';' { m.at + 1 } else { m.at },
        );
    // The blocks still open at the line, each with its header: the code between the separator
    // before its `{` and the `{`.
    let mut open: Vec<usize> = Vec::new();
    for (i, m) in marks.iter().enumerate().take_while(|(_, m)| m.at < target) {
        match m.kind {
            b'{' => open.push(i),
            b'}' => {
                open.pop();
            }
            _ => {}
        }
    }
    let mut numbers: Vec<usize> = Vec::new();
    for &i in &open {
        let from = if i == 0 { 0 } else { marks[i - 1].at + 1 };
        numbers.extend(code_lines(script, from, marks[i].at + 1));
    }
    numbers.extend(code_lines(script, start, end));
    numbers.dedup();
    numbers
        .into_iter()
        .map(|number| NumberedLine {
            number,
            text: lines[number - 1].trim_end_matches('\r').to_string(),
        })
        .collect()
}

/// The numbers of the lines between byte offsets `from` and `to` that hold code, not only blanks
/// or a comment.
fn code_lines(script: &str, from: usize, to: usize) -> Vec<usize> {
    let from = skip_blanks(script, from).min(to);
    let first = script[..from].matches('\n').count() + 1;
    let last = script[..to.max(from)].matches('\n').count() + 1;
    let text: Vec<&str> = script.split('\n').collect();
    (first..=last)
        .filter(|n| {
            let code = text[n - 1].trim();
            !code.is_empty() && !code.starts_with("//") && code != "}"
        })
        .collect()
}

/// The offset of the first character at or after `from` that is neither white space nor part of a
/// comment.
fn skip_blanks(script: &str, mut from: usize) -> usize {
    let bytes = script.as_bytes();
    while from < bytes.len() {
        if bytes[from].is_ascii_whitespace() {
            from += 1;
        } else if bytes[from..].starts_with(b"//") {
            from += script[from..].find('\n').unwrap_or(script.len() - from);
        } else if bytes[from..].starts_with(b"/*") {
            from += script[from..]
                .find("*/")
                .map_or(script.len() - from, |end| end + 2);
        } else {
            break;
        }
    }
    from
}

/// A `;`, `{` or `}` outside strings, comments and parentheses, at byte offset `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    at: usize,
    kind: u8,
}

/// Every separator of `script`, in order.
fn scan(script: &str) -> Vec<Mark> {
    let bytes = script.as_bytes();
    let mut marks = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            quote @ (b'"' | b'`' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            kind @ (b';' | b'{' | b'}') if depth == 0 => marks.push(Mark { at: i, kind }),
            _ => {}
        }
        i += 1;
    }
    marks
}

/// The sources the lines cite, in the order first cited: every `(bron: id; id)` in them, and in
/// the constants they use (`const PROCES = "… (bron: westerveld-wmo-proces)";`), that names a
/// source of `metadata`.
pub fn cited_sources<'a>(
    script: &str,
    lines: &[NumberedLine],
    metadata: &'a Metadata,
) -> Vec<&'a Source> {
    let text: String = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut ids = cited_ids(&text);
    for line in script.lines() {
        let Some(rest) = line.trim_start().strip_prefix("const ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && uses(&text, &name) {
            ids.extend(cited_ids(line));
        }
    }
    let mut cited: Vec<&Source> = Vec::new();
    for id in ids {
        if let Some(source) = metadata.sources.iter().find(|s| s.id == id) {
            if !cited.iter().any(|c| c.id == source.id) {
                cited.push(source);
            }
        }
    }
    cited
}

/// Whether `text` uses `name` as a whole word.
fn uses(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"// A test script.
const PROCES = "Proces (bron: proces-page)";

open_access("ontmoeting")
    .via("loket")
    .because("vrij", "Tekst; met een puntkomma", "Text { with a brace }");

if resident.age >= 18 {
    // Adults only.
    for id in ["rolstoel",
               "scootmobiel"] {
        decision_required(id)
            .basis("practice", PROCES)
            .because("maatwerk",
                "Op maat (bron: andere)",
                "Tailored");
    }
}
"#;

    fn numbers(lines: &[NumberedLine]) -> Vec<usize> {
        lines.iter().map(|l| l.number).collect()
    }

    #[test]
    fn the_statement_of_a_top_level_chain_is_its_lines_and_no_more() {
        let lines = statement_at(SCRIPT, 6);
        assert_eq!(numbers(&lines), vec![4, 5, 6], "{lines:?}");
        assert_eq!(lines[0].text, "open_access(\"ontmoeting\")");
    }

    #[test]
    fn a_statement_in_blocks_comes_with_the_headers_of_its_blocks() {
        let lines = statement_at(SCRIPT, 14);
        assert_eq!(
            numbers(&lines),
            vec![8, 10, 11, 12, 13, 14, 15, 16],
            "{lines:?}"
        );
        assert_eq!(lines[0].text, "if resident.age >= 18 {");
        assert_eq!(lines.last().map(|l| l.text.trim()), Some("\"Tailored\");"));
    }

    #[test]
    fn a_line_outside_the_script_gives_nothing() {
        assert!(statement_at(SCRIPT, 0).is_empty());
        assert!(statement_at(SCRIPT, 400).is_empty());
    }

    #[test]
    fn citations_are_read_from_the_lines_and_from_the_constants_they_use() {
        let lines = statement_at(SCRIPT, 14);
        let text: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
        let mut ids = cited_ids(&text.join("\n"));
        assert_eq!(ids, vec!["andere"]);
        ids = cited_ids("x (bron: a; b-c) en (bron: d)");
        assert_eq!(ids, vec!["a", "b-c", "d"]);
        assert!(uses("basis(\"x\", PROCES)", "PROCES"));
        assert!(!uses("PROCESSEN", "PROCES"));
    }
}
