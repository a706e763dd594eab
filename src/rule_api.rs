//! The functions a rule author calls, registered into the one sandboxed Rhai engine.
//!
//! A rule reads like the policy text:
//!
//! ```text
//! open_access("opvoedondersteuning")
//!     .via("cjg")
//!     .free_sessions(5)
//!     .because("vijf-gratis-gesprekken", "U krijgt vijf gratis gesprekken.", "You get five free sessions.");
//! ```
//!
//! Each evaluation gets a fresh [`Evaluation`] in a thread-local slot: the resident's facts and the
//! decisions made so far. Decisions are keyed by provision, so deciding a provision again replaces
//! the earlier decision; that is how the baseline, which runs last, lets national law go first.

use crate::advice::Route;
use crate::catalogue::{self, Need, OtherRoute, ProvisionIndex};
use crate::draft::{Change, Draft, DraftCost, Refusal, DECIDING_FUNCTIONS};
use crate::situation::{reached_aow_age, Household, Living, Mobility, Situation};
use crate::templates::Template;
use chrono::Datelike;
use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, NativeCallContext, Position, INT};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

type Fallible<T> = Result<T, Box<EvalAltResult>>;

/// The resident's facts, flattened once per evaluation so the getters are cheap.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    age: INT,
    year: INT,
    household: Household,
    household_size: INT,
    children: Vec<INT>,
    income_percent: Option<INT>,
    living: Living,
    mobility: Mobility,
    has_informal_carer: bool,
    is_informal_carer: bool,
    wlz_indication: bool,
    urgent: bool,
    needs: u32,
    /// Bit i set: catalogue provision i serves an asked need.
    relevant: u64,
    reached_aow_age: bool,
    partner_reached_aow_age: bool,
}

impl Facts {
    pub(crate) fn of(s: &Situation) -> Facts {
        Facts {
            age: s.age.into(),
            year: s.reference_date.year().into(),
            household: s.household,
            household_size: s.effective_household_size() as INT,
            children: s.children.iter().map(|c| c.age.into()).collect(),
            income_percent: s.income_percent.map(INT::from),
            living: s.living,
            mobility: s.mobility,
            has_informal_carer: s.has_informal_carer,
            is_informal_carer: s.is_informal_carer,
            wlz_indication: s.wlz_indication,
            urgent: s.urgent,
            needs: s.needs.iter().fold(0, |mask, n| mask | need_bit(*n)),
            relevant: relevance(s),
            reached_aow_age: reached_aow_age(s.age, s.reference_date),
            partner_reached_aow_age: s
                .partner_age
                .is_some_and(|a| reached_aow_age(a, s.reference_date)),
        }
    }

    /// Bit i set: catalogue provision i serves an asked need.
    pub(crate) fn relevant(&self) -> u64 {
        self.relevant
    }

    pub(crate) fn asks(&self, need: Need) -> bool {
        self.needs & need_bit(need) != 0
    }

    fn has_partner(&self) -> bool {
        matches!(self.household, Household::WithPartner | Household::Family)
    }
}

/// Which provisions serve an asked need. Rules for the others are skipped: the advice would drop
/// them anyway, and skipping them keeps the cost of an evaluation proportional to what is asked.
fn relevance(s: &Situation) -> u64 {
    catalogue::catalogue()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.needs.iter().any(|n| s.needs.contains(n)))
        .fold(0, |mask, (i, _)| mask | (1 << i))
}

fn need_bit(need: Need) -> u32 {
    1 << (need as u32)
}

/// Everything one evaluation reads and writes.
pub(crate) struct Evaluation {
    pub facts: Facts,
    /// One slot per catalogue provision.
    pub decisions: Vec<Option<Draft>>,
    /// The party ids the running rule set declared.
    pub parties: Arc<[String]>,
    /// The rule file now running, for reason sources.
    pub file: Arc<str>,
    /// The running rule set's chains of literals, built at compile time ([`crate::templates`]).
    pub templates: Arc<[Template]>,
}

thread_local! {
    static CURRENT: RefCell<Option<Evaluation>> = const { RefCell::new(None) };
}

/// Installs `evaluation` for the duration of `run` and hands it back afterwards. The next call
/// overwrites the slot, so nothing is left behind even if `run` fails.
pub(crate) fn with_evaluation<R>(
    evaluation: Evaluation,
    run: impl FnOnce() -> R,
) -> (R, Option<Evaluation>) {
    CURRENT.with(|c| *c.borrow_mut() = Some(evaluation));
    let result = run();
    (result, CURRENT.with(|c| c.borrow_mut().take()))
}

/// Switches the running rule set (parties and file) between the municipal script and the baseline.
pub(crate) fn switch_rule_set(parties: Arc<[String]>, file: Arc<str>, templates: Arc<[Template]>) {
    CURRENT.with(|c| {
        if let Some(e) = c.borrow_mut().as_mut() {
            e.parties = parties;
            e.file = file;
            e.templates = templates;
        }
    });
}

fn current<R>(pos: Position, f: impl FnOnce(&mut Evaluation) -> Fallible<R>) -> Fallible<R> {
    CURRENT.with(|c| match c.borrow_mut().as_mut() {
        Some(e) => f(e),
        None => Err(fail(
            "rule functions can only run inside an advice evaluation",
            pos,
        )),
    })
}

fn facts<R: Default>(f: impl FnOnce(&Facts) -> R) -> R {
    CURRENT.with(|c| c.borrow().as_ref().map(|e| f(&e.facts)).unwrap_or_default())
}

fn fail(message: impl Into<String>, pos: Position) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(message.into()),
        pos,
    ))
}

/// The resident, as the script sees it: `resident.age`, `resident.lives_alone`, …
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Resident;

/// A handle to the decision for one provision; methods change that decision and return the handle.
/// An inert handle (`live == false`) stands for a provision no asked need is served by: its methods
/// still check their arguments, then change nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decision {
    index: ProvisionIndex,
    live: bool,
}

/// Names of the functions whose first argument is a provision id (checked before the script runs).
pub(crate) const PROVISION_FUNCTIONS: &[&str] = &[
    "open_access",
    "decision_required",
    "not_offered",
    "elsewhere",
    "amend",
    "decided",
];

pub(crate) fn provision_arg(id: &str, pos: Position) -> Fallible<ProvisionIndex> {
    catalogue::provision_index(id).ok_or_else(|| fail(unknown_provision_message(id), pos))
}

pub(crate) fn unknown_provision_message(id: &str) -> String {
    let hint = catalogue::closest(id, catalogue::catalogue().iter().map(|p| p.id))
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    format!("unknown provision id `{id}`{hint}")
}

fn need_arg(id: &str, pos: Position) -> Fallible<Need> {
    Need::from_id(id).ok_or_else(|| fail(format!("unknown need `{id}`"), pos))
}

fn route_arg(id: &str, pos: Position) -> Fallible<OtherRoute> {
    OtherRoute::from_id(id).ok_or_else(|| fail(format!("unknown other route `{id}`"), pos))
}

/// Puts a new decision in the provision's slot, if an asked need is served by it: the handle is
/// live then, and inert otherwise.
fn place(e: &mut Evaluation, index: ProvisionIndex, draft: impl FnOnce() -> Draft) -> Decision {
    let live = e.facts.relevant & (1 << index.0) != 0;
    if live {
        e.decisions[index.0 as usize] = Some(draft());
    }
    Decision { index, live }
}

fn decide(ctx: &NativeCallContext, id: &str, draft: Draft) -> Fallible<Decision> {
    let pos = ctx.call_position();
    let index = provision_arg(id, pos)?;
    current(pos, |e| Ok(place(e, index, || draft)))
}

/// Makes one method's change to the decision behind a live handle. The arguments were checked
/// first (`change` is their verdict), so a bad argument fails whatever the resident asks.
fn change(
    ctx: &NativeCallContext,
    d: &Decision,
    change: Result<Change, Refusal>,
) -> Fallible<Decision> {
    let pos = ctx.call_position();
    let change = change.map_err(|refusal| fail(refusal, pos))?;
    if !d.live {
        return Ok(*d);
    }
    current(pos, |e| {
        // Changed in place; `file` is the rule file now running, for reason sources.
        let draft = e.decisions[d.index.0 as usize]
            .as_mut()
            .ok_or_else(|| fail("this decision was removed", pos))?;
        change.apply(draft, &e.file);
        Ok(*d)
    })
}

/// Registers the resident, the decision functions and their methods.
pub(crate) fn register(engine: &mut rhai::Engine) {
    register_resident(engine);
    register_decisions(engine);
    register_decision_methods(engine);
}

fn register_resident(engine: &mut rhai::Engine) {
    engine.register_type_with_name::<Resident>("Resident");
    macro_rules! getter {
        ($name:literal, $ty:ty, |$f:ident| $body:expr) => {
            engine.register_get($name, |_: &mut Resident| -> $ty { facts(|$f| $body) });
        };
    }
    getter!("age", INT, |f| f.age);
    getter!("year", INT, |f| f.year);
    getter!("household_size", INT, |f| f.household_size);
    getter!("children_count", INT, |f| f.children.len() as INT);
    getter!("lives_alone", bool, |f| f.household == Household::Alone);
    getter!("has_partner", bool, |f| f.has_partner());
    getter!("is_single_parent", bool, |f| f.household
        == Household::SingleParent);
    getter!("has_children", bool, |f| !f.children.is_empty());
    // Someone the Jeugdwet is for: the resident is under 18, or lives with a child under 18.
    getter!("youth_in_household", bool, |f| f.age < 18
        || f.children.iter().any(|a| *a < 18));
    getter!("in_institution", bool, |f| f.living == Living::Institution);
    getter!("walks_with_difficulty", bool, |f| f.mobility
        == Mobility::WalksWithDifficulty);
    getter!("wheelchair_user", bool, |f| f.mobility
        == Mobility::WheelchairUser);
    getter!("has_informal_carer", bool, |f| f.has_informal_carer);
    getter!("is_informal_carer", bool, |f| f.is_informal_carer);
    getter!("wlz_indication", bool, |f| f.wlz_indication);
    getter!("urgent", bool, |f| f.urgent);
    getter!("income_known", bool, |f| f.income_percent.is_some());
    getter!("reached_aow_age", bool, |f| f.reached_aow_age);
    getter!("partner_reached_aow_age", bool, |f| f
        .partner_reached_aow_age);
    engine.register_fn("has_child_aged", |_: &mut Resident, min: INT, max: INT| {
        facts(|f| f.children.iter().any(|a| (min..=max).contains(a)))
    });
    // False when the income is unknown: income never denies access, it only opens minima schemes.
    engine.register_fn("income_at_most", |_: &mut Resident, percent: INT| {
        facts(|f| f.income_percent.is_some_and(|p| p <= percent))
    });
    engine.register_fn(
        "asks",
        |ctx: NativeCallContext, need: &str| -> Fallible<bool> {
            let need = need_arg(need, ctx.call_position())?;
            Ok(facts(|f| f.asks(need)))
        },
    );
}

fn register_decisions(engine: &mut rhai::Engine) {
    engine.register_type_with_name::<Decision>("Decision");
    for (function, route) in DECIDING_FUNCTIONS {
        engine.register_fn(function, move |ctx: NativeCallContext, id: &str| {
            decide(&ctx, id, Draft::new(route))
        });
    }
    engine.register_fn(
        "elsewhere",
        |ctx: NativeCallContext, id: &str, target: &str| {
            let target = route_arg(target, ctx.call_position())?;
            let mut draft = Draft::new(Route::Elsewhere);
            draft.elsewhere = Some(target);
            decide(&ctx, id, draft)
        },
    );
    register_templates(engine);
    engine.register_fn("amend", |ctx: NativeCallContext, id: &str| -> Fallible<Decision> {
        let pos = ctx.call_position();
        let index = provision_arg(id, pos)?;
        current(pos, |e| match e.decisions[index.0 as usize] {
            Some(_) => Ok(Decision { index, live: true }),
            // A provision no asked need is served by: nothing to amend, and nothing to complain about.
            None if e.facts.relevant & (1 << index.0) == 0 => Ok(Decision { index, live: false }),
            None => Err(fail(format!("amend(\"{id}\"): no rule has decided `{id}` yet; check decided(\"{id}\") first"), pos)),
        })
    });
    engine.register_fn(
        "decided",
        |ctx: NativeCallContext, id: &str| -> Fallible<bool> {
            let pos = ctx.call_position();
            let index = provision_arg(id, pos)?;
            current(pos, |e| Ok(e.decisions[index.0 as usize].is_some()))
        },
    );
    // Keeps the provision ids an asked need is served by; loops over literal lists are narrowed
    // with it (see `slicing::narrow_loops`), and a rule author may use it too.
    engine.register_fn(
        crate::slicing::RELEVANT_ONLY,
        |ctx: NativeCallContext, ids: Array| -> Fallible<Array> {
            let pos = ctx.call_position();
            current(pos, |e| {
                let mut kept = Array::new();
                for id in ids {
                    let index = match id.clone().into_immutable_string() {
                        Ok(text) => provision_arg(&text, pos)?,
                        Err(kind) => {
                            return Err(fail(
                                format!(
                                    "{}: expected provision ids, found a {kind}",
                                    crate::slicing::RELEVANT_ONLY
                                ),
                                pos,
                            ))
                        }
                    };
                    if e.facts.relevant & (1 << index.0) != 0 || crate::engine::running_everything()
                    {
                        kept.push(id);
                    }
                }
                Ok(kept)
            })
        },
    );
    engine.register_fn("decisions", |ctx: NativeCallContext| -> Fallible<Array> {
        current(ctx.call_position(), |e| {
            Ok(e.decisions
                .iter()
                .enumerate()
                .filter(|(_, d)| d.is_some())
                .map(|(i, _)| {
                    Dynamic::from(Decision {
                        index: ProvisionIndex(i as u16),
                        live: true,
                    })
                })
                .collect())
        })
    });
}

/// The calls chains of literals are folded into ([`crate::templates`]).
fn register_templates(engine: &mut rhai::Engine) {
    use crate::templates::APPLY_TEMPLATE;
    engine.register_fn(APPLY_TEMPLATE, |ctx: NativeCallContext, n: INT| {
        with_template(&ctx, n, |e, template, pos| match template {
            Template::Decision { index, draft } => Ok(place(e, *index, || draft.clone())),
            Template::Changes { .. } => Err(fail(format!("template {n} needs a decision"), pos)),
        })
    });
    engine.register_fn(
        APPLY_TEMPLATE,
        |ctx: NativeCallContext, d: Decision, n: INT| {
            with_template(&ctx, n, |e, template, pos| {
                let Template::Changes { changes, .. } = template else {
                    return Err(fail(format!("template {n} is a whole decision"), pos));
                };
                if d.live {
                    let draft = e.decisions[d.index.0 as usize]
                        .as_mut()
                        .ok_or_else(|| fail("this decision was removed", pos))?;
                    for change in changes {
                        change.clone().apply(draft, &e.file);
                    }
                }
                Ok(d)
            })
        },
    );
    // The chain's methods were meant for a decision but the value is something else: an error at
    // the first method, as the interpreter would have given.
    engine.register_fn(
        APPLY_TEMPLATE,
        |ctx: NativeCallContext, other: Dynamic, n: INT| {
            with_template(&ctx, n, |_, template, pos| -> Fallible<Decision> {
                Err(match template {
                    Template::Changes {
                        first_method,
                        position,
                        ..
                    } => fail(
                        format!(
                            "`{first_method}` is a method of a decision, not of a {}",
                            other.type_name()
                        ),
                        *position,
                    ),
                    Template::Decision { .. } => fail(format!("template {n} takes no value"), pos),
                })
            })
        },
    );
}

/// Runs `f` with template `n` of the running rule set. The templates are shared (`Arc`), so the
/// evaluation can be changed while one is read.
fn with_template<R>(
    ctx: &NativeCallContext,
    n: INT,
    f: impl FnOnce(&mut Evaluation, &Template, Position) -> Fallible<R>,
) -> Fallible<R> {
    let pos = ctx.call_position();
    current(pos, |e| {
        let templates = e.templates.clone();
        let template = usize::try_from(n)
            .ok()
            .and_then(|n| templates.get(n))
            .ok_or_else(|| fail(format!("no decision template {n}"), pos))?;
        f(e, template, pos)
    })
}

fn register_decision_methods(engine: &mut rhai::Engine) {
    engine.register_get("provision", |d: &mut Decision| {
        interned(catalogue::provision(d.index).id)
    });
    engine.register_get("law", |d: &mut Decision| {
        interned(catalogue::provision(d.index).law.id())
    });
    engine.register_get("route", |d: &mut Decision| {
        peek(d, |draft| draft.route.id())
    });
    engine.register_get("cost_kind", |d: &mut Decision| {
        peek(d, |draft| draft.cost.id())
    });

    engine.register_fn(
        "via",
        |ctx: NativeCallContext, d: &mut Decision, party: &str| {
            let pos = ctx.call_position();
            let declared = current(pos, |e| Ok(e.parties.iter().any(|p| p == party)))?;
            let party = match declared {
                true => Ok(Change::Party(party.to_string())),
                false => Err(format!(
                    "unknown access party `{party}`; declare it under [parties] in ruleset.toml"
                )),
            };
            change(&ctx, d, party)
        },
    );
    engine.register_fn("intake", |ctx: NativeCallContext, d: &mut Decision| {
        change(&ctx, d, Ok(Change::Intake))
    });
    engine.register_fn(
        "also_via",
        |ctx: NativeCallContext, d: &mut Decision, route: &str| {
            change(&ctx, d, Change::also_via(route))
        },
    );
    engine.register_fn(
        "free_sessions",
        |ctx: NativeCallContext, d: &mut Decision, n: INT| {
            change(&ctx, d, Change::free_sessions(n))
        },
    );
    engine.register_fn(
        "limit",
        |ctx: NativeCallContext, d: &mut Decision, nl: &str, en: &str| {
            change(&ctx, d, Ok(Change::limit(nl, en)))
        },
    );
    engine.register_fn("cost_free", |ctx: NativeCallContext, d: &mut Decision| {
        change(&ctx, d, Ok(Change::Cost(DraftCost::Free)))
    });
    engine.register_fn(
        "subscription_rate",
        |ctx: NativeCallContext, d: &mut Decision| {
            change(&ctx, d, Ok(Change::Cost(DraftCost::SubscriptionRate)))
        },
    );
    engine.register_fn(
        "cost",
        |ctx: NativeCallContext, d: &mut Decision, euros: &str, unit: &str| {
            change(&ctx, d, Change::cost(euros, unit))
        },
    );
    engine.register_fn(
        "pgb",
        |ctx: NativeCallContext, d: &mut Decision, possible: bool| {
            change(&ctx, d, Ok(Change::Pgb(possible)))
        },
    );
    engine.register_fn(
        "term_weeks",
        |ctx: NativeCallContext, d: &mut Decision, weeks: INT| {
            change(&ctx, d, Change::term_weeks(weeks))
        },
    );
    engine.register_fn(
        "basis",
        |ctx: NativeCallContext, d: &mut Decision, kind: &str, citation: &str| {
            change(&ctx, d, Change::basis(kind, citation))
        },
    );
    engine.register_fn(
        "because",
        |ctx: NativeCallContext, d: &mut Decision, rule: &str, nl: &str, en: &str| {
            let line = ctx.call_position().line().unwrap_or(0);
            change(&ctx, d, Ok(Change::because(rule, nl, en, line)))
        },
    );
    engine.register_fn(
        "assumption",
        |ctx: NativeCallContext, d: &mut Decision, text: &str| {
            change(&ctx, d, Ok(Change::Assumption(text.to_string())))
        },
    );
}

/// Reads one field of the decision behind a handle; empty when the handle is stale.
fn peek(d: &Decision, f: impl FnOnce(&Draft) -> &'static str) -> ImmutableString {
    CURRENT.with(|c| {
        c.borrow()
            .as_ref()
            .and_then(|e| e.decisions[d.index.0 as usize].as_ref())
            .map_or_else(ImmutableString::new, |draft| interned(f(draft)))
    })
}

/// The script-side string for a fixed id (provision, law, route, cost kind), shared rather than
/// allocated on every read: rules compare these in loops over every decision.
fn interned(id: &'static str) -> ImmutableString {
    thread_local! {
        static INTERNED: RefCell<HashMap<&'static str, ImmutableString>> =
            RefCell::new(HashMap::new());
    }
    INTERNED.with(|i| {
        i.borrow_mut()
            .entry(id)
            .or_insert_with(|| ImmutableString::from(id))
            .clone()
    })
}
