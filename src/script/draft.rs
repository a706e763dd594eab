//! A decision under construction, and the changes a rule's method chain makes to it.
//!
//! Every decision method (`.via("cjg")`, `.cost("2.50", "hour")`, `.because(…)`) is one [`Change`]:
//! its arguments are checked when the change is made, then it is applied to the [`Draft`]. The
//! interpreter makes changes as the script runs; [`crate::script::templates`] makes the same changes once,
//! at compile time, for chains whose arguments are all literals. One definition serves both, so a
//! folded chain cannot drift from an interpreted one.

use crate::advice::{BasisKind, Cap, CapUnit, LegalBasis, Reason, Route, Unit};
use crate::catalogue::{OtherRoute, Text};
use crate::script::limits::MAX_DECISION_ITEMS;
use rhai::INT;

/// A decision under construction.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub route: Route,
    pub party: Option<String>,
    pub intake: bool,
    pub elsewhere: Option<OtherRoute>,
    pub also_via: Vec<OtherRoute>,
    pub cost: DraftCost,
    pub pgb: Option<bool>,
    pub free_sessions: Option<u32>,
    pub caps: Vec<Cap>,
    pub limits: Vec<Text>,
    pub term_weeks: Option<u32>,
    pub basis: Vec<LegalBasis>,
    pub reasons: Vec<Reason>,
    pub assumptions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DraftCost {
    Unset,
    /// Known not to be known here: the municipality or the CAK sets it (`.cost_unknown()`), so the
    /// baseline gives no default.
    Unknown,
    Free,
    SubscriptionRate,
    Amount {
        cents: u32,
        unit: Unit,
    },
}

impl DraftCost {
    pub fn id(self) -> &'static str {
        match self {
            DraftCost::Unset => "unset",
            DraftCost::Unknown => "unknown",
            DraftCost::Free => "none",
            DraftCost::SubscriptionRate => "subscription_rate",
            DraftCost::Amount { .. } => "amount",
        }
    }
}

/// How much of each decision an evaluation keeps. A rule can read a decision's route and cost
/// kind, never its texts, so a comparison (which needs only the routes) keeps blank items in
/// place of limits, bases, reasons and assumptions: no text is copied, and every list still grows
/// by one item per method, so a full list stops the script at the same method as in an advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    Full,
    RoutesOnly,
}

impl Draft {
    /// This draft as a routes-only evaluation keeps it: the same lists, with blank items.
    pub fn blanked(&self) -> Draft {
        Draft {
            party: self.party.clone(),
            also_via: self.also_via.clone(),
            caps: self.caps.clone(),
            limits: self.limits.iter().map(|_| blank_text()).collect(),
            basis: self.basis.iter().map(|b| blank_basis(b.kind)).collect(),
            reasons: self.reasons.iter().map(|_| blank_reason()).collect(),
            assumptions: self.assumptions.iter().map(|_| String::new()).collect(),
            ..*self
        }
    }

    pub fn new(route: Route) -> Draft {
        Draft {
            route,
            party: None,
            intake: false,
            elsewhere: None,
            also_via: Vec::new(),
            cost: DraftCost::Unset,
            pgb: None,
            free_sessions: None,
            caps: Vec::new(),
            limits: Vec::new(),
            term_weeks: None,
            basis: Vec::new(),
            reasons: Vec::new(),
            assumptions: Vec::new(),
        }
    }
}

/// The functions that start a decision from a provision id alone, and the route they decide.
/// (`elsewhere` takes the other route as well.)
pub(crate) const DECIDING_FUNCTIONS: [(&str, Route); 3] = [
    ("open_access", Route::OpenAccess),
    ("decision_required", Route::DecisionRequired),
    ("not_offered", Route::NotOffered),
];

/// One decision method's effect, its arguments already checked.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    Party(String),
    Intake,
    AlsoVia(OtherRoute),
    FreeSessions(u32),
    Cap(Cap),
    Limit(Text),
    Cost(DraftCost),
    Pgb(bool),
    TermWeeks(u32),
    Basis(LegalBasis),
    /// A reason, with the line of its `.because(…)`; the rule file is added when applied.
    Reason {
        rule: String,
        text: Text,
        line: usize,
    },
    Assumption(String),
}

fn blank_text() -> Text {
    Text {
        nl: String::new(),
        en: String::new(),
    }
}

fn blank_basis(kind: BasisKind) -> LegalBasis {
    LegalBasis {
        kind,
        citation: String::new(),
        sources: Vec::new(),
    }
}

fn blank_reason() -> Reason {
    Reason {
        rule: String::new(),
        text: blank_text(),
        source: String::new(),
    }
}

/// Why a method's arguments were refused: the message a rule author sees.
pub(crate) type Refusal = String;

impl Change {
    pub fn also_via(route: &str) -> Result<Change, Refusal> {
        OtherRoute::from_id(route)
            .map(Change::AlsoVia)
            .ok_or_else(|| format!("unknown other route `{route}`"))
    }

    pub fn free_sessions(n: INT) -> Result<Change, Refusal> {
        non_negative(n, "free_sessions").map(Change::FreeSessions)
    }

    pub fn term_weeks(weeks: INT) -> Result<Change, Refusal> {
        non_negative(weeks, "term_weeks").map(Change::TermWeeks)
    }

    /// A limit as a number: `.at_most("72", "hours_per_year")`. The amount is a string, like a
    /// cost's, so the method shares its argument types with the other two-text methods.
    pub fn at_most(amount: &str, unit: &str) -> Result<Change, Refusal> {
        let unit = CapUnit::from_id(unit).ok_or_else(|| bad_cap_unit_message(unit))?;
        let amount = parse_cap_amount(amount).ok_or_else(|| bad_cap_amount_message(amount))?;
        Ok(Change::Cap(Cap { amount, unit }))
    }

    pub fn limit(nl: &str, en: &str) -> Change {
        Change::Limit(Text::new(nl, en))
    }

    /// Amounts are decimal strings ("2.50"): exact cents, no floating point.
    pub fn cost(euros: &str, unit: &str) -> Result<Change, Refusal> {
        let unit = Unit::from_id(unit).ok_or_else(|| {
            let known = Unit::ids().collect::<Vec<_>>().join(", ");
            format!("unknown cost unit `{unit}`; use one of {known}")
        })?;
        let cents = parse_cents(euros).ok_or_else(|| bad_amount_message(euros))?;
        Ok(Change::Cost(DraftCost::Amount { cents, unit }))
    }

    pub fn basis(kind: &str, citation: &str) -> Result<Change, Refusal> {
        let kind = BasisKind::from_id(kind).ok_or_else(|| {
            format!(
                "unknown basis kind `{kind}`; use one of {}",
                BasisKind::IDS.join(", ")
            )
        })?;
        Ok(Change::Basis(LegalBasis {
            kind,
            citation: citation.to_string(),
            sources: Vec::new(),
        }))
    }

    pub fn because(rule: &str, nl: &str, en: &str, line: usize) -> Change {
        Change::Reason {
            rule: rule.to_string(),
            text: Text::new(nl, en),
            line,
        }
    }

    /// Applies the change at the given detail: in full, or with blank texts ([`Detail`]).
    pub fn apply_at(&self, detail: Detail, draft: &mut Draft, file: &str) -> Result<(), Full> {
        match detail {
            Detail::Full => self.clone().apply(draft, file),
            Detail::RoutesOnly => self.apply_blank(draft),
        }
    }

    /// Applies the change with blank texts, so that nothing is copied but the list still grows.
    pub fn apply_blank(&self, draft: &mut Draft) -> Result<(), Full> {
        let blank = match self {
            Change::Limit(_) => Change::Limit(blank_text()),
            Change::Basis(b) => Change::Basis(blank_basis(b.kind)),
            Change::Reason { .. } => {
                return push(&mut draft.reasons, "reasons", blank_reason());
            }
            Change::Assumption(_) => Change::Assumption(String::new()),
            other => other.clone(),
        };
        blank.apply(draft, "")
    }

    /// Applies the change; `file` is the rule file now running, for reason sources. A change that
    /// would add an entry to a list already holding [`MAX_DECISION_ITEMS`] is refused with what
    /// is full (`"Number of reasons of a decision"`), and the decision stays as it was.
    pub fn apply(self, draft: &mut Draft, file: &str) -> Result<(), Full> {
        let full = |list: &'static str, len: usize| match len < MAX_DECISION_ITEMS {
            true => Ok(()),
            false => Err(Full(list)),
        };
        match &self {
            Change::Limit(_) => full("limits", draft.limits.len())?,
            Change::Basis(_) => full("legal bases", draft.basis.len())?,
            Change::Reason { .. } => full("reasons", draft.reasons.len())?,
            Change::Assumption(_) => full("assumptions", draft.assumptions.len())?,
            _ => {}
        }
        match self {
            Change::Party(party) => draft.party = Some(party),
            Change::Intake => draft.intake = true,
            Change::AlsoVia(route) => {
                if !draft.also_via.contains(&route) {
                    draft.also_via.push(route);
                }
            }
            Change::FreeSessions(n) => draft.free_sessions = Some(n),
            // A second cap in the same unit replaces the first, as a later decision does.
            Change::Cap(cap) => {
                draft.caps.retain(|c| c.unit != cap.unit);
                draft.caps.push(cap);
            }
            Change::Limit(text) => draft.limits.push(text),
            Change::Cost(cost) => draft.cost = cost,
            Change::Pgb(possible) => draft.pgb = Some(possible),
            Change::TermWeeks(weeks) => draft.term_weeks = Some(weeks),
            Change::Basis(basis) => draft.basis.push(basis),
            Change::Reason { rule, text, line } => draft.reasons.push(Reason {
                rule,
                text,
                source: format!("{file}:{line}"),
            }),
            Change::Assumption(text) => draft.assumptions.push(text),
        }
        Ok(())
    }
}

/// What a full list of a decision is called in the error, after `Number of …`; the sandbox maps an
/// error that names it to the limit [`MAX_DECISION_ITEMS`].
pub(crate) const OF_A_DECISION: &str = "of a decision";

/// A change refused because the list it adds to is full: the list's name (`reasons`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Full(pub &'static str);

fn push<T>(list: &mut Vec<T>, name: &'static str, item: T) -> Result<(), Full> {
    if list.len() >= MAX_DECISION_ITEMS {
        return Err(Full(name));
    }
    list.push(item);
    Ok(())
}

impl Full {
    /// What grew too far, as Rhai names a data size (`Number of reasons of a decision`).
    pub fn what(self) -> String {
        format!("Number of {} {OF_A_DECISION}", self.0)
    }
}

fn non_negative(n: INT, what: &str) -> Result<u32, Refusal> {
    u32::try_from(n).map_err(|_| negative_message(n, what))
}

pub(crate) fn negative_message(n: INT, what: &str) -> String {
    format!("{what} must be 0 or more, not {n}")
}

pub(crate) fn bad_cap_unit_message(unit: &str) -> String {
    let known = CapUnit::ids().collect::<Vec<_>>().join(", ");
    format!("unknown unit `{unit}` for at_most; use one of {known}")
}

pub(crate) fn bad_cap_amount_message(amount: &str) -> String {
    format!("at_most \"{amount}\": write a whole number from 1 to 100000, like \"72\"")
}

/// "72" → 72; a whole number from 1 to 100000.
pub(crate) fn parse_cap_amount(amount: &str) -> Option<u32> {
    let amount = amount.trim();
    if amount.is_empty() || !amount.bytes().all(|b| b.is_ascii_digit()) || amount.len() > 6 {
        return None;
    }
    amount.parse().ok().filter(|n| (1..=100_000).contains(n))
}

pub(crate) fn bad_amount_message(euros: &str) -> String {
    format!("cost \"{euros}\": write an amount in euros like \"2.50\" (0 to 100000)")
}

/// "2.5" → 250, "12" → 1200, "0.05" → 5; at most two decimals and at most 100000 euros.
pub(crate) fn parse_cents(euros: &str) -> Option<u32> {
    let euros = euros.trim();
    let (whole, fraction) = euros.split_once('.').unwrap_or((euros, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || fraction.len() > 2 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole: u32 = whole.parse().ok().filter(|w| *w <= 100_000)?;
    let fraction: u32 = format!("{fraction:0<2}").parse().ok()?;
    Some(whole * 100 + fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_cents() {
        assert_eq!(parse_cents("2.50"), Some(250));
        assert_eq!(parse_cents("2.5"), Some(250));
        assert_eq!(parse_cents("12"), Some(1200));
        assert_eq!(parse_cents("0.05"), Some(5));
        assert_eq!(parse_cents("1.234"), None);
        assert_eq!(parse_cents("-1"), None);
        assert_eq!(parse_cents("abc"), None);
        assert_eq!(parse_cents("100001"), None);
    }

    #[test]
    fn changes_check_their_arguments() {
        assert!(Change::free_sessions(-1).is_err());
        assert!(Change::cost("2.50", "fortnight").is_err());
        assert!(Change::basis("rumour", "x").is_err());
        assert!(Change::also_via("nowhere").is_err());
    }

    #[test]
    fn a_route_offered_twice_is_listed_once() {
        let mut draft = Draft::new(Route::OpenAccess);
        for _ in 0..2 {
            Change::also_via("zvw")
                .unwrap()
                .apply(&mut draft, "r.rhai")
                .unwrap();
        }
        assert_eq!(draft.also_via.len(), 1);
    }

    #[test]
    fn a_full_list_refuses_one_more_and_stays_as_it_was() {
        let mut draft = Draft::new(Route::OpenAccess);
        for _ in 0..MAX_DECISION_ITEMS {
            Change::because("r", "nl", "en", 1)
                .apply(&mut draft, "r.rhai")
                .unwrap();
        }
        let refused = Change::because("r", "nl", "en", 2).apply(&mut draft, "r.rhai");
        assert_eq!(refused, Err(Full("reasons")));
        assert_eq!(draft.reasons.len(), MAX_DECISION_ITEMS);
        // The other lists have room of their own.
        Change::limit("nl", "en")
            .apply(&mut draft, "r.rhai")
            .unwrap();
    }

    #[test]
    fn a_routes_only_evaluation_keeps_no_text_but_fills_its_lists_alike() {
        let mut full = Draft::new(Route::OpenAccess);
        let mut blank = Draft::new(Route::OpenAccess);
        let because = Change::because("r", "nl", "en", 1);
        for _ in 0..MAX_DECISION_ITEMS {
            because.apply_at(Detail::Full, &mut full, "r.rhai").unwrap();
            because
                .apply_at(Detail::RoutesOnly, &mut blank, "r.rhai")
                .unwrap();
        }
        assert_eq!(blank.reasons.len(), full.reasons.len());
        assert!(blank
            .reasons
            .iter()
            .all(|r| r.text.nl.is_empty() && r.source.is_empty()));
        assert_eq!(
            because.apply_at(Detail::RoutesOnly, &mut blank, "r.rhai"),
            Err(Full("reasons"))
        );
        let cost = Change::cost("2.50", "hour").unwrap();
        cost.apply_at(Detail::RoutesOnly, &mut blank, "r.rhai")
            .unwrap();
        assert_eq!(blank.cost.id(), "amount");
        assert_eq!(full.blanked().reasons.len(), MAX_DECISION_ITEMS);
    }
}
