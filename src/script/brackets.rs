//! The bracket a syntax error is really about.
//!
//! A missing `)` is noticed by the parser only where the text stops making sense, often lines
//! later: `.via("wijkteam"` on line 20 reads on as `"wijkteam".cost_free()…` and fails at the
//! `;` on line 25. A rule author looks for the mistake where it is marked, so the error is moved to
//! the bracket that is never closed (or the one that closes nothing), found by counting brackets
//! outside strings and comments.

/// A bracket without its partner, with where it stands (lines and columns from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unbalanced {
    pub bracket: char,
    pub line: usize,
    pub column: usize,
    /// A closing bracket with no open one before it, rather than an opening one never closed.
    pub closes_nothing: bool,
}

/// Where the scan is: in code, or inside something whose brackets do not count.
#[derive(Clone, Copy, PartialEq)]
enum In {
    Code,
    LineComment,
    /// Rhai's block comments nest: how deep.
    BlockComment(u32),
    /// A string or character literal, ended by this quote.
    Quoted(char),
}

/// The first bracket without its partner: a closing bracket that does not match the innermost
/// open one (then that open one is the culprit) or closes nothing, else the innermost bracket
/// still open at the end. `None` when every bracket has its partner, or the script ends inside a
/// string or comment (the parser says so itself).
pub(crate) fn unbalanced(script: &str) -> Option<Unbalanced> {
    let mut open: Vec<Unbalanced> = Vec::new();
    let mut state = In::Code;
    let (mut line, mut column) = (1, 0);
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        let next = chars.peek().copied();
        let here = |bracket, closes_nothing| Unbalanced {
            bracket,
            line,
            column,
            closes_nothing,
        };
        match (state, c) {
            (_, '\n') => {
                if state == In::LineComment {
                    state = In::Code;
                }
                line += 1;
                column = 0;
                continue;
            }
            (In::Code, '/') if next == Some('/') => state = In::LineComment,
            (In::Code, '/') if next == Some('*') => state = In::BlockComment(0),
            (In::BlockComment(depth), '/') if next == Some('*') => {
                state = In::BlockComment(depth + 1)
            }
            (In::BlockComment(depth), '*') if next == Some('/') => {
                state = match depth {
                    0 => In::Code,
                    _ => In::BlockComment(depth - 1),
                };
            }
            (In::Code, '"' | '\'' | '`') => state = In::Quoted(c),
            (In::Quoted(_), '\\') => {
                // The escaped character, a quote or a newline alike, does not count.
                if chars.next() == Some('\n') {
                    line += 1;
                    column = 0;
                } else {
                    column += 1;
                }
                continue;
            }
            (In::Quoted(quote), _) if c == quote => state = In::Code,
            (In::Code, '(' | '[' | '{') => open.push(here(c, false)),
            (In::Code, ')' | ']' | '}') => match open.pop() {
                Some(opened) if partner(opened.bracket) == c => {}
                Some(opened) => return Some(opened),
                None => return Some(here(c, true)),
            },
            _ => {}
        }
        // The second character of `//`, `/*` and `*/` must not start anything itself.
        if matches!((c, next), ('/', Some('/' | '*')) | ('*', Some('/')))
            && !matches!(state, In::Quoted(_))
        {
            chars.next();
            column += 1;
        }
    }
    match state {
        In::Code | In::LineComment => open.pop(),
        In::BlockComment(_) | In::Quoted(_) => None,
    }
}

fn partner(opening: char) -> char {
    match opening {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(script: &str) -> Option<(char, usize, usize, bool)> {
        unbalanced(script).map(|u| (u.bracket, u.line, u.column, u.closes_nothing))
    }

    #[test]
    fn a_call_left_open_is_found_on_its_own_line() {
        let script =
            "open_access(\"a\")\n    .via(\"wijkteam\"\n    .cost_free();\nif x {\n    y(1);\n}\n";
        assert_eq!(at(script), Some(('(', 2, 9, false)));
    }

    #[test]
    fn a_block_left_open_is_found_when_the_next_block_closes() {
        let script = "if x {\n    if y {\n        z(1);\n    \n}\n";
        assert_eq!(at(script), Some(('{', 1, 6, false)));
        assert_eq!(at("if x {\n  a(1;\n}"), Some(('(', 2, 4, false)));
    }

    #[test]
    fn a_bracket_that_closes_nothing_is_found() {
        assert_eq!(at("a(1));\nb(2);"), Some((')', 1, 5, true)));
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let script =
            "a(\"(\", '(', `{`, \"\\\")\");\n// ( [ {\n/* ( /* nested ) */ [ */\nb(\"x\");\n";
        assert_eq!(at(script), None);
        assert_eq!(at("a(\")\"\nb(1);"), Some(('(', 1, 2, false)));
    }

    #[test]
    fn balanced_scripts_and_scripts_ending_in_a_string_have_nothing_to_say() {
        assert_eq!(at("if a { b([1, 2], #{ c: (3) }); }"), None);
        assert_eq!(at("a(\"never ends"), None);
        assert_eq!(at("/* never ends ("), None);
    }
}
