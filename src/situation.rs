//! The resident's facts: what a web form or a case system sends in.
//!
//! Parsing is strict: an unknown field, a wrong type or an out-of-range value is rejected with the
//! JSON path of the fault, so a form builder finds a typo at once instead of getting quiet advice
//! for a situation nobody meant.

use crate::catalogue::Need;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Largest situation document accepted, in bytes. Real situations are well under 2 KB.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;
/// Most children a situation may list.
pub const MAX_CHILDREN: usize = 20;
/// Oldest age accepted.
pub const MAX_AGE: u8 = 120;
/// Largest net income per month a situation may give, in euros.
pub const MAX_NET_INCOME: u32 = 100_000;

/// The facts about a resident that the rules read, as a form or case system sends them. Unknown
/// fields are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Situation {
    /// The date the advice is for (YYYY-MM-DD). Picks the valid rule set and the year's amounts.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub reference_date: NaiveDate,
    /// Age of the resident the question is about, in years.
    pub age: u8,
    /// Who the resident lives with.
    #[serde(default)]
    pub household: Household,
    /// Number of people in the household, the resident included. Defaults from household and children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_size: Option<u8>,
    /// Age of the partner, if there is one. Decides the €0 contribution for couples below AOW age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_age: Option<u8>,
    /// Children living at home.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Child>,
    /// Household income as a percentage of the social minimum (bijstandsnorm). Used only for
    /// low-income schemes and local exemptions, never to deny Wmo access. Leave out if unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_percent: Option<u16>,
    /// The household's net income per month in whole euros (wages, benefits, AOW and pension
    /// after tax), instead of `income_percent`: the core measures it against the social minimum
    /// (Participatiewet art. 21 and 22) and says so in the advice (notice `income`). Leave out if
    /// unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_income_per_month: Option<u32>,
    /// Whether the resident lives at home or in a care institution.
    #[serde(default)]
    pub living: Living,
    /// How well the resident gets about; rule scripts read it as `resident.walks_with_difficulty`
    /// and `resident.wheelchair_user`.
    #[serde(default)]
    pub mobility: Mobility,
    /// Someone (a partner, family member, neighbour) gives informal care to the resident.
    #[serde(default)]
    pub has_informal_carer: bool,
    /// The resident cares for someone else (is a mantelzorger).
    #[serde(default)]
    pub is_informal_carer: bool,
    /// The resident has an indication under the Wet langdurige zorg.
    #[serde(default)]
    pub wlz_indication: bool,
    /// Eviction, an energy cut-off or another urgent threat plays a part.
    #[serde(default)]
    pub urgent: bool,
    /// Whether someone aged 18 or over who lives with the resident (a partner, a grown-up child,
    /// another housemate) can do the household tasks: help that may be expected of them is
    /// "gebruikelijke hulp" (Wmo 2015 art. 1.1.1) and comes before the municipality's. Leave out
    /// when nobody that age lives with the resident, or when it is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub housemate_help: Option<HousemateHelp>,
    /// For how many weeks the resident expects to need the help (1 to 520), when it is temporary,
    /// for example after an operation. Leave out when it lasts or is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_weeks: Option<u16>,
    /// How many hours of household help a week the resident thinks they need (0.5 to 40), so a
    /// rule can tell help within a free scheme's hours from more. Leave out when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_hours_per_week: Option<f64>,
    /// For personal care: the resident can wash and dress, but does not get round to it without
    /// guidance (prompting, supervision), for example through psychiatric problems or an
    /// intellectual disability. Such care goes with begeleiding under the Wmo, not with the
    /// district nurse under the health insurance (Schulinck). Only with the need
    /// `personal_care`, for a resident aged 18 or over.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub personal_care_guidance: bool,
    /// Someone aged 18 or over who lives with the resident gets care under the Wet langdurige zorg
    /// (some municipalities, such as Tilburg, then give no household help of their own).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub housemate_wlz: bool,
    /// For a resident under 18: who the parents are, as a household. Under Wmo 2015 art. 2.1.5 the
    /// parents may owe the contribution for a child's home adaptation, and their household decides
    /// how much. Refused for a resident aged 18 or over. Leave out when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents: Option<Parents>,
    /// Whether the resident wants a personal budget (pgb) instead of help in kind, and who would
    /// manage it (Wmo 2015 art. 2.3.6, Jeugdwet art. 8.1.1). Leave out when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pgb_wish: Option<PgbWish>,
    /// Which kind of aid the resident asks about, for a home adaptation, a wheelchair or a
    /// scooter: something anyone buys in a shop, a small aid, or an adaptation or aid made for a
    /// disability. Leave out when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aid: Option<Aid>,
    /// What the resident asks help with.
    pub needs: Vec<Need>,
}

/// Who the resident lives with. With `alone` or `single_parent`, a `partner_age` is refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Household {
    /// Alone (the default).
    #[default]
    Alone,
    /// With a partner, without children at home.
    WithPartner,
    /// One parent with children at home.
    SingleParent,
    /// Two partners with children.
    Family,
    /// With parents, housemates or others.
    Other,
}

/// Whether an adult housemate can do the household tasks (gebruikelijke hulp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum HousemateHelp {
    /// A housemate can do them: the municipality gives no household help.
    CanHelp,
    /// No housemate can (ill, away all week, too young or too frail).
    CannotHelp,
    /// A housemate does them but it is too much for them (overbelast): the municipality looks into
    /// it in a conversation before it decides.
    Overburdened,
}

/// The parents of a resident under 18, as a household: who pays for a child's home adaptation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Parents {
    /// Two parents (or a parent and a partner) live together, and at least one of them has not
    /// reached the AOW age: they pay no Wmo contribution.
    Together,
    /// One parent brings the child up alone (or the parents live apart: the one who receives the
    /// child benefit pays).
    Single,
}

/// Whether the resident wants a personal budget (pgb), and whether it can be managed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PgbWish {
    /// Wants a pgb and can manage it alone.
    ManageMyself,
    /// Wants a pgb and someone (family, a friend, a representative) helps manage it.
    ManageWithHelp,
    /// Wants a pgb, but nobody can manage it: the law then gives help in kind.
    CannotManage,
    /// Wants help in kind (zorg in natura) from the municipality's providers.
    InKind,
}

/// Which kind of aid the resident asks about. The municipality gives no maatwerk for what an
/// "algemeen gebruikelijke voorziening" solves (Wmo 2015 art. 2.3.5 lid 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Aid {
    /// Something people without a disability buy too, in an ordinary shop, affordable on a
    /// minimum income: an ordinary bicycle, a walking stick, a simple rollator, often a shower
    /// stool or a grab rail (not an electric bicycle: CRvB 2024).
    Everyday,
    /// A small aid for the home, such as a shower chair or a toilet raiser, often borrowed.
    Small,
    /// An adaptation or an aid made for a disability: a stairlift, a shower instead of a bath,
    /// a wheelchair, a scooter.
    Special,
}

/// The most hours of household help a week a situation may give.
pub const MAX_HOUSEHOLD_HOURS_PER_WEEK: f64 = 40.0;

/// The most weeks a temporary need can be given: ten years.
pub const MAX_NEED_WEEKS: u16 = 520;

/// A child living at home, of any age: a grown-up son or daughter at home is also an adult
/// housemate (gebruikelijke hulp).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Child {
    /// Age in years, at most 120.
    pub age: u8,
}

/// Where the resident lives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Living {
    /// At home, alone or with others.
    #[default]
    Independent,
    /// In a care institution.
    Institution,
}

/// How the resident gets about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Mobility {
    /// Without trouble (the default).
    #[default]
    None,
    /// Walks, but with difficulty or only short distances.
    WalksWithDifficulty,
    /// Uses a wheelchair.
    WheelchairUser,
}

impl Situation {
    /// Parses and checks a situation from JSON text.
    pub fn from_json(text: &str) -> Result<Self> {
        if text.trim().is_empty() {
            return Err(Error::input(
                "",
                "the situation is empty; expected a JSON object",
            ));
        }
        if text.len() > MAX_INPUT_BYTES {
            return Err(Error::input(
                "",
                format!(
                    "the situation is {} bytes; at most {MAX_INPUT_BYTES} are accepted",
                    text.len()
                ),
            ));
        }
        if !text.trim_start().starts_with('{') {
            return Err(Error::input("", "expected a JSON object: { … }"));
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let situation: Situation = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let inner = e.inner();
            if inner.is_syntax() || inner.is_eof() {
                let what = if inner.is_eof() {
                    "the text ends too early"
                } else {
                    "this is not valid JSON"
                };
                return Error::input(
                    "",
                    format!(
                        "malformed JSON at line {}, column {}: {what}",
                        inner.line(),
                        inner.column()
                    ),
                );
            }
            path_error(e.path(), &inner.to_string())
        })?;
        // One situation, nothing after it: a second object or stray text is a mistake to report,
        // not to ignore.
        de.end().map_err(|e| {
            Error::input(
                "",
                format!(
                    "more text after the situation at line {}, column {}: send one JSON object",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        situation.check()?;
        Ok(situation)
    }

    /// Parses and checks a situation from an already-parsed JSON value (the wasm and case-file path).
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        if !value.is_object() {
            return Err(Error::input("", "expected a JSON object: { … }"));
        }
        let situation: Situation = serde_path_to_error::deserialize(value)
            .map_err(|e| path_error(e.path(), &e.inner().to_string()))?;
        situation.check()?;
        Ok(situation)
    }

    /// Checks what the types cannot: ranges, sizes and consistency.
    pub fn check(&self) -> Result<()> {
        if self.age > MAX_AGE {
            return Err(Error::input(
                "age",
                format!("{} is not a plausible age; at most {MAX_AGE}", self.age),
            ));
        }
        if let Some(age) = self.partner_age {
            if age > MAX_AGE {
                return Err(Error::input(
                    "partner_age",
                    format!("{age} is not a plausible age; at most {MAX_AGE}"),
                ));
            }
            if matches!(self.household, Household::Alone | Household::SingleParent) {
                return Err(Error::input(
                    "partner_age",
                    "a partner's age is given, but the household has no partner",
                ));
            }
        }
        if self.children.len() > MAX_CHILDREN {
            return Err(Error::input(
                "children",
                format!(
                    "{} children listed; at most {MAX_CHILDREN}",
                    self.children.len()
                ),
            ));
        }
        for (i, child) in self.children.iter().enumerate() {
            if child.age > MAX_AGE {
                return Err(Error::input(
                    format!("children[{i}].age"),
                    format!("{} is not a plausible age; at most {MAX_AGE}", child.age),
                ));
            }
        }
        if self.needs.len() > Need::ALL.len() * 2 {
            return Err(Error::input(
                "needs",
                format!(
                    "{} needs listed; at most {}",
                    self.needs.len(),
                    Need::ALL.len() * 2
                ),
            ));
        }
        if let Some(p) = self.income_percent {
            if p > 1000 {
                return Err(Error::input(
                    "income_percent",
                    "above 1000% of the social minimum; give a percentage, not an amount",
                ));
            }
        }
        if let Some(euros) = self.net_income_per_month {
            if self.income_percent.is_some() {
                return Err(Error::input(
                    "net_income_per_month",
                    "both income_percent and net_income_per_month are given; give one of them",
                ));
            }
            if euros > MAX_NET_INCOME {
                return Err(Error::input(
                    "net_income_per_month",
                    "above 100000 euros a month; give the household's net income per month in whole euros",
                ));
            }
        }
        if self.housemate_help.is_some() && !self.has_adult_housemate() {
            return Err(Error::input(
                "housemate_help",
                "nobody aged 18 or over lives with the resident (household, children and household_size say so); leave housemate_help out",
            ));
        }
        if let Some(weeks) = self.need_weeks {
            if weeks == 0 || weeks > MAX_NEED_WEEKS {
                return Err(Error::input(
                    "need_weeks",
                    format!("give the weeks from 1 to {MAX_NEED_WEEKS}; leave it out when the need lasts"),
                ));
            }
        }
        if let Some(hours) = self.household_hours_per_week {
            // Half hours, as help is planned: 1.5 is fine, 1.25 is a typo for something else.
            if !(0.5..=MAX_HOUSEHOLD_HOURS_PER_WEEK).contains(&hours)
                || (hours * 2.0).fract() != 0.0
            {
                return Err(Error::input(
                    "household_hours_per_week",
                    // Literal text: formatting a float would pull float printing into the wasm module.
                    "give the hours a week from 0.5 to 40, in half hours (1.5, not 1.25); leave it out when not known",
                ));
            }
        }
        if self.household_hours_per_week.is_some() && !self.needs.contains(&Need::HouseholdTasks) {
            return Err(Error::input(
                "household_hours_per_week",
                "the hours are for household help, but needs does not ask \"household_tasks\"; add that need or leave the hours out",
            ));
        }
        let aid_needs = [
            Need::HomeAdaptation,
            Need::Wheelchair,
            Need::GettingAroundOutdoors,
        ];
        if self.aid.is_some() && !self.needs.iter().any(|n| aid_needs.contains(n)) {
            return Err(Error::input(
                "aid",
                "the aid is for \"home_adaptation\", \"wheelchair\" or \"getting_around_outdoors\", but needs asks none of them; add the need or leave aid out",
            ));
        }
        if self.personal_care_guidance && !self.needs.contains(&Need::PersonalCare) {
            return Err(Error::input(
                "personal_care_guidance",
                "guidance with personal care is for \"personal_care\", but needs does not ask it; add the need or leave personal_care_guidance out",
            ));
        }
        if self.personal_care_guidance && self.age < 18 {
            return Err(Error::input(
                "personal_care_guidance",
                "for a resident under 18 personal care is youth help or health insurance whatever its kind; leave personal_care_guidance out",
            ));
        }
        if self.housemate_wlz && !self.has_adult_housemate() {
            return Err(Error::input(
                "housemate_wlz",
                "nobody aged 18 or over lives with the resident (household, children and household_size say so); leave housemate_wlz out",
            ));
        }
        if self.parents.is_some() && self.age >= 18 {
            return Err(Error::input(
                "parents",
                format!("the resident is {}; parents are asked for a resident under 18 only (who pays for a child's home adaptation)", self.age),
            ));
        }
        if let Some(size) = self.household_size {
            let least = self.least_household_size();
            if (size as usize) < least {
                return Err(Error::input(
                    "household_size",
                    format!(
                        "{size} is fewer than the {least} people the household and children imply"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Whether someone aged 18 or over lives with the resident: a partner, a housemate, a
    /// grown-up child, or more people than the household and children account for.
    pub(crate) fn has_adult_housemate(&self) -> bool {
        matches!(
            self.household,
            Household::WithPartner | Household::Family | Household::Other
        ) || self.children.iter().any(|c| c.age >= 18)
            || self
                .household_size
                .is_some_and(|size| usize::from(size) > self.least_household_size())
    }

    pub(crate) fn least_household_size(&self) -> usize {
        let partner = usize::from(matches!(
            self.household,
            Household::WithPartner | Household::Family
        ));
        1 + partner + self.children.len()
    }

    /// The household size given, or the size the household and children imply.
    pub fn effective_household_size(&self) -> usize {
        self.household_size
            .map(usize::from)
            .unwrap_or_else(|| self.least_household_size())
    }
}

/// Turns a serde error at a path into our input error, in words a form builder understands.
fn path_error(path: &serde_path_to_error::Path, message: &str) -> Error {
    let mut path = path.to_string();
    if path == "." || path == "?" {
        path.clear();
    }
    Error::input(path, plain_message(message))
}

/// Replaces Rust type names in serde messages with words.
fn plain_message(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    message
        .replace("expected u8", "expected an integer from 0 to 255")
        .replace("expected u16", "expected an integer from 0 to 65535")
        .replace("expected a boolean", "expected true or false")
        .replace("expected struct Situation", "expected a JSON object")
        .replace(
            "expected struct Child",
            "expected an object like {\"age\": 8}",
        )
        .replace("expected a sequence", "expected a list")
        .replace("premature end of input", "the text ends too early")
}

/// The AOW age (years, months) per calendar year: up to 2029 from Rijksoverheid ("Wanneer gaat mijn
/// AOW in?", seen 2026-11-25), 2030 from the minister's letter of November 2024 (NOS, "AOW-leeftijd
/// blijft in 2030 staan op 67 jaar en drie maanden"), 2031 as SZW set it in November 2025
/// (seniorenjournaal.nl, syfers.nl; no primary page seen). See docs/research/2027-national-frame.md.
const AOW_AGE: &[(i32, u8, u8)] = &[
    (2019, 66, 4),
    (2020, 66, 4),
    (2021, 66, 4),
    (2022, 66, 7),
    (2023, 66, 10),
    (2024, 67, 0),
    (2025, 67, 0),
    (2026, 67, 0),
    (2027, 67, 0),
    (2028, 67, 3),
    (2029, 67, 3),
    (2030, 67, 3),
    (2031, 67, 3),
];

/// Whether someone of this age (in whole years) has reached the AOW age in the reference year.
/// With whole years only, an age equal to the AOW years counts as reached only when the AOW age
/// has no extra months: the cautious reading for the €0 couple rule.
pub fn reached_aow_age(age: u8, reference: NaiveDate) -> bool {
    let year = reference.year();
    let (_, years, months) = AOW_AGE
        .iter()
        .copied()
        .find(|(y, ..)| *y == year)
        .unwrap_or(if year < 2019 {
            AOW_AGE[0]
        } else {
            AOW_AGE[AOW_AGE.len() - 1]
        });
    age > years || (age == years && months == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_situation_parses_with_defaults() {
        let s = Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":80,"needs":["wheelchair"]}"#,
        )
        .unwrap();
        assert_eq!(s.household, Household::Alone);
        assert_eq!(s.effective_household_size(), 1);
    }

    /// The facts of issue 16: each refused where it cannot apply, with its own JSON path and a way
    /// on, and read where it can.
    #[test]
    fn hours_aid_parents_pgb_and_a_housemates_wlz_are_checked_where_they_apply() {
        let with = |fields: &str, needs: &str| {
            Situation::from_json(&format!(
                r#"{{"reference_date":"2026-03-01","age":80,{fields},"needs":[{needs}]}}"#
            ))
        };
        let hh = r#""household_tasks""#;
        assert_eq!(
            with(r#""household_hours_per_week":1.5"#, hh).map(|s| s.household_hours_per_week),
            Ok(Some(1.5))
        );
        for (hours, needs) in [("0", hh), ("1.25", hh), ("40.5", hh), ("2", r#""meals""#)] {
            let e = with(&format!(r#""household_hours_per_week":{hours}"#), needs).unwrap_err();
            assert_eq!(e.path(), Some("household_hours_per_week"), "{hours}");
        }
        let e = with(r#""household_hours_per_week":"2""#, hh).unwrap_err();
        assert_eq!(e.path(), Some("household_hours_per_week"));

        assert!(with(r#""aid":"everyday""#, r#""home_adaptation""#).is_ok());
        let e = with(r#""aid":"everyday""#, hh).unwrap_err();
        assert_eq!(e.path(), Some("aid"));
        assert!(e.to_string().contains("home_adaptation"), "{e}");
        let e = with(r#""aid":"bicycle""#, r#""home_adaptation""#).unwrap_err();
        assert_eq!(e.path(), Some("aid"));

        let e = with(r#""parents":"together""#, hh).unwrap_err();
        assert_eq!(e.path(), Some("parents"), "an adult has no parents field");
        let child = Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":10,"parents":"single","needs":["home_adaptation"]}"#,
        );
        assert_eq!(child.map(|s| s.parents), Ok(Some(Parents::Single)));

        let e = with(r#""housemate_wlz":true"#, hh).unwrap_err();
        assert_eq!(e.path(), Some("housemate_wlz"), "living alone");
        assert!(with(r#""household":"with_partner","housemate_wlz":true"#, hh).is_ok());

        assert_eq!(
            with(r#""pgb_wish":"manage_with_help""#, hh).map(|s| s.pgb_wish),
            Ok(Some(PgbWish::ManageWithHelp))
        );
        let e = with(r#""pgb_wish":"yes""#, hh).unwrap_err();
        assert_eq!(e.path(), Some("pgb_wish"));
    }

    #[test]
    fn a_wrong_type_names_the_json_path() {
        let e = Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":40,"household":"family","children":[{"age":3},{"age":"8"}],"needs":[]}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), Some("children[1].age"));
        assert!(e.to_string().contains("expected an integer"), "{e}");
    }

    #[test]
    fn an_unknown_field_is_named_with_its_path() {
        let e =
            Situation::from_json(r#"{"reference_date":"2026-03-01","age":40,"needs":[],"pets":2}"#)
                .unwrap_err();
        assert_eq!(e.path(), Some("pets"));
    }

    #[test]
    fn an_unknown_need_is_rejected() {
        let e = Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":40,"needs":["gardening"]}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), Some("needs[0]"));
    }

    #[test]
    fn gebruikelijke_hulp_needs_an_adult_housemate_and_a_temporary_need_its_weeks() {
        let with = |extra: &str| {
            Situation::from_json(&format!(
                r#"{{"reference_date":"2026-03-01","age":78,"needs":["household_tasks"],{extra}}}"#
            ))
        };
        let son = with(
            r#""household":"single_parent","children":[{"age":25}],"housemate_help":"can_help""#,
        );
        assert_eq!(
            son.map(|s| s.housemate_help),
            Ok(Some(HousemateHelp::CanHelp))
        );
        let partner = with(r#""household":"with_partner","housemate_help":"overburdened""#);
        assert!(partner.is_ok());
        let lodger = with(r#""household_size":2,"housemate_help":"cannot_help""#);
        assert!(
            lodger.is_ok(),
            "more people than the household implies: a housemate"
        );
        for nobody in [
            r#""housemate_help":"can_help""#,
            r#""household":"single_parent","children":[{"age":9}],"housemate_help":"can_help""#,
        ] {
            let e = with(nobody).unwrap_err();
            assert_eq!(e.path(), Some("housemate_help"), "{nobody}");
        }
        let e = with(r#""housemate_help":"sometimes""#).unwrap_err();
        assert_eq!(e.path(), Some("housemate_help"));
        assert_eq!(with(r#""need_weeks":4"#).map(|s| s.need_weeks), Ok(Some(4)));
        for weeks in ["0", "521"] {
            let e = with(&format!(r#""need_weeks":{weeks}"#)).unwrap_err();
            assert_eq!(e.path(), Some("need_weeks"), "{weeks}");
        }
    }

    #[test]
    fn empty_and_malformed_input_are_input_errors() {
        assert_eq!(Situation::from_json("  ").unwrap_err().code(), "input");
        assert_eq!(
            Situation::from_json("{\"age\": ").unwrap_err().code(),
            "input"
        );
    }

    #[test]
    fn oversized_lists_are_rejected_before_evaluation() {
        let children: Vec<_> = (0..21).map(|_| r#"{"age":3}"#).collect();
        let json = format!(
            r#"{{"reference_date":"2026-03-01","age":40,"household":"family","children":[{}],"needs":[]}}"#,
            children.join(",")
        );
        assert_eq!(
            Situation::from_json(&json).unwrap_err().path(),
            Some("children")
        );
    }

    /// Every bound `check` enforces, at its value (accepted) and just past it (refused, naming
    /// the field).
    #[test]
    fn every_bound_holds_at_its_value_and_refuses_one_past_it() {
        let base = r#""reference_date": "2026-03-01", "needs": ["household_tasks"]"#;
        let parse = |fields: &str| Situation::from_json(&format!("{{{base}, {fields}}}"));
        let children = |n: usize, age: u8| {
            let list = vec![format!(r#"{{"age": {age}}}"#); n].join(",");
            format!(r#""age": 40, "household": "single_parent", "children": [{list}]"#)
        };
        let bounds: [(&str, String, String); 6] = [
            ("age", r#""age": 120"#.into(), r#""age": 121"#.into()),
            (
                "partner_age",
                r#""age": 70, "household": "with_partner", "partner_age": 120"#.into(),
                r#""age": 70, "household": "with_partner", "partner_age": 121"#.into(),
            ),
            (
                "children",
                children(MAX_CHILDREN, 8),
                children(MAX_CHILDREN + 1, 8),
            ),
            ("children[0].age", children(1, 120), children(1, 121)),
            (
                "income_percent",
                r#""age": 40, "income_percent": 1000"#.into(),
                r#""age": 40, "income_percent": 1001"#.into(),
            ),
            (
                "household_size",
                r#""age": 40, "household": "with_partner", "partner_age": 40, "household_size": 2"#
                    .into(),
                r#""age": 40, "household": "with_partner", "partner_age": 40, "household_size": 1"#
                    .into(),
            ),
        ];
        for (field, at, past) in bounds {
            assert!(parse(&at).is_ok(), "{field} at its bound: {:?}", parse(&at));
            let error = parse(&past).unwrap_err();
            assert_eq!(error.path(), Some(field), "{field}: {error}");
        }
        let partner_alone = parse(r#""age": 70, "household": "alone", "partner_age": 70"#);
        assert_eq!(partner_alone.unwrap_err().path(), Some("partner_age"));
    }

    #[test]
    fn aow_age_follows_the_year() {
        let d = |y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap();
        assert!(reached_aow_age(67, d(2026)));
        assert!(!reached_aow_age(66, d(2026)));
        assert!(!reached_aow_age(67, d(2028)), "67 and 3 months in 2028");
        assert!(reached_aow_age(68, d(2028)));
        // Outside the table: before 2019 its first row (66 and 4 months), after 2031 its last.
        assert!(!reached_aow_age(66, d(2018)) && reached_aow_age(67, d(2018)));
        assert!(!reached_aow_age(67, d(2040)) && reached_aow_age(68, d(2040)));
    }

    #[test]
    fn the_input_may_be_64_kib_and_not_a_byte_more() {
        let situation = r#"{"reference_date":"2026-03-01","age":40,"needs":[]}"#;
        let padded = |len: usize| format!("{situation}{}", " ".repeat(len - situation.len()));
        assert!(Situation::from_json(&padded(MAX_INPUT_BYTES)).is_ok());
        let error = Situation::from_json(&padded(MAX_INPUT_BYTES + 1)).unwrap_err();
        assert!(
            error.to_string().contains("65537 bytes; at most 65536"),
            "{error}"
        );
    }

    #[test]
    fn malformed_json_says_whether_it_ends_early_or_is_not_json() {
        let early = Situation::from_json(r#"{"age": 3"#)
            .unwrap_err()
            .to_string();
        assert!(early.contains("the text ends too early"), "{early}");
        let wrong = Situation::from_json(r#"{"age": }"#)
            .unwrap_err()
            .to_string();
        assert!(wrong.contains("this is not valid JSON"), "{wrong}");
    }

    #[test]
    fn a_missing_field_is_named_at_the_root_with_an_empty_path() {
        let error = Situation::from_json(r#"{"age": 40, "needs": []}"#).unwrap_err();
        assert_eq!(error.path(), Some(""));
        assert!(
            error.to_string().contains("missing field `reference_date`"),
            "{error}"
        );
    }

    #[test]
    fn needs_may_be_listed_up_to_twice_each() {
        let needs = |n: usize| {
            let list = vec![r#""household_tasks""#; n].join(",");
            Situation::from_json(&format!(
                r#"{{"reference_date":"2026-03-01","age":40,"needs":[{list}]}}"#
            ))
        };
        assert!(needs(Need::ALL.len() * 2).is_ok());
        assert_eq!(
            needs(Need::ALL.len() * 2 + 1).unwrap_err().path(),
            Some("needs")
        );
    }

    #[test]
    fn the_household_size_is_given_or_implied() {
        let family = Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":40,"household":"family","partner_age":41,"children":[{"age":3},{"age":5}],"needs":[]}"#,
        )
        .unwrap();
        assert_eq!(family.effective_household_size(), 4);
        let with_grandparents = Situation {
            household_size: Some(6),
            ..family
        };
        assert_eq!(with_grandparents.effective_household_size(), 6);
    }
}
