//! A household's net income per month in euros, measured against the bijstandsnorm of the
//! reference date, so a municipality's income limits apply as they do to a percentage.
//!
//! Written from the Participatiewet (wetten.overheid.nl/BWBR0015703, art. 21 and 22, net a month
//! with vakantietoeslag): from 1 January 2026 € 1.564,69 alone from the AOW age and € 2.002,13 a
//! couple under it; from 1 July 2026 € 1.587,34 alone from the AOW age. And from Veenendaal's
//! compensation of the hourly tariff for household help (its `veenendaal-hulp-huishouden`
//! source): free up to 110 % of the social minimum, € 2 an hour up to 120 %, € 4 up to 130 %.

use serde_json::{json, Value};
use toegang::{Registry, Situation};

fn advise(municipality: &str, situation: Value) -> Value {
    let registry = Registry::bundled().unwrap();
    let situation = Situation::from_json(&situation.to_string()).unwrap();
    let advice = registry.advise(municipality, &situation).unwrap();
    serde_json::to_value(advice).unwrap()
}

/// An 80-year-old living alone in Veenendaal on 7 December 2026, asking for household help.
fn alone_at_80(euros: u32) -> Value {
    json!({"reference_date": "2026-12-07", "age": 80, "household": "alone",
           "net_income_per_month": euros, "needs": ["household_tasks"]})
}

fn household_help_cost(advice: &Value) -> Value {
    advice["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provision"] == "huishoudelijke_hulp")
        .unwrap()["cost"]
        .clone()
}

fn income_notice(advice: &Value) -> String {
    income_notice_in(advice, "nl")
}

fn income_notice_in(advice: &Value, language: &str) -> String {
    let notices = advice["notices"].as_array().unwrap();
    let notice = notices.iter().find(|n| n["code"] == "income");
    notice.expect("an income notice")["text"][language]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn at_110_percent_of_the_aow_norm_household_help_in_veenendaal_is_free_and_a_euro_more_costs_2_an_hour(
) {
    // 110 % of € 1.587,34 is € 1.746,07.
    let at_limit = advise("veenendaal", alone_at_80(1746));
    assert_eq!(household_help_cost(&at_limit), json!({"kind": "none"}));
    assert!(income_notice(&at_limit).contains("Dat is 110% van de bijstandsnorm"));
    let above = advise("veenendaal", alone_at_80(1747));
    assert_eq!(household_help_cost(&above)["amount_cents"], 200);
    assert!(income_notice(&above).contains("111%"));
}

#[test]
fn the_notice_names_the_norm_it_measured_against_with_its_date_and_article() {
    let advice = advise("veenendaal", alone_at_80(1800));
    let notice = income_notice(&advice);
    for part in [
        "€ 1.800",
        "114%",
        "€ 1.587,34",
        "1 juli 2026",
        "artikel 22",
        "vanaf de AOW-leeftijd",
    ] {
        assert!(notice.contains(part), "{part} in {notice}");
    }
    assert_eq!(
        household_help_cost(&advice)["amount_cents"],
        200,
        "between 110 and 120 %"
    );
    // English writes the same amounts the English way.
    let english = income_notice_in(&advice, "en");
    for part in [
        "€1,800 a month",
        "114%",
        "€1,587.34 a month",
        "1 July 2026",
        "article 22",
    ] {
        assert!(english.contains(part), "{part} in {english}");
    }
}

#[test]
fn the_norm_follows_the_reference_date_across_the_july_indexation() {
    // € 1.580: 100.98 % of January's € 1.564,69, 99.54 % of July's € 1.587,34.
    let mut june = alone_at_80(1580);
    june["reference_date"] = json!("2026-06-30");
    let notice = income_notice(&advise("veenendaal", june));
    assert!(
        notice.contains("101%") && notice.contains("1 januari 2026"),
        "{notice}"
    );
    let mut july = alone_at_80(1580);
    july["reference_date"] = json!("2026-07-01");
    let notice = income_notice(&advise("veenendaal", july));
    assert!(
        notice.contains("100%") && notice.contains("1 juli 2026"),
        "{notice}"
    );
}

#[test]
fn a_couple_under_the_aow_age_is_measured_against_the_couples_norm() {
    // € 2.400 against € 2.002,13 (1 January 2026): 119.87 %, so € 2 an hour, not the
    // 171 % a single person's norm would give.
    let advice = advise(
        "veenendaal",
        json!({"reference_date": "2026-03-01", "age": 45, "household": "with_partner", "partner_age": 44,
               "net_income_per_month": 2400, "needs": ["household_tasks"]}),
    );
    let notice = income_notice(&advice);
    assert!(
        notice.contains("120%")
            && notice.contains("Voor een paar onder de AOW-leeftijd")
            && notice.contains("€ 2.002,13"),
        "{notice}"
    );
    assert_eq!(household_help_cost(&advice)["amount_cents"], 200);
}

#[test]
fn with_other_adults_at_home_the_income_is_not_counted_and_the_notice_says_why() {
    // The kostendelersnorm depends on who lives there: no low-income compensation is promised.
    for situation in [
        json!({"reference_date": "2026-12-07", "age": 80, "household": "other",
               "net_income_per_month": 900, "needs": ["household_tasks"]}),
        json!({"reference_date": "2026-12-07", "age": 80, "household": "single_parent", "children": [{"age": 52}],
               "net_income_per_month": 900, "needs": ["household_tasks"]}),
    ] {
        let advice = advise("veenendaal", situation);
        assert!(income_notice(&advice).contains("niet meegeteld"));
        assert_ne!(household_help_cost(&advice), json!({"kind": "none"}));
    }
}

#[test]
fn before_the_first_known_norm_and_under_21_the_income_is_not_counted() {
    let mut before = alone_at_80(900);
    before["reference_date"] = json!("2025-06-30");
    assert!(income_notice(&advise("veenendaal", before))
        .contains("kent de bijstandsnorm van deze datum niet"));
    let young = json!({"reference_date": "2026-12-07", "age": 19, "household": "alone",
                       "net_income_per_month": 900, "needs": ["household_tasks"]});
    let advice = advise("veenendaal", young);
    assert!(income_notice(&advice).contains("Onder de 21 jaar"));
    assert_ne!(household_help_cost(&advice), json!({"kind": "none"}));
}

#[test]
fn a_percentage_and_an_amount_together_are_refused_at_the_amounts_path() {
    let both = json!({"reference_date": "2026-12-07", "age": 80, "income_percent": 110,
                      "net_income_per_month": 1700, "needs": ["household_tasks"]});
    let error = Situation::from_json(&both.to_string()).unwrap_err();
    assert_eq!(error.code(), "input");
    assert!(
        error.to_string().contains("net_income_per_month"),
        "{error}"
    );
    let too_much = json!({"reference_date": "2026-12-07", "age": 80, "net_income_per_month": 100_001, "needs": []});
    assert!(Situation::from_json(&too_much.to_string()).is_err());
}

#[test]
fn without_an_amount_there_is_no_income_notice() {
    let advice = advise(
        "veenendaal",
        json!({"reference_date": "2026-12-07", "age": 80, "household": "alone", "income_percent": 105, "needs": ["household_tasks"]}),
    );
    assert!(advice["notices"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["code"] != "income"));
    assert_eq!(household_help_cost(&advice), json!({"kind": "none"}));
}
