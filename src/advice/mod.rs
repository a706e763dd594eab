//! The answer: per relevant provision a route, where to go, cost, PGB, limits, the decision
//! procedure and the reasons, in B1 Dutch and English.
//!
//! Everything here is plain data with a fixed field order and no hash maps, so the same situation
//! and rule set give the same JSON byte for byte.

pub mod table;

use crate::catalogue::{Law, Need, OtherRoute, Text};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// An algemene voorziening: walk in, no beschikking.
    OpenAccess,
    /// A maatwerkvoorziening: melding, conversation, aanvraag, beschikking.
    DecisionRequired,
    /// The municipality does not offer this.
    NotOffered,
    /// Another law or provider goes first.
    Elsewhere,
}

impl Route {
    pub const ALL: [Route; 4] = [
        Route::OpenAccess,
        Route::DecisionRequired,
        Route::NotOffered,
        Route::Elsewhere,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Route::OpenAccess => "open_access",
            Route::DecisionRequired => "decision_required",
            Route::NotOffered => "not_offered",
            Route::Elsewhere => "elsewhere",
        }
    }

    pub fn from_id(id: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.id() == id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Advice {
    pub municipality: MunicipalityRef,
    /// The municipal rule set that gave this advice: with `baseline` and `engine_version`, what a
    /// case system records to know exactly which rules gave which advice.
    pub rule_set: RuleSetRef,
    pub baseline: RuleSetRef,
    /// The version of toegang that evaluated the rules.
    pub engine_version: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub reference_date: NaiveDate,
    /// Whether the municipality's own rules gave this advice, or only the national frame.
    pub coverage: Coverage,
    /// Whether the reference date lies in the period the rules were checked for.
    pub validity: Validity,
    /// What to know about this advice as a whole (rules beyond their checked period, only the
    /// national frame, an amount not yet known), in B1 Dutch and English. Show these first.
    pub notices: Vec<Notice>,
    /// One entry per provision that serves an asked need, in catalogue order.
    pub provisions: Vec<ProvisionAdvice>,
    /// Asked needs for which the rule set gives no provision.
    pub unmet_needs: Vec<UnmetNeed>,
    /// The right to free, independent client support (Wmo 2015 art. 2.2.4), always present.
    pub client_support: ClientSupport,
    pub disclaimer: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct MunicipalityRef {
    pub id: String,
    pub name: String,
    pub cbs_code: String,
    /// From the national municipality table; absent for a draft's own municipality.
    pub province: Option<String>,
}

/// Which rules answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The municipality's own rule set (with the national frame after it).
    Municipal,
    /// Only the national frame: toegang has no rules of this municipality for this date. It says
    /// what holds everywhere and never guesses which help the municipality offers without a decision.
    NationalFrame,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Validity {
    pub status: ValidityStatus,
    /// The last day the rules that answered were checked for (their `valid_to`); none: open-ended.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub checked_until: Option<NaiveDate>,
    /// When those rules were last checked against their sources.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub checked_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ValidityStatus {
    /// The reference date lies in the period the rules were checked for.
    WithinCheckedPeriod,
    /// The reference date lies after it: the latest rules answered, and may have changed since.
    BeyondCheckedPeriod,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Notice {
    pub code: NoticeCode,
    pub text: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum NoticeCode {
    /// The rules were checked up to a date before the reference date.
    BeyondCheckedPeriod,
    /// Only the national frame answered.
    NationalFrame,
    /// The municipality's rules start after the reference date, so only the national frame answered.
    BeforeFirstVersion,
    /// An amount of the reference year is not yet known (the Wmo subscription rate, say).
    AmountNotYetKnown,
    /// Several provisions name the subscription rate: a household pays it once, not per
    /// provision.
    SubscriptionRateOncePerHousehold,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RuleSetRef {
    pub id: String,
    pub version: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub valid_from: NaiveDate,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub valid_to: Option<NaiveDate>,
    /// `sha256:` and the hex digest of the rule set's metadata and script.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ProvisionAdvice {
    pub provision: String,
    pub name: Text,
    pub law: Law,
    /// The asked needs this provision serves.
    pub needs: Vec<Need>,
    pub route: Route,
    /// Where to go, for open access and decisions.
    pub access: Option<Access>,
    /// The law or provider that goes first, for `elsewhere`.
    pub elsewhere: Option<OtherRouteInfo>,
    /// Other doors to the same help (e.g. a GP referral for youth help).
    pub also_via: Vec<OtherRouteInfo>,
    pub cost: Cost,
    /// Whether a personal budget (PGB) is possible instead of help in kind.
    pub pgb_possible: bool,
    pub free_sessions: Option<u32>,
    pub limits: Vec<Text>,
    /// The formal procedure, for `decision_required`.
    pub decision: Option<DecisionProcedure>,
    pub legal_basis: Vec<LegalBasis>,
    /// Which rules fired, in the order they fired.
    pub reasons: Vec<Reason>,
    /// Where a rule rests on an assumption rather than a published source, what was assumed.
    pub assumptions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Access {
    pub party: String,
    pub name: String,
    pub kind: PartyKind,
    pub phone: Option<String>,
    pub web: Option<String>,
    pub email: Option<String>,
    /// A short intake by phone or at the provider comes first, without a beschikking.
    pub intake: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Municipality,
    Wijkteam,
    Cjg,
    SocialWork,
    Welfare,
    Loket,
    Provider,
    ClientSupport,
    CentralMunicipality,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct OtherRouteInfo {
    pub id: OtherRoute,
    pub description: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cost {
    /// Free of charge.
    None,
    /// The national Wmo subscription rate (abonnementstarief), per household.
    SubscriptionRate {
        amount_cents: u32,
        period: Period,
        year: i32,
    },
    /// The Wmo subscription rate of a year whose amount is not yet known; the last known amount is
    /// shown as such, never carried over as this year's.
    SubscriptionRateNotYetKnown {
        year: i32,
        last_known: Option<YearAmount>,
    },
    /// A fixed amount, e.g. a fare per ride or a price per hour.
    Amount { amount_cents: u32, unit: Unit },
    /// The rule set does not say; ask the access party.
    Unknown,
}

/// An amount of a given year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct YearAmount {
    pub year: i32,
    pub amount_cents: u32,
    pub period: Period,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    FourWeeks,
}

/// Units an amount can be charged per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Hour,
    Ride,
    Zone,
    Km,
    DayPart,
    Day,
    Meal,
    Month,
    Year,
    Once,
}

impl Unit {
    const ALL: [(Unit, &'static str); 10] = [
        (Unit::Hour, "hour"),
        (Unit::Ride, "ride"),
        (Unit::Zone, "zone"),
        (Unit::Km, "km"),
        (Unit::DayPart, "day_part"),
        (Unit::Day, "day"),
        (Unit::Meal, "meal"),
        (Unit::Month, "month"),
        (Unit::Year, "year"),
        (Unit::Once, "once"),
    ];

    pub fn ids() -> impl Iterator<Item = &'static str> + Clone {
        Self::ALL.iter().map(|(_, id)| *id)
    }

    pub fn from_id(id: &str) -> Option<Unit> {
        Self::ALL.iter().find(|(_, i)| *i == id).map(|(u, _)| *u)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DecisionProcedure {
    /// The legal term from melding to decision, in weeks.
    pub term_weeks: u32,
    /// Weeks to object (bezwaar) after the decision.
    pub objection_weeks: u32,
    /// Shared with the baseline's procedure: the same steps for every decision of a law.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ProcedureStep[]"))]
    pub steps: Arc<[ProcedureStep]>,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ProcedureStep {
    pub step: String,
    pub text: Text,
    pub within: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    /// National law.
    Law,
    /// The municipal verordening.
    Verordening,
    /// Beleidsregels of the college.
    Beleidsregel,
    /// Published practice (a municipal page, a sociale kaart).
    Practice,
}

impl BasisKind {
    pub const IDS: &'static [&'static str] = &["law", "verordening", "beleidsregel", "practice"];

    pub fn from_id(id: &str) -> Option<BasisKind> {
        [
            BasisKind::Law,
            BasisKind::Verordening,
            BasisKind::Beleidsregel,
            BasisKind::Practice,
        ]
        .into_iter()
        .zip(Self::IDS)
        .find(|(_, i)| **i == id)
        .map(|(k, _)| k)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LegalBasis {
    pub kind: BasisKind,
    pub citation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Reason {
    /// The name of the rule that fired.
    pub rule: String,
    pub text: Text,
    /// Where the rule stands: rule file and line.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct UnmetNeed {
    pub need: Need,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ClientSupport {
    pub free: bool,
    pub access: Option<Access>,
    pub text: Text,
    pub basis: String,
}
