//! A rule set's own test cases: realistic residents with the route expected for every provision
//! in their advice, written in TOML so a policy advisor can read and extend them.

use crate::advice::{Advice, Cost, Route};
use crate::catalogue::{self, Need};
use crate::error::{Error, Result};
use crate::registry::advise_with;
#[cfg(not(target_arch = "wasm32"))]
use crate::ruleset::toml_message;
use crate::ruleset::RuleSetSource;
use crate::script::engine::CompiledRuleSet;
use crate::situation::Situation;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    /// Reference date for every case that does not give its own.
    #[serde(default, deserialize_with = "crate::dates::deserialize_option")]
    reference_date: Option<NaiveDate>,
    #[serde(default, rename = "case")]
    cases: Vec<Case>,
}

/// One case of a `cases.toml`: a resident, and the route expected for every provision in the
/// advice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Names the case in failures; often the resident in one line, in Dutch.
    pub name: String,
    /// More about the case, for the reader; not checked.
    #[serde(default)]
    pub description: Option<String>,
    /// The situation as a TOML table with the fields of the JSON; `reference_date` may be left
    /// out to take the file's.
    pub situation: serde_json::Map<String, serde_json::Value>,
    /// Provision id → expected route, or a table with the route and more details.
    pub expect: BTreeMap<String, Expectation>,
    /// Needs expected to get no provision.
    #[serde(default)]
    pub unmet: Vec<Need>,
}

/// What a case expects of one provision.
#[derive(Debug, Clone)]
pub enum Expectation {
    /// Only the route: `expect.rolstoel = "decision_required"`.
    Route(String),
    /// The route and any details: `expect.rolstoel = { route = "decision_required", pgb = true }`.
    Detailed(Box<Detailed>),
}

/// A route as a string, or a table of details. Read by hand rather than as an untagged enum, whose
/// buffering weighed 10 kB on the wasm module's size budget.
impl<'de> Deserialize<'de> for Expectation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RouteOrTable;
        impl<'de> serde::de::Visitor<'de> for RouteOrTable {
            type Value = Expectation;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a route id or a table with `route` and details")
            }
            fn visit_str<E: serde::de::Error>(self, route: &str) -> Result<Expectation, E> {
                Ok(Expectation::Route(route.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                map: M,
            ) -> Result<Expectation, M::Error> {
                let details = serde::de::value::MapAccessDeserializer::new(map);
                Detailed::deserialize(details).map(|d| Expectation::Detailed(Box::new(d)))
            }
        }
        deserializer.deserialize_any(RouteOrTable)
    }
}

/// The details a case may check of one provision; each one left out is not checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detailed {
    /// The route id expected (`open_access`).
    pub route: String,
    /// The id of the access party expected; `"nobody"` expects none.
    pub via: Option<String>,
    /// The number of free sessions expected.
    pub free_sessions: Option<u32>,
    /// `none`, `subscription_rate`, `subscription_rate_not_yet_known`, `amount` or `unknown`.
    pub cost: Option<String>,
    /// The amount in euros, exact to the cent (`"21.80"`): the year's subscription rate or the
    /// fixed amount; `"none"` when the advice names no amount.
    pub amount: Option<String>,
    /// A piece of text one of the limits (in Dutch) contains.
    pub limit: Option<String>,
    /// A limit as a number and its unit (`"72 hours_per_year"`), as `.at_most` sets it.
    pub at_most: Option<String>,
    /// The name of a rule expected among the reasons (`"pgb-wens"`): that this rule fired.
    pub because: Option<String>,
    /// Whether a PGB is expected to be possible.
    pub pgb: Option<bool>,
    /// The other route expected to go first (`wlz`); `"nothing"` expects none.
    pub elsewhere: Option<String>,
    /// The other routes expected as second doors, in the advice's order.
    pub also_via: Option<Vec<String>>,
    /// The decision term expected, in weeks; a provision without a decision fails it.
    pub term_weeks: Option<u32>,
    /// Whether the advice is expected to rest on an assumption (`false`: on published sources
    /// only), so an upgrade from assumption to source is a case too.
    pub assumed: Option<bool>,
}

impl Expectation {
    fn route(&self) -> &str {
        match self {
            Expectation::Route(r) => r,
            Expectation::Detailed(d) => &d.route,
        }
    }
}

/// The outcome of one case; it passed when `failures` is empty.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseResult {
    /// The id of the rule set the case belongs to.
    pub rule_set: String,
    /// The case's name.
    pub case: String,
    /// Every way the advice differs from what the case expects.
    pub failures: Vec<CaseFailure>,
}

/// One way an advice differs from what its case expects: what was expected, and what the advice
/// gave instead. Written out (`Display`) it is one sentence:
/// `huishoudelijke_hulp: expected route decision_required, got open_access`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CaseFailure {
    /// The provision it is about; `None` for the advice as a whole (unmet needs, an error).
    pub provision: Option<String>,
    /// What the case expects (`route decision_required`).
    pub expected: String,
    /// What the advice gave (`open_access`).
    pub got: String,
}

impl std::fmt::Display for CaseFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(provision) = &self.provision {
            write!(f, "{provision}: ")?;
        }
        write!(f, "expected {}, got {}", self.expected, self.got)
    }
}

impl CaseFailure {
    fn new(provision: Option<&str>, expected: String, got: String) -> CaseFailure {
        CaseFailure {
            provision: provision.map(str::to_string),
            expected,
            got,
        }
    }
}

impl CaseResult {
    /// Whether the advice matched every expectation.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn parse(source: &RuleSetSource) -> Result<CaseFile> {
    match &source.cases {
        Some(text) => read(source, text),
        None => Ok(CaseFile {
            reference_date: None,
            cases: Vec::new(),
        }),
    }
}

/// The case file's text read as `T`: TOML natively, or the same content as JSON (a published
/// cases file, the only kind the wasm modules read).
fn read<T: serde::de::DeserializeOwned>(source: &RuleSetSource, text: &str) -> Result<T> {
    #[cfg(not(target_arch = "wasm32"))]
    let parsed = match text.trim_start().starts_with('{') {
        true => serde_json::from_str(text).map_err(|e| e.to_string()),
        false => toml::from_str(text).map_err(|e| toml_message(&e)),
    };
    #[cfg(target_arch = "wasm32")]
    let parsed = serde_json::from_str(text).map_err(|e| e.to_string());
    parsed.map_err(|message| Error::RuleSetFile {
        file: source.cases_file(),
        message,
    })
}

/// The case file as TOML text, written from its content, so the same file comes out of the native
/// build and of the wasm module (a published cases file carries the content as JSON; comments are not kept): the
/// `cases.toml` of a draft downloaded as a rule set folder. Empty when there is no case file.
pub fn file_as_toml(source: &RuleSetSource) -> Result<String> {
    let Some(text) = &source.cases else {
        return Ok(String::new());
    };
    let content: serde_json::Value = read(source, text)?;
    super::toml_text::to_toml(&content).map_err(|message| Error::RuleSetFile {
        file: source.cases_file(),
        message: format!("cannot be written as TOML: {message}"),
    })
}

/// The situation of every case, by case name, for snapshots and comparisons.
pub fn situations(source: &RuleSetSource) -> Result<Vec<(String, Situation)>> {
    let file = parse(source)?;
    file.cases
        .iter()
        .map(|case| {
            Ok((
                case.name.clone(),
                situation_of(case, file.reference_date, source)?,
            ))
        })
        .collect()
}

/// Runs every case of `rule_set` against its advice.
pub fn run(rule_set: &CompiledRuleSet, baseline: &CompiledRuleSet) -> Result<Vec<CaseResult>> {
    let file = parse(&rule_set.source)?;
    let mut results = Vec::new();
    for case in &file.cases {
        let situation = situation_of(case, file.reference_date, &rule_set.source)?;
        let failures = match advise_with(rule_set, baseline, &situation) {
            Ok(advice) => compare(case, &advice, &rule_set.source)?,
            Err(e) => vec![CaseFailure::new(
                None,
                "an advice".into(),
                format!("the error [{}] {e}", e.code()),
            )],
        };
        results.push(CaseResult {
            rule_set: rule_set.id().to_string(),
            case: case.name.clone(),
            failures,
        });
    }
    Ok(results)
}

fn situation_of(
    case: &Case,
    default_date: Option<NaiveDate>,
    source: &RuleSetSource,
) -> Result<Situation> {
    let mut table = case.situation.clone();
    if let (false, Some(date)) = (table.contains_key("reference_date"), default_date) {
        table.insert(
            "reference_date".into(),
            serde_json::Value::String(date.to_string()),
        );
    }
    Situation::from_value(serde_json::Value::Object(table))
        .map_err(|e| case_error(source, case, format!("situation: {e}")))
}

fn case_error(source: &RuleSetSource, case: &Case, message: String) -> Error {
    Error::RuleSetFile {
        file: source.cases_file(),
        message: format!("case \"{}\": {message}", case.name),
    }
}

/// Lists every way the advice differs from the expectation.
fn compare(case: &Case, advice: &Advice, source: &RuleSetSource) -> Result<Vec<CaseFailure>> {
    let mut failures = Vec::new();
    for (id, expectation) in &case.expect {
        if catalogue::provision_index(id).is_none() {
            return Err(case_error(
                source,
                case,
                format!(
                    "expect: {}",
                    crate::script::rule_api::unknown_provision_message(id)
                ),
            ));
        }
        if Route::from_id(expectation.route()).is_none() {
            return Err(case_error(
                source,
                case,
                format!("expect.{id}: unknown route `{}`", expectation.route()),
            ));
        }
        match advice.provisions.iter().find(|p| &p.provision == id) {
            None => failures.push(CaseFailure::new(
                Some(id),
                format!("route {}", expectation.route()),
                "no advice for it".into(),
            )),
            Some(p) => check_provision(id, expectation, p, &mut failures),
        }
    }
    for p in &advice.provisions {
        if !case.expect.contains_key(&p.provision) {
            failures.push(CaseFailure::new(
                Some(&p.provision),
                "no advice for it".into(),
                format!("route {}", p.route.id()),
            ));
        }
    }
    let unmet: Vec<Need> = advice.unmet_needs.iter().map(|u| u.need).collect();
    let mut expected_unmet = case.unmet.clone();
    expected_unmet.sort();
    if unmet != expected_unmet {
        failures.push(CaseFailure::new(
            None,
            format!("unmet needs {:?}", ids(&expected_unmet)),
            format!("{:?}", ids(&unmet)),
        ));
    }
    Ok(failures)
}

fn ids(needs: &[Need]) -> Vec<&'static str> {
    needs.iter().map(|n| n.id()).collect()
}

fn check_provision(
    id: &str,
    expectation: &Expectation,
    p: &crate::advice::ProvisionAdvice,
    failures: &mut Vec<CaseFailure>,
) {
    let mut expect = |what: &str, expected: String, actual: String| {
        if expected != actual {
            failures.push(CaseFailure::new(
                Some(id),
                format!("{what} {expected}"),
                actual,
            ));
        }
    };
    expect(
        "route",
        expectation.route().to_string(),
        p.route.id().to_string(),
    );
    let Expectation::Detailed(d) = expectation else {
        return;
    };
    if let Some(via) = &d.via {
        expect(
            "via",
            via.clone(),
            p.access
                .as_ref()
                .map(|a| a.party.clone())
                .unwrap_or_else(|| "nobody".into()),
        );
    }
    if let Some(n) = d.free_sessions {
        expect(
            "free_sessions",
            n.to_string(),
            p.free_sessions
                .map(|n| n.to_string())
                .unwrap_or_else(|| "none".into()),
        );
    }
    if let Some(cost) = &d.cost {
        let actual = match p.cost {
            Cost::None => "none",
            Cost::SubscriptionRate { .. } => "subscription_rate",
            Cost::SubscriptionRateNotYetKnown { .. } => "subscription_rate_not_yet_known",
            Cost::Amount { .. } => "amount",
            Cost::Unknown => "unknown",
        };
        expect("cost", cost.clone(), actual.into());
    }
    if let Some(amount) = &d.amount {
        let cents = match p.cost {
            Cost::SubscriptionRate { amount_cents, .. } | Cost::Amount { amount_cents, .. } => {
                Some(amount_cents)
            }
            _ => None,
        };
        let actual = cents
            .map(|c| format!("{}.{:02}", c / 100, c % 100))
            .unwrap_or_else(|| "none".into());
        expect("amount", amount.clone(), actual);
    }
    if let Some(text) = &d.limit {
        let limits: Vec<&str> = p.limits.iter().map(|l| l.nl.as_str()).collect();
        let found = limits.iter().any(|l| l.contains(text.as_str()));
        expect(
            "a limit containing",
            format!("\"{text}\""),
            if found {
                format!("\"{text}\"")
            } else {
                format!("{limits:?}")
            },
        );
    }
    if let Some(cap) = &d.at_most {
        let caps: Vec<String> = p
            .caps
            .iter()
            .map(|c| format!("{} {}", c.amount, c.unit.id()))
            .collect();
        expect(
            "at_most",
            cap.clone(),
            if caps.contains(cap) {
                cap.clone()
            } else if caps.is_empty() {
                "none".into()
            } else {
                caps.join(", ")
            },
        );
    }
    if let Some(rule) = &d.because {
        let fired: Vec<&str> = p.reasons.iter().map(|r| r.rule.as_str()).collect();
        expect(
            "a reason from rule",
            rule.clone(),
            if fired.contains(&rule.as_str()) {
                rule.clone()
            } else {
                fired.join(", ")
            },
        );
    }
    if let Some(pgb) = d.pgb {
        expect("pgb", pgb.to_string(), p.pgb_possible.to_string());
    }
    if let Some(assumed) = d.assumed {
        expect(
            "assumed",
            assumed.to_string(),
            (!p.assumptions.is_empty()).to_string(),
        );
    }
    if let Some(target) = &d.elsewhere {
        expect(
            "elsewhere",
            target.clone(),
            p.elsewhere
                .as_ref()
                .map(|e| e.id.id().to_string())
                .unwrap_or_else(|| "nothing".into()),
        );
    }
    if let Some(also) = &d.also_via {
        expect(
            "also_via",
            also.join(","),
            p.also_via
                .iter()
                .map(|r| r.id.id())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    if let Some(weeks) = d.term_weeks {
        expect(
            "term_weeks",
            weeks.to_string(),
            p.decision
                .as_ref()
                .map(|d| d.term_weeks.to_string())
                .unwrap_or_else(|| "none".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Registry;

    /// Westerveld's folder as `toegang check` reads it: the cases as their TOML text.
    fn westerveld() -> CompiledRuleSet {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/westerveld");
        CompiledRuleSet::compile(RuleSetSource::read_dir(&folder).unwrap()).unwrap()
    }

    #[test]
    fn a_rule_set_without_its_case_file_still_knows_how_many_cases_it_has() {
        let mut source = westerveld().source;
        let cases = source.cases.take();
        let written = cases.as_deref().unwrap().matches("[[case]]").count();
        assert!(written > 10);
        let without_file = RuleSetSource {
            case_count: Some(7),
            ..source.clone()
        };
        assert_eq!(without_file.case_count(), 7);
        let with_file = RuleSetSource {
            cases,
            case_count: None,
            ..source
        };
        assert_eq!(with_file.case_count(), written);
    }

    #[test]
    fn every_case_gives_its_name_and_situation() {
        let source = westerveld().source;
        let situations = situations(&source).unwrap();
        let written = source.cases.as_deref().unwrap().matches("[[case]]").count();
        assert_eq!(situations.len(), written);
        let (name, situation) = &situations[1];
        assert_eq!(name, "Rolstoelgebruiker van 80 vraagt een rolstoel");
        assert_eq!(situation.needs, vec![Need::Wheelchair]);
    }

    #[test]
    fn a_wrong_unmet_list_names_both_lists() {
        let rule_set = westerveld();
        let mut source = rule_set.source.clone();
        source.cases = Some(
            r#"[[case]]
name = "x"
situation = { reference_date = "2026-03-01", age = 82, needs = ["loneliness"] }
expect = {}
unmet = ["meals"]
"#
            .into(),
        );
        source.content_hash = None;
        let rule_set = CompiledRuleSet::compile(source).unwrap();
        let registry = Registry::bundled().unwrap();
        let results = run(&rule_set, registry.baseline()).unwrap();
        let failures: Vec<String> = results[0].failures.iter().map(|f| f.to_string()).collect();
        assert_eq!(
            failures,
            vec![r#"expected unmet needs ["meals"], got ["loneliness"]"#.to_string()]
        );
    }
}
