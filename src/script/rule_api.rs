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
use crate::script::draft::{Change, Detail, Draft, DraftCost, Full, Refusal, DECIDING_FUNCTIONS};
use crate::script::templates::Template;
use crate::situation::{
    reached_aow_age, Aid, Household, HousemateHelp, Living, Mobility, Parents, PgbWish, Situation,
};
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
    housemate_help: Option<HousemateHelp>,
    need_weeks: INT,
    household_hours_per_year: INT,
    housemate_wlz: bool,
    personal_care_guidance: bool,
    parents: Option<Parents>,
    pgb_wish: Option<PgbWish>,
    aid: Option<Aid>,
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
            income_percent: crate::social_minimum::income_percent(s).map(INT::from),
            living: s.living,
            mobility: s.mobility,
            has_informal_carer: s.has_informal_carer,
            is_informal_carer: s.is_informal_carer,
            wlz_indication: s.wlz_indication,
            urgent: s.urgent,
            housemate_help: s.housemate_help,
            need_weeks: s.need_weeks.map_or(0, INT::from),
            // Half hours a week times 52 weeks is a whole number of hours a year.
            household_hours_per_year: s
                .household_hours_per_week
                .map_or(0, |h| (h * 52.0).round() as INT),
            housemate_wlz: s.housemate_wlz,
            personal_care_guidance: s.personal_care_guidance,
            parents: s.parents,
            pgb_wish: s.pgb_wish,
            aid: s.aid,
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

    /// The asked needs, one bit each: with the relevance mask, what decides which rules run.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn needs(&self) -> u32 {
        self.needs
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
    /// What the rule functions need of the rule set now running.
    pub rule_set: Arc<RunningRuleSet>,
    /// Whether decisions keep their texts, or only what the rules and a comparison read.
    pub detail: Detail,
    /// Every fact the rules read, in order, with its value: what a comparison remembers the
    /// routes by ([`crate::script::memo`]). `None` when nobody will remember them.
    pub trace: Option<Vec<(Probe, INT)>>,
}

/// One read of the resident's facts by a rule: `resident.age`, `resident.income_at_most(130)`.
/// Given the asked needs (which decide what runs at all), the rules' outcome depends only on
/// the values of the reads they make, in order: the script has no other input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Probe {
    /// `NUMBER_FACTS[i]`.
    Number(u8),
    /// `YES_NO_FACTS[i]`, read as 0 or 1.
    YesNo(u8),
    /// `has_child_aged(min, max)`, read as 0 or 1.
    ChildAged(INT, INT),
    /// `income_at_most(percent)`, read as 0 or 1.
    IncomeAtMost(INT),
}

impl Probe {
    /// The value this read gives for `facts`, as the rules would see it.
    pub(crate) fn read(self, facts: &Facts) -> INT {
        match self {
            Probe::Number(i) => NUMBER_FACTS.get(i as usize).map_or(0, |(_, r)| r(facts)),
            Probe::YesNo(i) => {
                INT::from(YES_NO_FACTS.get(i as usize).is_some_and(|(_, r)| r(facts)))
            }
            Probe::ChildAged(min, max) => {
                INT::from(facts.children.iter().any(|a| (min..=max).contains(a)))
            }
            // False when the income is unknown: income never denies access, it only opens
            // minima schemes.
            Probe::IncomeAtMost(percent) => {
                INT::from(facts.income_percent.is_some_and(|p| p <= percent))
            }
        }
    }
}

/// What the rule functions need of a compiled rule set while its script runs.
#[derive(Debug)]
pub(crate) struct RunningRuleSet {
    /// The party ids the rule set declared.
    pub parties: Vec<String>,
    /// The rule file, for reason sources.
    pub file: String,
    /// The chains of literals, built at compile time ([`crate::script::templates`]).
    pub templates: Vec<Template>,
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

/// Switches the running rule set between the municipal script and the baseline.
pub(crate) fn switch_rule_set(rule_set: Arc<RunningRuleSet>) {
    CURRENT.with(|c| {
        if let Some(e) = c.borrow_mut().as_mut() {
            e.rule_set = rule_set;
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

/// A trace longer than this (a loop reading facts) is dropped: following it in a memo would cost
/// about what running the script does.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const MAX_TRACE: usize = 256;

/// Writes a read into the trace, if one is kept; a trace that grows past [`MAX_TRACE`] is dropped.
#[cfg(not(target_arch = "wasm32"))]
fn keep_in_trace(trace: &mut Option<Vec<(Probe, INT)>>, probe: Probe, value: INT) {
    match trace {
        Some(reads) if reads.len() < MAX_TRACE => reads.push((probe, value)),
        Some(_) => *trace = None,
        None => {}
    }
}

/// A rule reads a fact: its value, written down in the trace when one is kept.
fn read(probe: Probe) -> INT {
    CURRENT.with(|c| match c.borrow_mut().as_mut() {
        Some(e) => {
            let value = probe.read(&e.facts);
            #[cfg(not(target_arch = "wasm32"))]
            keep_in_trace(&mut e.trace, probe, value);
            value
        }
        None => 0,
    })
}

fn fail(message: impl Into<String>, pos: Position) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(message.into()),
        pos,
    ))
}

/// A decision's list grew beyond [`MAX_DECISION_ITEMS`](crate::script::limits::MAX_DECISION_ITEMS):
/// a data size error, which the sandbox reports as the limit `data_size` with that bound.
fn too_large(full: Full, pos: Position) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorDataTooLarge(full.what(), pos))
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
        let applied = match e.detail {
            Detail::Full => change.apply(draft, &e.rule_set.file),
            Detail::RoutesOnly => change.apply_blank(draft),
        };
        applied.map_err(|full| too_large(full, pos))?;
        Ok(*d)
    })
}

/// Registers the resident, the decision functions and their methods.
pub(crate) fn register(engine: &mut rhai::Engine) {
    register_resident(engine);
    register_decisions(engine);
    register_decision_methods(engine);
}

/// A readable property: its name and how to read it.
type Property<Of, T> = (&'static str, fn(&Of) -> T);

/// `resident.<name>` for the facts that are numbers.
const NUMBER_FACTS: [Property<Facts, INT>; 6] = [
    ("age", |f| f.age),
    ("year", |f| f.year),
    ("household_size", |f| f.household_size),
    ("children_count", |f| f.children.len() as INT),
    // How many weeks a temporary need lasts; 0 when it lasts or is not known.
    ("need_weeks", |f| f.need_weeks),
    // Hours of household help a year the resident expects to need (the weekly hours times 52);
    // 0 when not known.
    ("household_hours_per_year", |f| f.household_hours_per_year),
];

/// `resident.<name>` for the facts that are yes or no.
const YES_NO_FACTS: [Property<Facts, bool>; 26] = [
    ("lives_alone", |f| f.household == Household::Alone),
    ("has_partner", |f| f.has_partner()),
    ("is_single_parent", |f| {
        f.household == Household::SingleParent
    }),
    ("has_children", |f| !f.children.is_empty()),
    // Someone the Jeugdwet is for: the resident is under 18, or lives with a child under 18.
    ("youth_in_household", |f| {
        f.age < 18 || f.children.iter().any(|a| *a < 18)
    }),
    ("in_institution", |f| f.living == Living::Institution),
    ("walks_with_difficulty", |f| {
        f.mobility == Mobility::WalksWithDifficulty
    }),
    ("wheelchair_user", |f| {
        f.mobility == Mobility::WheelchairUser
    }),
    ("has_informal_carer", |f| f.has_informal_carer),
    ("is_informal_carer", |f| f.is_informal_carer),
    ("wlz_indication", |f| f.wlz_indication),
    ("urgent", |f| f.urgent),
    ("income_known", |f| f.income_percent.is_some()),
    ("reached_aow_age", |f| f.reached_aow_age),
    ("partner_reached_aow_age", |f| f.partner_reached_aow_age),
    // Gebruikelijke hulp: an adult housemate can do the household tasks, or does them but is
    // overburdened. Both false when nobody that age lives with the resident or it is not known.
    ("housemate_can_help", |f| {
        f.housemate_help == Some(HousemateHelp::CanHelp)
    }),
    ("housemate_overburdened", |f| {
        f.housemate_help == Some(HousemateHelp::Overburdened)
    }),
    // An adult housemate gets care under the Wlz.
    ("housemate_wlz", |f| f.housemate_wlz),
    // An adult who can wash and dress but needs guidance to get round to it (Wmo, not Zvw).
    ("personal_care_guidance", |f| f.personal_care_guidance),
    // A resident under 18 whose parents live together (at least one below AOW age), or who has
    // one parent. Both false for an adult or when not known.
    ("parents_together", |f| f.parents == Some(Parents::Together)),
    ("parents_single", |f| f.parents == Some(Parents::Single)),
    // The resident wants a personal budget (whoever would manage it), or wants one but nobody can
    // manage it. Both false when not known or when help in kind is wanted.
    ("wants_pgb", |f| {
        matches!(
            f.pgb_wish,
            Some(PgbWish::ManageMyself | PgbWish::ManageWithHelp | PgbWish::CannotManage)
        )
    }),
    ("cannot_manage_pgb", |f| {
        f.pgb_wish == Some(PgbWish::CannotManage)
    }),
    // Which kind of aid is asked about; all three false when not known.
    ("aid_everyday", |f| f.aid == Some(Aid::Everyday)),
    ("aid_small", |f| f.aid == Some(Aid::Small)),
    ("aid_special", |f| f.aid == Some(Aid::Special)),
];

/// The resident's methods (`resident.income_at_most(130)`).
pub(crate) const RESIDENT_METHODS: [&str; 2] = ["has_child_aged", "income_at_most"];

/// Every function and method the rule API offers by name, for "did you mean" on a misspelt one
/// (a unit test checks that each is registered).
#[cfg(any(not(target_arch = "wasm32"), feature = "comparisons"))]
pub(crate) const FUNCTION_NAMES: [&str; 23] = [
    "open_access",
    "decision_required",
    "not_offered",
    "elsewhere",
    "amend",
    "decided",
    "decisions",
    "asks",
    "via",
    "pgb",
    "because",
    "intake",
    "cost_free",
    "cost_unknown",
    "subscription_rate",
    "also_via",
    "assumption",
    "free_sessions",
    "term_weeks",
    "limit",
    "at_most",
    "cost",
    "basis",
];

/// The index of the number fact `resident.<name>` ([`Probe::Number`]).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn number_fact(name: &str) -> Option<usize> {
    NUMBER_FACTS.iter().position(|(fact, _)| *fact == name)
}

/// How many number facts there are.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn number_fact_count() -> usize {
    NUMBER_FACTS.len()
}

/// Every `resident.<name>` a script can read: the number and the yes/no facts.
pub(crate) fn resident_facts() -> impl Iterator<Item = &'static str> + Clone {
    let numbers = NUMBER_FACTS.iter().map(|(name, _)| *name);
    numbers.chain(YES_NO_FACTS.iter().map(|(name, _)| *name))
}

fn register_resident(engine: &mut rhai::Engine) {
    engine.register_type_with_name::<Resident>("Resident");
    // One closure type per value type, reading through a plain function: each closure type would
    // add its own copy of Rhai's calling code to the wasm module.
    for (i, (name, _)) in (0..).zip(NUMBER_FACTS) {
        engine.register_get(name, move |_: &mut Resident| read(Probe::Number(i)));
    }
    for (i, (name, _)) in (0..).zip(YES_NO_FACTS) {
        engine.register_get(name, move |_: &mut Resident| read(Probe::YesNo(i)) != 0);
    }
    engine.register_fn("has_child_aged", |_: &mut Resident, min: INT, max: INT| {
        read(Probe::ChildAged(min, max)) != 0
    });
    engine.register_fn("income_at_most", |_: &mut Resident, percent: INT| {
        read(Probe::IncomeAtMost(percent)) != 0
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
        crate::script::slicing::RELEVANT_ONLY,
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
                                    crate::script::slicing::RELEVANT_ONLY
                                ),
                                pos,
                            ))
                        }
                    };
                    if e.facts.relevant & (1 << index.0) != 0
                        || crate::script::switches::running_everything()
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

/// The calls chains of literals are folded into ([`crate::script::templates`]).
fn register_templates(engine: &mut rhai::Engine) {
    use crate::script::templates::APPLY_TEMPLATE;
    engine.register_fn(APPLY_TEMPLATE, |ctx: NativeCallContext, n: INT| {
        with_template(&ctx, n, |e, template, pos| match template {
            Template::Decision {
                index,
                draft,
                blank,
            } => {
                let chosen = match e.detail {
                    Detail::Full => draft,
                    Detail::RoutesOnly => blank,
                };
                Ok(place(e, *index, || Draft::clone(chosen)))
            }
            Template::Changes { .. } => Err(fail(format!("template {n} needs a decision"), pos)),
        })
    });
    // With a handle: the chain's changes to that decision. A value that is no decision is an
    // error at the chain's first method, as the interpreter would have given.
    engine.register_fn(
        APPLY_TEMPLATE,
        |ctx: NativeCallContext, handle: Dynamic, n: INT| {
            with_template(&ctx, n, |e, template, pos| {
                let Template::Changes {
                    changes,
                    first_method,
                    position,
                } = template
                else {
                    return Err(fail(format!("template {n} is a whole decision"), pos));
                };
                let Some(d) = handle.clone().try_cast::<Decision>() else {
                    let message = format!(
                        "`{first_method}` is a method of a decision, not of a {}",
                        handle.type_name()
                    );
                    return Err(fail(message, *position));
                };
                if d.live {
                    let draft = e.decisions[d.index.0 as usize]
                        .as_mut()
                        .ok_or_else(|| fail("this decision was removed", pos))?;
                    for change in changes {
                        change
                            .apply_at(e.detail, draft, &e.rule_set.file)
                            .map_err(|full| too_large(full, pos))?;
                    }
                }
                Ok(d)
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
        let rule_set = e.rule_set.clone();
        let template = usize::try_from(n)
            .ok()
            .and_then(|n| rule_set.templates.get(n))
            .ok_or_else(|| fail(format!("no decision template {n}"), pos))?;
        f(e, template, pos)
    })
}

/// `d.<name>`: what a rule may read of a decision.
const DECISION_FACTS: [Property<Decision, ImmutableString>; 4] = [
    ("provision", |d| interned(catalogue::provision(d.index).id)),
    ("law", |d| interned(catalogue::provision(d.index).law.id())),
    ("route", |d| peek(d, |draft| draft.route.id())),
    ("cost_kind", |d| peek(d, |draft| draft.cost.id())),
];

/// A decision method's name and how it makes its change from its arguments. The methods are
/// grouped by their arguments: one closure type per group keeps the wasm module small (see
/// `register_resident`).
type Method<Make> = (&'static str, Make);
type Checked = Result<Change, Refusal>;
type TextMethod = Method<fn(&str) -> Checked>;
type CountMethod = Method<fn(INT) -> Checked>;
type TwoTextMethod = Method<fn(&str, &str) -> Checked>;

const PLAIN_METHODS: [Method<fn() -> Change>; 4] = [
    ("intake", || Change::Intake),
    ("cost_free", || Change::Cost(DraftCost::Free)),
    ("cost_unknown", || Change::Cost(DraftCost::Unknown)),
    ("subscription_rate", || {
        Change::Cost(DraftCost::SubscriptionRate)
    }),
];
const TEXT_METHODS: [TextMethod; 2] = [
    ("also_via", Change::also_via),
    ("assumption", |text| {
        Ok(Change::Assumption(text.to_string()))
    }),
];
const COUNT_METHODS: [CountMethod; 2] = [
    ("free_sessions", Change::free_sessions),
    ("term_weeks", Change::term_weeks),
];
const TWO_TEXT_METHODS: [TwoTextMethod; 4] = [
    ("limit", |nl, en| Ok(Change::limit(nl, en))),
    // A limit as a number and its unit: `.at_most("72", "hours_per_year")`.
    ("at_most", Change::at_most),
    // Amounts are decimal strings ("2.50"): exact cents, no floating point.
    ("cost", Change::cost),
    ("basis", Change::basis),
];

fn register_decision_methods(engine: &mut rhai::Engine) {
    for (name, read) in DECISION_FACTS {
        engine.register_get(name, move |d: &mut Decision| read(d));
    }
    for (name, make) in PLAIN_METHODS {
        engine.register_fn(name, move |ctx: NativeCallContext, d: &mut Decision| {
            change(&ctx, d, Ok(make()))
        });
    }
    for (name, make) in TEXT_METHODS {
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, d: &mut Decision, text: &str| change(&ctx, d, make(text)),
        );
    }
    for (name, make) in COUNT_METHODS {
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, d: &mut Decision, n: INT| change(&ctx, d, make(n)),
        );
    }
    for (name, make) in TWO_TEXT_METHODS {
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, d: &mut Decision, a: &str, b: &str| {
                change(&ctx, d, make(a, b))
            },
        );
    }
    engine.register_fn(
        "via",
        |ctx: NativeCallContext, d: &mut Decision, party: &str| {
            let pos = ctx.call_position();
            let declared = current(pos, |e| Ok(e.rule_set.parties.iter().any(|p| p == party)))?;
            let party = match declared {
                true => Ok(Change::Party(party.to_string())),
                false => Err(format!(
                    "unknown access party `{party}`; declare it under [parties] in ruleset.toml"
                )),
            };
            change(&ctx, d, party)
        },
    );
    engine.register_fn(
        "pgb",
        |ctx: NativeCallContext, d: &mut Decision, possible: bool| {
            change(&ctx, d, Ok(Change::Pgb(possible)))
        },
    );
    engine.register_fn(
        "because",
        |ctx: NativeCallContext, d: &mut Decision, rule: &str, nl: &str, en: &str| {
            let line = ctx.call_position().line().unwrap_or(0);
            change(&ctx, d, Ok(Change::because(rule, nl, en, line)))
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

#[cfg(test)]
mod tests {
    #[test]
    fn every_function_name_offered_for_a_guess_is_one_a_script_can_call() {
        let reachable = crate::script::sandbox::engine().collect_fn_metadata(
            None,
            |f| Some(f.metadata.name.to_string()),
            true,
        );
        for name in super::FUNCTION_NAMES {
            assert!(reachable.iter().any(|r| r == name), "{name}");
        }
    }
}
