//! How a script reads the resident's number facts, found before it runs: only compared with
//! fixed numbers (`resident.age >= 65`), or used in any other way.
//!
//! A comparison's memo ([`crate::script::memo`]) branches on what a read returns. For a fact the
//! rules only compare with fixed numbers, two residents whose values fall between the same of
//! those numbers get the same answer to every comparison, so the rules cannot tell them apart: an
//! age of 66 and one of 80 are one branch when the only comparisons are `>= 18` and `>= 65`. Every
//! other use (arithmetic, a comparison with another value, `resident` handed on) keeps the exact
//! value.

use crate::script::rule_api::{self, Probe};
use crate::script::slicing::walk_script;
use rhai::{ASTNode, Expr, AST, INT};

/// The comparison operators whose outcome depends only on where the value falls among the
/// numbers it is compared with.
const COMPARISONS: [&str; 6] = ["<", "<=", ">", ">=", "==", "!="];

/// How a script uses one number fact.
#[derive(Debug, Clone, Default, PartialEq)]
enum NumberUse {
    /// Not read at all.
    #[default]
    Unread,
    /// Only compared with these numbers (sorted, each once).
    Compared(Vec<INT>),
    /// Used in a way that needs the exact value.
    Exact,
}

/// How a script (or a municipal script and the baseline together) uses each number fact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NumberReads(Vec<NumberUse>);

impl NumberReads {
    /// Finds how `ast` uses each number fact.
    pub(crate) fn of(ast: &AST) -> NumberReads {
        let mut uses = vec![NumberUse::Unread; rule_api::number_fact_count()];
        let mut handed_on = false;
        walk_script(ast, &mut |path: &[ASTNode]| {
            match resident_use(path) {
                ResidentUse::None => {}
                ResidentUse::Method => {}
                ResidentUse::Other => handed_on = true,
                ResidentUse::Number(fact, compared) => {
                    if let Some(used) = uses.get_mut(fact) {
                        add(used, compared);
                    }
                }
            }
            true
        });
        if handed_on {
            uses.fill(NumberUse::Exact);
        }
        NumberReads(uses)
    }

    /// How both scripts together use each fact: a comparison's memo follows a municipal script and
    /// the baseline in one run.
    pub(crate) fn and(&self, other: &NumberReads) -> NumberReads {
        let uses = self.0.iter().zip(&other.0).map(|(a, b)| match (a, b) {
            (NumberUse::Unread, x) | (x, NumberUse::Unread) => x.clone(),
            (NumberUse::Compared(a), NumberUse::Compared(b)) => {
                let mut both: Vec<INT> = a.iter().chain(b).copied().collect();
                both.sort_unstable();
                both.dedup();
                NumberUse::Compared(both)
            }
            _ => NumberUse::Exact,
        });
        NumberReads(uses.collect())
    }

    /// What the memo branches on for a read that gave `value`: for a fact only compared with
    /// fixed numbers, where the value falls among them (twice the count of numbers below it, plus
    /// one when it equals one); otherwise the value itself.
    pub(crate) fn branch(&self, probe: Probe, value: INT) -> INT {
        let Probe::Number(fact) = probe else {
            return value;
        };
        match self.0.get(fact as usize) {
            Some(NumberUse::Compared(numbers)) => {
                let below = numbers.partition_point(|n| *n < value);
                let equal = numbers.binary_search(&value).is_ok();
                2 * below as INT + INT::from(equal)
            }
            _ => value,
        }
    }
}

fn add(used: &mut NumberUse, compared: Option<INT>) {
    match (used, compared) {
        (NumberUse::Exact, _) => {}
        (used, None) => *used = NumberUse::Exact,
        (used @ NumberUse::Unread, Some(n)) => *used = NumberUse::Compared(vec![n]),
        (NumberUse::Compared(numbers), Some(n)) => {
            if let Err(at) = numbers.binary_search(&n) {
                numbers.insert(at, n);
            }
        }
    }
}

/// What a node of the walk is, as far as the resident goes.
enum ResidentUse {
    /// Not the variable `resident`.
    None,
    /// `resident.<method>(…)`: its answer is a yes or no the memo follows as it is.
    Method,
    /// `resident.<number fact>`, with the fixed number it is compared with, if that is all.
    Number(usize, Option<INT>),
    /// Anything else: `resident` handed on, indexed or chained.
    Other,
}

fn resident_use(path: &[ASTNode]) -> ResidentUse {
    let [.., parent, ASTNode::Expr(Expr::Variable(var, ..))] = path else {
        return ResidentUse::None;
    };
    if var.1 != "resident" {
        return ResidentUse::None;
    }
    let ASTNode::Expr(dot @ Expr::Dot(x, ..)) = parent else {
        return ResidentUse::Other;
    };
    if !matches!(x.lhs, Expr::Variable(ref v, ..) if v.1 == "resident") {
        return ResidentUse::Other;
    }
    match &x.rhs {
        Expr::MethodCall(..) => ResidentUse::Method,
        Expr::Property(property, _) => match rule_api::number_fact(property.2.as_str()) {
            Some(fact) => ResidentUse::Number(fact, compared_with(path, dot)),
            // A yes-or-no fact: the memo follows its answer as it is.
            None => ResidentUse::Method,
        },
        _ => ResidentUse::Other,
    }
}

/// The fixed number `dot` is compared with, when its parent is `dot <op> number` or
/// `number <op> dot`.
fn compared_with(path: &[ASTNode], dot: &Expr) -> Option<INT> {
    let [.., ASTNode::Expr(Expr::FnCall(call, _)), _, _] = path else {
        return None;
    };
    if call.op_token.is_none() || !COMPARISONS.contains(&call.name.as_str()) {
        return None;
    }
    match call.args.as_slice() {
        [a, Expr::IntegerConstant(n, _)] if std::ptr::eq(a, dot) => Some(*n),
        [Expr::IntegerConstant(n, _), b] if std::ptr::eq(b, dot) => Some(*n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::sandbox::compile_script;

    fn reads(script: &str) -> NumberReads {
        NumberReads::of(&compile_script(script, "test.rhai").unwrap())
    }

    fn age() -> Probe {
        Probe::Number(rule_api::number_fact("age").unwrap() as u8)
    }

    #[test]
    fn ages_between_the_same_thresholds_are_one_branch() {
        let r = reads("if resident.age >= 65 { } if 18 > resident.age { }");
        assert_eq!(r.branch(age(), 66), r.branch(age(), 80));
        assert_eq!(r.branch(age(), 19), r.branch(age(), 64));
        assert_ne!(r.branch(age(), 64), r.branch(age(), 65));
        assert_ne!(r.branch(age(), 17), r.branch(age(), 18));
    }

    #[test]
    fn equality_with_a_threshold_is_its_own_branch() {
        let r = reads("if resident.age == 65 { }");
        assert_ne!(r.branch(age(), 65), r.branch(age(), 66));
        assert_ne!(r.branch(age(), 65), r.branch(age(), 64));
        assert_eq!(r.branch(age(), 66), r.branch(age(), 90));
    }

    #[test]
    fn any_other_use_keeps_the_exact_value() {
        for script in [
            "if resident.age + 1 > 65 { }",
            "let a = resident.age; if a > 65 { }",
            "if resident.age > resident.children_count { }",
            "if resident.age >= 65 { } let r = resident; if r.age > 40 { }",
            "if resident.age > 65 && [resident].len() > 0 { }",
        ] {
            let r = reads(script);
            assert_ne!(r.branch(age(), 66), r.branch(age(), 80), "{script}");
        }
    }

    #[test]
    fn two_scripts_together_keep_both_thresholds() {
        let both = reads("if resident.age >= 65 { }").and(&reads("if resident.age < 18 { }"));
        assert_ne!(both.branch(age(), 17), both.branch(age(), 40));
        assert_ne!(both.branch(age(), 40), both.branch(age(), 70));
        let exact = reads("if resident.age >= 65 { }").and(&reads("let a = resident.age;"));
        assert_ne!(exact.branch(age(), 66), exact.branch(age(), 80));
    }
}
