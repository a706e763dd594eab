//! The answer: per relevant provision a route, where to go, cost, PGB, limits, the decision
//! procedure and the reasons, in B1 Dutch and English.
//!
//! Everything here is plain data with a fixed field order and no hash maps, so the same situation
//! and rule set give the same JSON byte for byte.

pub mod money;
pub mod table;
pub mod terms;

use crate::catalogue::{Law, Need, OtherRoute, Text};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How a resident gets to a provision; an advice gives one per provision.
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
    /// Not offered to this resident: `refusal` says whether the resident does not qualify now or
    /// the municipality does not offer the help at all.
    NotOffered,
    /// Another law or provider goes first.
    Elsewhere,
}

impl Route {
    /// Every route, in the order of the variants.
    pub const ALL: [Route; 4] = [
        Route::OpenAccess,
        Route::DecisionRequired,
        Route::NotOffered,
        Route::Elsewhere,
    ];

    /// The stable id used in JSON, rule scripts and case files (`open_access`).
    pub fn id(self) -> &'static str {
        match self {
            Route::OpenAccess => "open_access",
            Route::DecisionRequired => "decision_required",
            Route::NotOffered => "not_offered",
            Route::Elsewhere => "elsewhere",
        }
    }

    /// The route with this id; `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// The answer for one situation in one municipality: per asked provision the route and where to
/// go, plus notices, unmet needs and the right to client support. Its JSON is stable: the same
/// situation and rules give the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Advice {
    /// The municipality asked about, however it was named (id, CBS code or name).
    pub municipality: MunicipalityRef,
    /// The municipal rule set that gave this advice: with `baseline` and `engine_version`, what a
    /// case system records to know exactly which rules gave which advice.
    pub rule_set: RuleSetRef,
    /// The national frame (baseline rule set) that ran after the municipal rules.
    pub baseline: RuleSetRef,
    /// The version of toegang that evaluated the rules.
    pub engine_version: String,
    /// The date the advice is for, from the situation: it picked the rules and the year's amounts.
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
    /// That this is advice, not a decision: only the municipality decides. Show it with the advice.
    pub disclaimer: Text,
}

/// The municipality an advice is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct MunicipalityRef {
    /// The rule set's id where there is one (`den_haag`), else the name folded (`zwolle`).
    pub id: String,
    /// The name residents use (`Den Haag`, not the CBS `'s-Gravenhage`).
    pub name: String,
    /// The CBS code, `GM` and four digits.
    pub cbs_code: String,
    /// From the national municipality table; absent for a draft's own municipality.
    pub province: Option<String>,
    /// The municipality's general contact (phone, website) from the national table, where a
    /// source confirmed it; absent: not known to toegang (never guessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
}

/// A municipality's general door: its phone number and website, each as a source we read states
/// it. Never derived (a 14 + area code number is only listed when a source confirms it), so an
/// advice can say "bel 14 038" for Zwolle and, where nothing was confirmed, that it is unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Contact {
    /// The municipal phone number as the source writes it (`14 038`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The municipality's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    /// The page that states the number or the website.
    pub source: String,
    /// When that page was read.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    #[schemars(with = "String")]
    pub seen: NaiveDate,
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

/// How the reference date relates to the period the rules were checked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Validity {
    /// Within that period, or after it (the latest rules answered).
    pub status: ValidityStatus,
    /// The last day the rules that answered were checked for (their `valid_to`); none: open-ended.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub checked_until: Option<NaiveDate>,
    /// When those rules were last checked against their sources.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub checked_on: Option<NaiveDate>,
}

/// Whether the rules that answered were checked for the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ValidityStatus {
    /// The reference date lies in the period the rules were checked for.
    WithinCheckedPeriod,
    /// The reference date lies after it: the latest rules answered, and may have changed since.
    BeyondCheckedPeriod,
}

/// Something to know about the advice as a whole, shown before the provisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Notice {
    /// What the notice is about: match on this, not on the text.
    pub code: NoticeCode,
    /// The notice for the resident, in B1 Dutch and English.
    pub text: Text,
}

/// The kinds of notice, each with a stable id in the JSON.
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
    /// The municipality's published rule set could not be fetched or failed its check, so only
    /// the national frame answered.
    RulesUnavailable,
    /// An amount of the reference year is not yet known (the Wmo subscription rate, say).
    AmountNotYetKnown,
    /// Several provisions name the subscription rate: a household pays it once, not per
    /// provision.
    SubscriptionRateOncePerHousehold,
    /// Help without a decision is advised, or a Wmo or Jeugdwet provision is not offered: the
    /// resident may still report the need, get an onderzoek and a decision, and object to it.
    MayStillApply,
    /// The situation gave a net income per month: what percentage of the social minimum (the
    /// bijstandsnorm) it is, with the norm used, or why it could not be measured.
    Income,
}

/// Which exact rule set answered: what a case system records next to the advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RuleSetRef {
    /// The rule set's id (`lansingerland`, `baseline`); versions of one municipality share it.
    pub id: String,
    /// The rule set's own version label (`2026.1`).
    pub version: String,
    /// The first day the rules apply.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub valid_from: NaiveDate,
    /// The last day of the period the rules were checked for; `None`: open-ended.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub valid_to: Option<NaiveDate>,
    /// `sha256:` and the hex digest of the rule set's metadata and script.
    pub hash: String,
}

/// The most entries a [`ProvisionAdvice`] holds in each of its lists of rule texts: `limits`,
/// `legal_basis`, `reasons` and `assumptions`. The bundled rule sets give at most 4 of each; a
/// script that adds more gets the error `limit_exceeded` (`data_size`, with this bound) at the
/// call that went too far. Without it a draft adding reasons in a loop put thousands into every
/// advice, and a comparison repeats advices in its examples (5,000 reasons made a 161.5 MB report).
pub const MAX_LIST_ITEMS: usize = 32;

/// The advice for one provision: route, where to go, cost, limits, procedure and the reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ProvisionAdvice {
    /// The catalogue id of the provision (`huishoudelijke_hulp`).
    pub provision: String,
    /// Its name from the catalogue, in Dutch and English.
    pub name: Text,
    /// The law it falls under; a decision follows that law's procedure (the Wmo's for a municipal
    /// scheme).
    pub law: Law,
    /// The asked needs this provision serves.
    pub needs: Vec<Need>,
    /// How the resident gets it: walk in, apply for a beschikking, not offered, or another law
    /// first.
    pub route: Route,
    /// What to do first, in one sentence: whom to contact and what follows. A resident reads it
    /// without opening anything; the door's contact details are in `access`.
    pub next_step: Text,
    /// For `not_offered`: whether the resident does not qualify now, or the municipality does
    /// not offer this help at all; absent for the other routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// Where to go, for open access and decisions.
    pub access: Option<Access>,
    /// The law or provider that goes first, for `elsewhere`.
    pub elsewhere: Option<OtherRouteInfo>,
    /// Other doors to the same help (e.g. a GP referral for youth help).
    pub also_via: Vec<OtherRouteInfo>,
    /// What the resident pays; `unknown` when the rules do not say.
    pub cost: Cost,
    /// Whether a personal budget (PGB) is possible instead of help in kind.
    pub pgb_possible: bool,
    /// How many sessions are free, where the rules name a number (`.free_sessions(5)`).
    pub free_sessions: Option<u32>,
    /// The limits the rules give as numbers (`.at_most("72", "hours_per_year")`), for a case
    /// system or a page that computes with them. Each is also the first of `limits`, in words.
    pub caps: Vec<Cap>,
    /// Limits on the help as the rules state them (hours a year, a distance), in B1 Dutch and
    /// English.
    pub limits: Vec<Text>,
    /// The formal procedure, for `decision_required`.
    pub decision: Option<DecisionProcedure>,
    /// The law, verordening, beleidsregels or practice the route rests on, as the rules cite them.
    pub legal_basis: Vec<LegalBasis>,
    /// Which rules fired, in the order they fired.
    pub reasons: Vec<Reason>,
    /// Where a rule rests on an assumption rather than a published source, what was assumed.
    pub assumptions: Vec<String>,
}

/// What a `not_offered` route means for the resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The resident does not qualify now (gebruikelijke hulp, a short need, an income limit):
    /// the municipality has this help, or must give it to whoever needs it. Under the Wmo and the
    /// Jeugdwet the resident may still report the need and get a decision (the notice
    /// `may_still_apply`).
    NotEligible,
    /// The municipality does not offer this help at all: an algemene voorziening it may choose
    /// not to have ([`crate::catalogue::Provision::may_be_absent`]).
    NotInMunicipality,
}

/// A door to the help: a party from the municipality's rule set, with its contact details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Access {
    /// Its id under the rule set's `[parties]` (`cjg`).
    pub party: String,
    /// Its name as residents know it.
    pub name: String,
    /// What sort of door it is.
    pub kind: PartyKind,
    /// The published phone number; `None` when the rule set found none.
    pub phone: Option<String>,
    /// The web address; `None` when the rule set found none.
    pub web: Option<String>,
    /// The published e-mail address; `None` when the rule set found none.
    pub email: Option<String>,
    /// A short intake by phone or at the provider comes first, without a beschikking.
    pub intake: bool,
}

/// What sort of door an access party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// The municipality itself: its Wmo consultants or its desk.
    Municipality,
    /// A neighbourhood team (wijkteam) for the whole social domain.
    Wijkteam,
    /// A Centrum voor Jeugd en Gezin, for parenting and youth questions.
    Cjg,
    /// Social work (maatschappelijk werk).
    SocialWork,
    /// A welfare organisation (welzijn): meeting places, volunteers, support for carers.
    Welfare,
    /// The municipality's desk (loket) or a central team behind one phone number.
    Loket,
    /// A provider the resident goes to directly, such as a day-activity centre.
    Provider,
    /// An organisation for independent client support (cliëntondersteuning), such as MEE.
    ClientSupport,
    /// The centrumgemeente that arranges beschermd wonen and opvang for the region.
    CentralMunicipality,
}

/// Another law or provider, and where the resident goes instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct OtherRouteInfo {
    /// Which one (`wlz`, `zvw`, `gp`, `central_municipality`).
    pub id: OtherRoute,
    /// Where to go instead, in B1 Dutch and English.
    pub description: Text,
}

/// What the resident pays, as an object whose `kind` says which case it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cost {
    /// Free of charge.
    None,
    /// The national Wmo subscription rate (abonnementstarief), per household.
    SubscriptionRate {
        /// The maximum per household, in euro cents: 2180 is € 21,80.
        amount_cents: u32,
        /// Per month, or per four weeks (as in 2019).
        period: Period,
        /// The year of the reference date, whose amount this is.
        year: i32,
    },
    /// The Wmo subscription rate of a year whose amount is not yet known; the last known amount is
    /// shown as such, never carried over as this year's.
    SubscriptionRateNotYetKnown {
        /// The year of the reference date.
        year: i32,
        /// The latest amount known, of an earlier year; `None` when the table has none.
        last_known: Option<YearAmount>,
    },
    /// A fixed amount, e.g. a fare per ride or a price per hour.
    Amount {
        /// In euro cents: 250 is € 2,50.
        amount_cents: u32,
        /// What the amount is charged per.
        unit: Unit,
    },
    /// The rule set does not say; ask the access party.
    Unknown,
}

/// An amount of a given year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct YearAmount {
    /// The year the amount held in.
    pub year: i32,
    /// In euro cents: 2180 is € 21,80.
    pub amount_cents: u32,
    /// Per month, or per four weeks.
    pub period: Period,
}

/// The period the subscription rate is charged per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Per calendar month (from 2020).
    Month,
    /// Per four weeks, as the CAK charged in 2019.
    FourWeeks,
}

/// Units an amount can be charged per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Per hour of help.
    Hour,
    /// Per ride: a fare.
    Ride,
    /// Per fare zone of a ride, as some regional taxis charge.
    Zone,
    /// Per kilometre travelled.
    Km,
    /// Per dagdeel: a morning, an afternoon or an evening (a pool scooter, say).
    DayPart,
    /// Per day.
    Day,
    /// Per meal.
    Meal,
    /// Per month.
    Month,
    /// Per year.
    Year,
    /// A one-off amount.
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

    /// Every unit's id, in the order of the variants: what `.cost(amount, unit)` accepts.
    pub fn ids() -> impl Iterator<Item = &'static str> + Clone {
        Self::ALL.iter().map(|(_, id)| *id)
    }

    /// The unit with this id; `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<Unit> {
        Self::ALL.iter().find(|(_, i)| *i == id).map(|(u, _)| *u)
    }
}

/// A limit as a number: at most `amount` of `unit` (72 hours a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Cap {
    /// How many.
    pub amount: u32,
    /// Of what, per what.
    pub unit: CapUnit,
}

/// What a [`Cap`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum CapUnit {
    /// Hours of help a week.
    HoursPerWeek,
    /// Hours of help a year (a free scheme's ceiling, say).
    HoursPerYear,
    /// Kilometres of travel a year (a regiotaxi's kilometre budget).
    KmPerYear,
    /// Rides a year.
    RidesPerYear,
    /// Kilometres per ride (how far one ride may go).
    KmPerRide,
    /// Weeks the help lasts.
    Weeks,
}

impl CapUnit {
    /// Each unit's id and its words after the amount, in Dutch and English.
    const ALL: [(CapUnit, &'static str, &'static str, &'static str); 6] = [
        (
            CapUnit::HoursPerWeek,
            "hours_per_week",
            "uur per week",
            "hours a week",
        ),
        (
            CapUnit::HoursPerYear,
            "hours_per_year",
            "uur per jaar",
            "hours a year",
        ),
        (
            CapUnit::KmPerYear,
            "km_per_year",
            "kilometer per jaar",
            "kilometres a year",
        ),
        (
            CapUnit::RidesPerYear,
            "rides_per_year",
            "ritten per jaar",
            "rides a year",
        ),
        (
            CapUnit::KmPerRide,
            "km_per_ride",
            "kilometer per rit",
            "kilometres a ride",
        ),
        (CapUnit::Weeks, "weeks", "weken", "weeks"),
    ];

    /// Every unit's id: what `.at_most(amount, unit)` accepts.
    pub fn ids() -> impl Iterator<Item = &'static str> + Clone {
        Self::ALL.iter().map(|u| u.1)
    }

    /// The unit with this id; `None` for an unknown one.
    pub fn from_id(id: &str) -> Option<CapUnit> {
        Self::ALL.iter().find(|u| u.1 == id).map(|u| u.0)
    }

    /// The unit's id (`hours_per_year`).
    pub fn id(self) -> &'static str {
        Self::ALL.iter().find(|u| u.0 == self).map_or("", |u| u.1)
    }

    fn words(self) -> (&'static str, &'static str) {
        Self::ALL
            .iter()
            .find(|u| u.0 == self)
            .map_or(("", ""), |u| (u.2, u.3))
    }
}

impl Cap {
    /// The cap in words: "Hoogstens 72 uur per jaar." / "At most 72 hours a year."
    pub fn text(self) -> Text {
        let (nl, en) = self.unit.words();
        Text::new(
            format!("Hoogstens {} {nl}.", self.amount),
            format!("At most {} {en}.", self.amount),
        )
    }
}

/// The formal procedure towards a beschikking, with the legal terms, for `decision_required`.
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
    /// The articles it rests on (`Wmo 2015 art. 2.3.2 en 2.3.5; Awb art. 6:7`).
    pub basis: String,
    /// When the resident can have a personal budget (PGB) instead of help in kind, and when the
    /// municipality may refuse one; present when `pgb_possible` and the law sets conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "PgbConditions"))]
    pub pgb: Option<Arc<PgbConditions>>,
}

/// The conditions of a personal budget (persoonsgebonden budget) under one law, as the baseline
/// states them (for the Wmo: art. 2.3.6 lid 2 and 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PgbConditions {
    /// What must all hold, each in one B1 sentence.
    pub conditions: Vec<Text>,
    /// When the municipality may still refuse a PGB.
    pub may_refuse: Text,
    /// The articles (`Wmo 2015 art. 2.3.6`).
    pub basis: String,
}

/// One step of the procedure, as the resident goes through it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ProcedureStep {
    /// The stable id of the step (`melding`, `gesprek`, `aanvraag`, `besluit`, `bezwaar`).
    pub step: String,
    /// What happens in this step, in B1 Dutch and English.
    pub text: Text,
    /// The term of the step (`within 6 weeks of the report`); `None` when the law sets none.
    pub within: Option<Text>,
}

/// Which kind of rule a legal basis is, so an advice shows what national law fixes and what the
/// municipality chose.
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
    /// The ids `.basis(kind, citation)` accepts, in the order of the variants.
    pub const IDS: &'static [&'static str] = &["law", "verordening", "beleidsregel", "practice"];

    /// The kind with this id; `None` for an unknown one.
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

/// One rule a route rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LegalBasis {
    /// Law, verordening, beleidsregel or practice.
    pub kind: BasisKind,
    /// What is cited, as the rule set wrote it (`Wmo 2015 art. 2.3.5`).
    pub citation: String,
    /// The rule set's sources the citation names (`(bron: wmo-2-3-5)`), with their title and
    /// address, so a page can link to what the route rests on instead of showing the ids.
    pub sources: Vec<CitedSource>,
}

/// A source a citation names, from the rule set's `[[sources]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CitedSource {
    /// Its id in the rule set (`wmo-2-3-5`).
    pub id: String,
    /// What the source is, in one line.
    pub title: String,
    /// Where to read it; `None` when it has no public address.
    pub url: Option<String>,
}

/// One rule that fired, in words the resident understands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Reason {
    /// The name of the rule that fired.
    pub rule: String,
    /// What the rule means for the resident, in B1 Dutch and English.
    pub text: Text,
    /// Where the rule stands: rule file and line.
    pub source: String,
}

/// An asked need that no provision in the advice serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct UnmetNeed {
    /// The need asked.
    pub need: Need,
    /// What to do instead: contact the municipality.
    pub text: Text,
}

/// The right to free, independent client support (cliëntondersteuning), and who gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ClientSupport {
    /// Always `true`: the law makes client support free.
    pub free: bool,
    /// Who gives it here (the rule set's `client_support` party); `None` when the rule set names
    /// nobody.
    pub access: Option<Access>,
    /// The right, explained to the resident in B1 Dutch and English.
    pub text: Text,
    /// The articles it rests on (`Wmo 2015 art. 2.2.4 en 2.3.2 lid 3`).
    pub basis: String,
}
