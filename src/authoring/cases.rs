//! A rule set's own test cases: realistic residents with the route expected for every provision
//! in their advice, written in TOML so a policy advisor can read and extend them.

use crate::advice::{Advice, Cost, Route};
use crate::catalogue::{self, Need};
use crate::error::{Error, Result};
use crate::registry::advise_with;
use crate::ruleset::{toml_message, RuleSetSource};
use crate::script::engine::CompiledRuleSet;
use crate::situation::Situation;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    /// Reference date for every case that does not give its own.
    #[serde(default)]
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
    pub situation: toml::Table,
    /// Provision id → expected route, or a table with the route and more details.
    pub expect: BTreeMap<String, Expectation>,
    /// Needs expected to get no provision.
    #[serde(default)]
    pub unmet: Vec<Need>,
}

/// What a case expects of one provision.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Expectation {
    /// Only the route: `expect.rolstoel = "decision_required"`.
    Route(String),
    /// The route and any details: `expect.rolstoel = { route = "decision_required", pgb = true }`.
    Detailed(Detailed),
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
    /// Whether a PGB is expected to be possible.
    pub pgb: Option<bool>,
    /// The other route expected to go first (`wlz`); `"nothing"` expects none.
    pub elsewhere: Option<String>,
    /// The other routes expected as second doors, in the advice's order.
    pub also_via: Option<Vec<String>>,
    /// The decision term expected, in weeks; a provision without a decision fails it.
    pub term_weeks: Option<u32>,
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
pub struct CaseResult {
    /// The id of the rule set the case belongs to.
    pub rule_set: String,
    /// The case's name.
    pub case: String,
    /// Every way the advice differs from what the case expects, one sentence each.
    pub failures: Vec<String>,
}

impl CaseResult {
    /// Whether the advice matched every expectation.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn parse(source: &RuleSetSource) -> Result<CaseFile> {
    let Some(text) = &source.cases else {
        return Ok(CaseFile {
            reference_date: None,
            cases: Vec::new(),
        });
    };
    toml::from_str(text).map_err(|e| Error::RuleSetFile {
        file: source.cases_file(),
        message: toml_message(&e),
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
            Err(e) => vec![format!("advice failed: [{}] {e}", e.code())],
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
            toml::Value::String(date.to_string()),
        );
    }
    let value =
        serde_json::to_value(&table).map_err(|e| case_error(source, case, e.to_string()))?;
    Situation::from_value(value).map_err(|e| case_error(source, case, format!("situation: {e}")))
}

fn case_error(source: &RuleSetSource, case: &Case, message: String) -> Error {
    Error::RuleSetFile {
        file: source.cases_file(),
        message: format!("case \"{}\": {message}", case.name),
    }
}

/// Lists every way the advice differs from the expectation.
fn compare(case: &Case, advice: &Advice, source: &RuleSetSource) -> Result<Vec<String>> {
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
            None => failures.push(format!(
                "{id}: expected {}, but the advice does not mention it",
                expectation.route()
            )),
            Some(p) => check_provision(id, expectation, p, &mut failures),
        }
    }
    for p in &advice.provisions {
        if !case.expect.contains_key(&p.provision) {
            failures.push(format!(
                "{}: the advice says {}, but the case expects nothing",
                p.provision,
                p.route.id()
            ));
        }
    }
    let unmet: Vec<Need> = advice.unmet_needs.iter().map(|u| u.need).collect();
    let mut expected_unmet = case.unmet.clone();
    expected_unmet.sort();
    if unmet != expected_unmet {
        failures.push(format!(
            "unmet needs: expected {:?}, got {:?}",
            ids(&expected_unmet),
            ids(&unmet)
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
    failures: &mut Vec<String>,
) {
    let mut expect = |what: &str, expected: String, actual: String| {
        if expected != actual {
            failures.push(format!("{id}: expected {what} {expected}, got {actual}"));
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
    if let Some(pgb) = d.pgb {
        expect("pgb", pgb.to_string(), p.pgb_possible.to_string());
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

    fn westerveld() -> CompiledRuleSet {
        Registry::bundled()
            .unwrap()
            .rule_sets()
            .find(|r| r.id() == "westerveld")
            .unwrap()
            .clone()
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
        assert_eq!(
            results[0].failures,
            vec![r#"unmet needs: expected ["meals"], got ["loneliness"]"#.to_string()]
        );
    }
}
