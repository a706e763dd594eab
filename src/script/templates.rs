//! Decision templates: rule chains whose arguments are all literals, built once at compile time.
//!
//! Most of a rule set is chains like
//!
//! ```text
//! open_access("maatschappelijk_werk").via("kwadraad").free_sessions(5).cost_free()
//!     .basis("practice", LIGHT_TRACK).because("licht-traject", "…", "…");
//! ```
//!
//! Everything in such a chain is known before any resident is seen: only *whether* it runs depends
//! on the resident (the `if` around it). Interpreting it costs one Rhai call per method, with its
//! arguments boxed, its strings copied and its function looked up: most of an evaluation's time.
//! So the compiler builds the finished [`Draft`] of each such chain once, with the same
//! [`Change`]s the interpreter would make, and replaces the chain in the AST by a call of
//! [`APPLY_TEMPLATE`] with the template's number. That call places a copy of the draft, exactly as
//! the chain would have.
//!
//! A chain is folded only when every step is certain to succeed: a known provision, declared
//! party, valid amount and so on, with literal arguments or top-level `const`s bound to literals.
//! Anything else is left to the interpreter, which reports its errors as before.

use crate::advice::Route;
use crate::catalogue::{self, OtherRoute, ProvisionIndex};
use crate::script::draft::{Change, Draft, DraftCost, DECIDING_FUNCTIONS};
use rhai::{ASTFlags, ASTNode, Expr, FnCallExpr, Position, Stmt, StmtBlock, AST, INT};

/// The rule function that places template `n`'s draft, or (with a handle first) makes template
/// `n`'s changes to that handle's decision. Registered in [`crate::script::rule_api`].
pub(crate) const APPLY_TEMPLATE: &str = "apply_decision_template";

/// What a chain of literals comes to.
#[derive(Debug, Clone)]
pub(crate) enum Template {
    /// `open_access("id").via(…)…`: the whole decision, finished.
    /// `blank` is the same decision as a routes-only evaluation keeps it.
    Decision {
        index: ProvisionIndex,
        draft: Box<Draft>,
        blank: Box<Draft>,
    },
    /// `<handle>.via(…).because(…)…` on a handle the interpreter computes (`d`, `amend("id")`,
    /// `decision_required(id)` in a loop): the changes, checked, in order.
    Changes {
        changes: Vec<Change>,
        /// The first method and where it stands, for the error when the handle is no decision.
        first_method: String,
        position: Position,
    },
}

/// What the rule set declares that a chain may refer to: its parties, and its file (for reason
/// sources).
pub(crate) struct Declared<'a> {
    pub parties: &'a [String],
    pub file: &'a str,
}

/// Replaces every chain of literals that stands as a statement (or a `let`'s value) by a call of
/// its template. `calls` are compiled `apply_decision_template(0)` and `…(0, 0)` calls, so the
/// hashes Rhai dispatches on come from its own parser. Top-level statements keep their places,
/// so the segments computed before still apply.
pub(crate) fn fold_chains(
    ast: &AST,
    calls: [&FnCallExpr; 2],
    rule_set: Declared,
) -> (AST, Vec<Template>) {
    let mut folder = Folder {
        calls,
        constants: literal_constants(ast),
        rule_set,
        templates: Vec::new(),
    };
    let mut statements = ast.statements().to_vec();
    for statement in &mut statements {
        folder.statement(statement);
    }
    (AST::new(statements), folder.templates)
}

/// A literal argument.
#[derive(Debug, Clone, Copy)]
enum Literal<'a> {
    Str(&'a str),
    Int(INT),
    Bool(bool),
}

struct Folder<'a> {
    /// The compiled template calls without and with a handle.
    calls: [&'a FnCallExpr; 2],
    constants: Vec<(&'a str, Literal<'a>)>,
    rule_set: Declared<'a>,
    templates: Vec<Template>,
}

impl<'a> Folder<'a> {
    fn statement(&mut self, statement: &mut Stmt) {
        match statement {
            Stmt::Expr(expr) => self.expression(expr),
            Stmt::Var(var, ..) => self.expression(&mut var.1),
            Stmt::If(flow, _)
            | Stmt::While(flow, _)
            | Stmt::Do(flow, ..)
            | Stmt::TryCatch(flow, _) => {
                self.block(&mut flow.body);
                self.block(&mut flow.branch);
            }
            Stmt::For(for_loop, _) => self.block(&mut for_loop.2.body),
            Stmt::Block(block) => self.block(block),
            _ => {}
        }
    }

    fn block(&mut self, block: &mut StmtBlock) {
        for statement in block.as_mut() {
            self.statement(statement);
        }
    }

    fn expression(&mut self, expr: &mut Expr) {
        let Some((handle, template)) = self.template(expr) else {
            return;
        };
        let position = expr.start_position();
        let mut call = self.calls[usize::from(handle.is_some())].clone();
        let number = Expr::IntegerConstant(self.templates.len() as INT, position);
        call.args = handle.into_iter().chain([number]).collect();
        *expr = Expr::FnCall(Box::new(call), position);
        self.templates.push(template);
    }

    /// The template of a chain `start(…).method(…)…` whose methods all have literal arguments and
    /// would all succeed, and the handle expression it applies to (none for a whole decision).
    fn template(&self, expr: &Expr) -> Option<(Option<Expr>, Template)> {
        // A lone call (no methods) costs one call either way.
        let Expr::Dot(..) = expr else { return None };
        let mut links = Vec::new();
        chain_links(expr, &mut links)?;
        let (start, methods) = links.split_first()?;
        let changes = methods
            .iter()
            .map(|method| match method {
                Expr::MethodCall(call, position) => {
                    self.change(call.name.as_str(), &self.literals(&call.args)?, *position)
                }
                _ => None,
            })
            .collect::<Option<Vec<Change>>>()?;
        if let Some((index, mut draft)) = self.started(start) {
            // A chain that fills a list beyond its limit is left to the interpreter, which stops
            // at the method that went too far, with its line.
            for change in changes {
                change.apply(&mut draft, self.rule_set.file).ok()?;
            }
            let blank = Box::new(draft.blanked());
            let draft = Box::new(draft);
            return Some((
                None,
                Template::Decision {
                    index,
                    draft,
                    blank,
                },
            ));
        }
        // One method on a computed handle costs one call either way.
        let (Some(Expr::MethodCall(first, position)), true) = (methods.first(), changes.len() > 1)
        else {
            return None;
        };
        let template = Template::Changes {
            changes,
            first_method: first.name.to_string(),
            position: *position,
        };
        Some((Some((*start).clone()), template))
    }

    /// The provision and fresh draft of a deciding call with literal arguments.
    fn started(&self, start: &Expr) -> Option<(ProvisionIndex, Draft)> {
        let Expr::FnCall(call, _) = start else {
            return None;
        };
        if call.op_token.is_some() {
            return None;
        }
        let args = self.literals(&call.args)?;
        let (id, draft) = match (call.name.as_str(), args.as_slice()) {
            ("elsewhere", [Literal::Str(id), Literal::Str(target)]) => {
                let mut draft = Draft::new(Route::Elsewhere);
                draft.elsewhere = Some(OtherRoute::from_id(target)?);
                (*id, draft)
            }
            (name, [Literal::Str(id)]) => {
                let (_, route) = DECIDING_FUNCTIONS.iter().find(|(f, _)| *f == name)?;
                (*id, Draft::new(*route))
            }
            _ => return None,
        };
        Some((catalogue::provision_index(id)?, draft))
    }

    /// The change a method with these literal arguments makes; `None` if it would fail (or is
    /// not a decision method), so that the interpreter runs it and reports the error.
    fn change(&self, method: &str, args: &[Literal], position: Position) -> Option<Change> {
        use Literal::{Bool, Int, Str};
        match (method, args) {
            ("via", [Str(party)]) => self
                .rule_set
                .parties
                .iter()
                .any(|p| p == party)
                .then(|| Change::Party(party.to_string())),
            ("intake", []) => Some(Change::Intake),
            ("also_via", [Str(route)]) => Change::also_via(route).ok(),
            ("free_sessions", [Int(n)]) => Change::free_sessions(*n).ok(),
            ("limit", [Str(nl), Str(en)]) => Some(Change::limit(nl, en)),
            ("at_most", [Str(amount), Str(unit)]) => Change::at_most(amount, unit).ok(),
            ("cost_free", []) => Some(Change::Cost(DraftCost::Free)),
            ("subscription_rate", []) => Some(Change::Cost(DraftCost::SubscriptionRate)),
            ("cost", [Str(euros), Str(unit)]) => Change::cost(euros, unit).ok(),
            ("pgb", [Bool(possible)]) => Some(Change::Pgb(*possible)),
            ("term_weeks", [Int(weeks)]) => Change::term_weeks(*weeks).ok(),
            ("basis", [Str(kind), Str(citation)]) => Change::basis(kind, citation).ok(),
            ("because", [Str(rule), Str(nl), Str(en)]) => {
                Some(Change::because(rule, nl, en, position.line().unwrap_or(0)))
            }
            ("assumption", [Str(text)]) => Some(Change::Assumption(text.to_string())),
            _ => None,
        }
    }

    fn literals<'e>(&'e self, args: &'e [Expr]) -> Option<Vec<Literal<'e>>> {
        args.iter()
            .map(|arg| match arg {
                Expr::Variable(var, ..) => self
                    .constants
                    .iter()
                    .find(|(name, _)| *name == var.1.as_str())
                    .map(|(_, value)| *value),
                other => literal(other),
            })
            .collect()
    }
}

fn literal(expr: &Expr) -> Option<Literal<'_>> {
    match expr {
        Expr::StringConstant(s, _) => Some(Literal::Str(s.as_str())),
        Expr::IntegerConstant(n, _) => Some(Literal::Int(*n)),
        Expr::BoolConstant(b, _) => Some(Literal::Bool(*b)),
        _ => None,
    }
}

/// The calls of a method chain in order (`a(…).b(…).c(…)` → a, b, c), whatever way Rhai nests
/// its `Dot` nodes. `None` for a chain with `?.`, which is left to the interpreter.
fn chain_links<'e>(expr: &'e Expr, links: &mut Vec<&'e Expr>) -> Option<()> {
    match expr {
        Expr::Dot(dot, flags, _) => {
            if flags.contains(ASTFlags::NEGATED) {
                return None;
            }
            chain_links(&dot.lhs, links)?;
            chain_links(&dot.rhs, links)
        }
        other => {
            links.push(other);
            Some(())
        }
    }
}

/// Names that are certain to hold a literal wherever they are read: declared exactly once in the
/// whole script, as a top-level `const` with a literal value. (A name declared again anywhere,
/// even in an inner block or as a loop variable, is left out.)
fn literal_constants(ast: &AST) -> Vec<(&str, Literal<'_>)> {
    // Vectors rather than maps: scripts have a handful of names, and each map type adds code to
    // the wasm module.
    let mut declared: Vec<String> = Vec::new();
    crate::script::slicing::walk_script(ast, &mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Stmt(Stmt::Var(var, ..))) => declared.push(var.0.name.to_string()),
            Some(ASTNode::Stmt(Stmt::For(for_loop, _))) => {
                declared.push(for_loop.0.name.to_string());
                if let Some(counter) = &for_loop.1 {
                    declared.push(counter.name.to_string());
                }
            }
            Some(ASTNode::Stmt(Stmt::TryCatch(flow, _))) => {
                if let Expr::Variable(var, ..) = &flow.expr {
                    declared.push(var.1.to_string());
                }
            }
            _ => {}
        }
        true
    });
    ast.statements()
        .iter()
        .filter_map(|statement| match statement {
            Stmt::Var(var, flags, _) if flags.contains(ASTFlags::CONSTANT) => {
                let name = var.0.name.as_str();
                let value = literal(&var.1)?;
                let once = declared.iter().filter(|d| *d == name).count() == 1;
                once.then_some((name, value))
            }
            _ => None,
        })
        .collect()
}

/// Folding must never change an advice: every bundled municipality, over a population that covers
/// every need alone and in pairs plus random fill, advises the same with its chains interpreted.
#[cfg(test)]
mod equivalence {
    use crate::compare::population::Population;
    use crate::script::switches::INTERPRET_CHAINS;
    use crate::Registry;

    fn registry(interpret_chains: bool) -> Registry {
        INTERPRET_CHAINS.with(|i| i.set(interpret_chains));
        let registry = Registry::bundled();
        INTERPRET_CHAINS.with(|i| i.set(false));
        registry.expect("the bundled rule sets compile")
    }

    #[test]
    fn folding_never_changes_an_advice() {
        let (folded, interpreted) = (registry(false), registry(true));
        let population = Population::new(Population::grid_size() + 300, 11);
        let mut chains = 0;
        for rule_set in folded.rule_sets() {
            chains += rule_set.folded_chains();
            if rule_set.metadata.cbs_code.is_none() {
                continue;
            }
            for situation in population.iter() {
                let folded = folded.advise(rule_set.id(), &situation);
                let interpreted = interpreted.advise(rule_set.id(), &situation);
                assert_eq!(
                    format!("{folded:?}"),
                    format!("{interpreted:?}"),
                    "{} {situation:?}",
                    rule_set.id()
                );
            }
        }
        // The bundled rule sets are mostly chains of literals; if folding stopped, this says so.
        assert!(chains >= 40, "{chains}");
        assert!(interpreted.rule_sets().all(|r| r.folded_chains() == 0));
    }
}
