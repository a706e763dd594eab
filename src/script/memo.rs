//! Routes remembered by the facts the rules read: what makes a comparison of 100,000 residents
//! cost far fewer than 100,000 evaluations per rule set.
//!
//! A rule script has no input but the resident's facts, and which of its statements run at all is
//! decided by the asked needs. So once one evaluation has run, its routes hold for every resident
//! with the same needs whose reads (`resident.age`, `resident.income_at_most(130)`, … in the order
//! the rules made them) give the same values. Each rule set pair (municipal script and baseline)
//! grows a tree of such traces: a node is the next read the rules make, its branches the values
//! seen, its leaves the routes. Looking a resident up follows the reads without running a line of
//! script; a resident whose values leave the tree is evaluated, traced and added. The result is
//! exactly what an evaluation gives (`tests/compare.rs` checks it on every bundled rule set).
//!
//! Each comparison starts with empty memos ([`new_session`]). Only successful evaluations are
//! remembered: an error (a limit, the clock) is met again by running again. The tree is bounded:
//! past [`MAX_NODES`] on a thread, everything is forgotten and the trees grow anew, so memory
//! stays flat however many rule sets and residents pass.

use crate::advice::Route;
use crate::script::reads::NumberReads;
use crate::script::rule_api::{Facts, Probe};
use rhai::INT;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// The nodes one thread keeps for all rule sets at most (some tens of megabytes).
pub(crate) const MAX_NODES: usize = 1 << 18;

/// The routes per catalogue provision, as an evaluation gives them.
type Routes = Vec<Option<Route>>;

/// Identifies a rule set pair: the compilations of the municipal script and of the baseline.
pub(crate) type Pair = (u64, u64);

/// What decides which statements run: the relevance mask (provisions serving an asked need) and
/// the asked needs themselves.
type Root = (u64, u32);

/// A node of a tree, kept in one array per tree (few allocations, neighbours close in memory).
#[derive(Debug)]
struct Node {
    /// What the parent's read gave to lead here (unused at a root).
    value: INT,
    /// The next child of the same parent ([`NONE`]: the last).
    sibling: u32,
    kind: Kind,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// The next fact the rules read, and its first child (each child one value seen so far).
    Read { probe: Probe, first: u32 },
    /// The routes of every resident who reached this leaf: `len` routes from `at`.
    Routes { at: u32, len: u32 },
}

/// No node.
const NONE: u32 = u32::MAX;

/// The values a read may lead to from one node. A fact the rules use exactly and that varies
/// widely (a number of hours) would make a long list to search for every resident: past this,
/// residents with a new value are evaluated and not remembered.
const MAX_CHILDREN: usize = 64;

/// One rule set pair's tree: how its scripts read number facts, a root per [`Root`], the nodes
/// and the routes of the leaves.
#[derive(Debug)]
struct Tree {
    reads: NumberReads,
    roots: HashMap<Root, u32>,
    nodes: Vec<Node>,
    routes: Vec<Option<Route>>,
}

/// The trees of one thread, by rule set pair.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    trees: HashMap<Pair, Tree>,
    nodes: usize,
    /// The comparison this memo was filled for ([`new_session`]).
    session: u64,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// The last comparison handed out by [`new_session`].
static SESSIONS: AtomicU64 = AtomicU64::new(0);

/// A new comparison's number: a thread that starts working for it empties its memo first.
pub(crate) fn new_session() -> u64 {
    SESSIONS.fetch_add(1, Ordering::Relaxed) + 1
}

/// Runs `f` with this thread's memo for comparison `session`: emptied first if it was last used
/// for another, so each comparison starts from nothing, its speed does not depend on what ran
/// before, and no tree of an earlier one stays in memory.
pub(crate) fn with_memo<R>(session: u64, f: impl FnOnce(&mut Memo) -> R) -> R {
    MEMO.with(|m| {
        let mut memo = m.borrow_mut();
        if memo.session != session {
            *memo = Memo {
                session,
                ..Memo::default()
            };
        }
        f(&mut memo)
    })
}

fn root(facts: &Facts, relevant: u64) -> Root {
    (relevant, facts.needs())
}

impl Memo {
    /// The routes the pair gives for `facts`, when a resident with the same reads passed before.
    pub(crate) fn recall(&self, pair: Pair, facts: &Facts, relevant: u64) -> Option<Routes> {
        let tree = self.trees.get(&pair)?;
        let mut at = *tree.roots.get(&root(facts, relevant))?;
        loop {
            match tree.nodes.get(at as usize)?.kind {
                Kind::Routes { at, len } => {
                    let (at, len) = (at as usize, len as usize);
                    return tree.routes.get(at..at + len).map(<[_]>::to_vec);
                }
                Kind::Read { probe, first } => {
                    let value = tree.reads.branch(probe, probe.read(facts));
                    at = tree.child(first, value)?;
                }
            }
        }
    }

    /// Remembers the routes of an evaluation of `facts` that made the reads in `trace`; `reads`
    /// gives how the pair's scripts read number facts, the first time the pair is seen.
    pub(crate) fn remember(
        &mut self,
        pair: Pair,
        reads: impl FnOnce() -> NumberReads,
        facts: &Facts,
        relevant: u64,
        trace: &[(Probe, INT)],
        routes: &[Option<Route>],
    ) {
        if self.nodes + trace.len() + 1 > MAX_NODES {
            self.trees.clear();
            self.nodes = 0;
        }
        let tree = self.trees.entry(pair).or_insert_with(|| Tree {
            reads: reads(),
            roots: HashMap::new(),
            nodes: Vec::new(),
            routes: Vec::new(),
        });
        // A fact read again gives the value it gave the first time: only first reads branch.
        let mut path: Vec<(Probe, INT)> = Vec::with_capacity(trace.len());
        for (probe, value) in trace {
            if !path.iter().any(|(seen, _)| seen == probe) {
                path.push((*probe, tree.reads.branch(*probe, *value)));
            }
        }
        self.nodes += tree.grow(root(facts, relevant), &path, routes);
    }

    /// How many nodes this memo keeps.
    #[cfg(test)]
    fn nodes(&self) -> usize {
        self.nodes
    }
}

impl Tree {
    /// The child of a node, among those from `first` on, that `value` leads to.
    fn child(&self, first: u32, value: INT) -> Option<u32> {
        self.children(first)
            .find(|(_, v)| *v == value)
            .map(|(at, _)| at)
    }

    /// The children from `first` on, each with the value that leads to it.
    fn children(&self, first: u32) -> impl Iterator<Item = (u32, INT)> + '_ {
        let mut child = first;
        std::iter::from_fn(move || {
            let node = self.nodes.get(child as usize)?;
            let found = (child, node.value);
            child = node.sibling;
            Some(found)
        })
    }

    /// Adds `path` (reads and the values they gave) to the tree at `root`; returns how many nodes
    /// it added. A path that disagrees with the tree (which a deterministic script cannot make)
    /// adds nothing.
    fn grow(&mut self, root: Root, path: &[(Probe, INT)], routes: &[Option<Route>]) -> usize {
        let Some(&start) = self.roots.get(&root) else {
            let head = self.chain(0, path, routes);
            self.roots.insert(root, head);
            return path.len() + 1;
        };
        let (mut at, mut rest) = (start, path);
        loop {
            let Some(Kind::Read { probe, first }) = self.nodes.get(at as usize).map(|n| n.kind)
            else {
                return 0;
            };
            let Some(((read, value), tail)) = rest.split_first() else {
                return 0;
            };
            if *read != probe {
                return 0;
            }
            if let Some(child) = self.child(first, *value) {
                (at, rest) = (child, tail);
                continue;
            }
            if self.children(first).count() >= MAX_CHILDREN {
                return 0;
            }
            // A value not seen here before: the rest of the path hangs below, first of the
            // node's children.
            let head = self.chain(*value, tail, routes);
            if let Some(node) = self.nodes.get_mut(head as usize) {
                node.sibling = first;
            }
            if let Some(node) = self.nodes.get_mut(at as usize) {
                node.kind = Kind::Read { probe, first: head };
            }
            return tail.len() + 1;
        }
    }

    /// Appends the nodes of `path`, from a node reached by `value` to the leaf with `routes`, and
    /// returns the first.
    fn chain(&mut self, value: INT, path: &[(Probe, INT)], routes: &[Option<Route>]) -> u32 {
        let head = self.nodes.len() as u32;
        let mut reached_by = value;
        for (probe, value) in path {
            let first = self.nodes.len() as u32 + 1;
            self.nodes.push(Node {
                value: reached_by,
                sibling: NONE,
                kind: Kind::Read {
                    probe: *probe,
                    first,
                },
            });
            reached_by = *value;
        }
        let at = self.routes.len() as u32;
        self.routes.extend_from_slice(routes);
        self.nodes.push(Node {
            value: reached_by,
            sibling: NONE,
            kind: Kind::Routes {
                at,
                len: routes.len() as u32,
            },
        });
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::engine::{remembered_routes, routes, CompiledRuleSet};
    use crate::script::rule_api;
    use crate::{Registry, Situation};

    /// Household help without a decision from 65, with one below.
    fn by_age(registry: &Registry) -> CompiledRuleSet {
        with_script(
            registry,
            r#"
            if resident.age >= 65 {
                open_access("huishoudelijke_hulp");
            } else {
                decision_required("huishoudelijke_hulp");
            }"#,
        )
    }

    fn with_script(registry: &Registry, script: &str) -> CompiledRuleSet {
        let westerveld = registry
            .rule_sets()
            .find(|r| r.id() == "westerveld")
            .unwrap();
        let mut source = westerveld.source.clone();
        source.script = script.into();
        source.content_hash = None;
        CompiledRuleSet::compile(source).unwrap()
    }

    fn resident(age: u32, income: u32) -> Situation {
        Situation::from_json(&format!(
            r#"{{"reference_date":"2026-03-01","age":{age},"income_percent":{income},
                "needs":["household_tasks"]}}"#
        ))
        .unwrap()
    }

    fn recalled(
        session: u64,
        rules: &CompiledRuleSet,
        registry: &Registry,
        s: &Situation,
    ) -> Option<Routes> {
        let facts = Facts::of(s);
        let pair = (rules.compilation, registry.baseline().compilation);
        with_memo(session, |m| m.recall(pair, &facts, facts.relevant()))
    }

    #[test]
    fn a_resident_whose_reads_answer_the_same_is_recalled_without_running() {
        let registry = Registry::bundled().unwrap();
        let rules = by_age(&registry);
        let session = new_session();
        let (seventy, eighty) = (resident(70, 100), resident(80, 250));
        assert_eq!(recalled(session, &rules, &registry, &seventy), None);
        let first = remembered_routes(session, &rules, registry.baseline(), &seventy).unwrap();
        // 80 is as far above 65 as 70 is, and the income is read by no rule here.
        let again = recalled(session, &rules, &registry, &eighty).unwrap();
        assert_eq!(again, first);
        assert_eq!(again, routes(&rules, registry.baseline(), &eighty).unwrap());
    }

    #[test]
    fn a_resident_on_the_other_side_of_a_threshold_is_evaluated() {
        let registry = Registry::bundled().unwrap();
        let rules = by_age(&registry);
        let session = new_session();
        let old =
            remembered_routes(session, &rules, registry.baseline(), &resident(70, 100)).unwrap();
        let young = resident(40, 100);
        assert_eq!(recalled(session, &rules, &registry, &young), None);
        let evaluated = remembered_routes(session, &rules, registry.baseline(), &young).unwrap();
        assert_ne!(evaluated, old);
        assert_eq!(
            evaluated,
            routes(&rules, registry.baseline(), &young).unwrap()
        );
        assert_eq!(
            recalled(session, &rules, &registry, &young),
            Some(evaluated)
        );
    }

    #[test]
    fn a_script_that_reads_facts_in_a_long_loop_is_not_remembered() {
        let registry = Registry::bundled().unwrap();
        let rules = with_script(
            &registry,
            r#"for i in 0..300 { if resident.age > 200 { } }
               open_access("huishoudelijke_hulp");"#,
        );
        let session = new_session();
        let seventy = resident(70, 100);
        let evaluated = remembered_routes(session, &rules, registry.baseline(), &seventy).unwrap();
        assert_eq!(
            evaluated,
            routes(&rules, registry.baseline(), &seventy).unwrap()
        );
        assert_eq!(recalled(session, &rules, &registry, &seventy), None);
    }

    #[test]
    fn a_new_comparison_starts_from_an_empty_memo() {
        let registry = Registry::bundled().unwrap();
        let rules = by_age(&registry);
        let session = new_session();
        let seventy = resident(70, 100);
        remembered_routes(session, &rules, registry.baseline(), &seventy).unwrap();
        assert!(recalled(session, &rules, &registry, &seventy).is_some());
        let next = new_session();
        assert_eq!(recalled(next, &rules, &registry, &seventy), None);
    }

    #[test]
    fn the_memo_forgets_everything_rather_than_grow_past_its_bound() {
        let facts = Facts::of(&resident(70, 100));
        let reads = || NumberReads::of(&rhai::AST::empty());
        let mut memo = Memo::default();
        let routes = vec![None; 4];
        for value in 0..(MAX_NODES as INT) {
            let trace = [
                (Probe::Number(0), value % 64),
                (Probe::Number(1), value / 64 % 64),
                (Probe::Number(2), value / 4096),
            ];
            memo.remember((1, 2), reads, &facts, 0, &trace, &routes);
            assert!(memo.nodes() <= MAX_NODES);
        }
        assert!(memo.nodes() < MAX_NODES / 2, "{}", memo.nodes());
    }

    #[test]
    fn a_read_with_more_values_than_a_node_holds_keeps_only_the_first() {
        let reads = || NumberReads::of(&rhai::AST::empty());
        let hours = |h| {
            let mut s = resident(70, 100);
            s.household_hours_per_week = Some(h as f64 / 52.0);
            Facts::of(&s)
        };
        let probe = Probe::Number(rule_api::number_fact("household_hours_per_year").unwrap() as u8);
        let mut memo = Memo::default();
        let routes = vec![None; 4];
        for h in 1..=100 {
            let facts = hours(h);
            let trace = [(probe, probe.read(&facts))];
            memo.remember((1, 2), reads, &facts, 0, &trace, &routes);
        }
        let recalled = (1..=100)
            .filter(|h| memo.recall((1, 2), &hours(*h), 0).is_some())
            .count();
        assert_eq!(recalled, MAX_CHILDREN);
    }
}
