//! The shared decision of the side-by-side benchmark, without any peer engine: `decision.json`
//! (Lansingerland with the national baseline, reduced to the route of every provision that serves
//! an asked need), the flat facts the peers read, toegang's routes, the hand-written function, and
//! `table_routes`, which reads the rows the way ZEN's decision table and json-rules-engine do.
//! Included by the benchmark (`lib.rs`) and by the test `tests/peers.rs`, so a rule change that
//! breaks the comparison fails `scripts/test.sh`, not the next benchmark run.

use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use toegang::situation::{Aid, HousemateHelp, Living, Situation};
use toegang::{Registry, Route};

/// (provision id, route id), sorted by provision: what every implementation must agree on.
pub type Routes = Vec<(String, String)>;

#[derive(Debug, Deserialize)]
pub struct Decision {
    pub rows: Vec<Row>,
}

#[derive(Debug, Deserialize)]
pub struct Row {
    pub provision: String,
    pub when: BTreeMap<String, bool>,
    pub route: String,
}

pub fn decision() -> Decision {
    serde_json::from_str(include_str!("../decision.json")).expect("decision.json parses")
}

/// The rows read as a decision table with hit policy "collect": every row whose provision serves
/// an asked need and whose conditions all hold gives its route. This is what ZEN's table (`jdm` in
/// `lib.rs`) and the json-rules-engine rules (`benches/node/peers-decision.mjs`) are built to do.
pub fn table_routes(decision: &Decision, facts: &Value) -> Routes {
    let mut routes: Routes = decision
        .rows
        .iter()
        .filter(|row| applies(row, facts))
        .map(|row| (row.provision.clone(), row.route.clone()))
        .collect();
    routes.sort();
    routes
}

/// Whether a row gives its route for these facts: its provision serves an asked need, and each of
/// its conditions holds.
pub fn applies(row: &Row, facts: &Value) -> bool {
    let asked = facts["needs"].as_array();
    let serves = needs_of(&row.provision)
        .iter()
        .any(|n| asked.is_some_and(|asked| asked.iter().any(|a| a == n)));
    let holds = |key: &str, wanted: bool| match key {
        "income_above_130" => facts["income_percent"].as_u64().is_some_and(|p| p > 130) == wanted,
        _ => facts[key].as_bool() == Some(wanted),
    };
    serves && row.when.iter().all(|(key, wanted)| holds(key, *wanted))
}

/// The yes/no facts a row may test, besides `income_above_130` (read from `income_percent`).
pub const FLAGS: [&str; 7] = [
    "youth_in_household",
    "wlz_indication",
    "wlz_in_institution",
    "housemate_can_help",
    "aid_everyday",
    "aid_small",
    "short_need",
];

/// The flat facts the peers get: derived from a situation the way toegang's rules read it.
pub fn facts(s: &Situation) -> Value {
    json!({
        "needs": s.needs.iter().map(|n| n.id()).collect::<Vec<_>>(),
        "youth_in_household": s.age < 18 || s.children.iter().any(|c| c.age < 18),
        "wlz_indication": s.wlz_indication,
        "wlz_in_institution": s.wlz_indication && s.living == Living::Institution,
        "housemate_can_help": s.housemate_help == Some(HousemateHelp::CanHelp),
        "aid_everyday": s.aid == Some(Aid::Everyday),
        "aid_small": s.aid == Some(Aid::Small),
        "short_need": s.need_weeks.is_some_and(|w| (1..=26).contains(&w)),
        "income_percent": s.income_percent,
    })
}

/// The needs a provision serves: a row applies only when one of them is asked.
pub fn needs_of(provision: &str) -> Vec<&'static str> {
    toegang::catalogue::catalogue()
        .iter()
        .find(|p| p.id == provision)
        .map(|p| p.needs.iter().map(|n| n.id()).collect())
        .unwrap_or_default()
}

/// 1. toegang: the full advice (texts, contact details, procedure), reduced to routes.
pub fn toegang_routes(registry: &Registry, situation: &Situation) -> Routes {
    let advice = registry.advise("lansingerland", situation).expect("advice");
    let mut routes: Routes = advice
        .provisions
        .into_iter()
        .map(|p| (p.provision, p.route.id().to_string()))
        .collect();
    routes.sort();
    routes
}

/// 2. The lower bound: the same decision written out by hand.
pub fn hand_written(s: &Situation) -> Routes {
    let youth = s.age < 18 || s.children.iter().any(|c| c.age < 18);
    let wlz = s.wlz_indication;
    let wlz_in_institution = wlz && s.living == Living::Institution;
    let everyday = s.aid == Some(Aid::Everyday);
    let small = s.aid == Some(Aid::Small);
    let short = s.need_weeks.is_some_and(|w| (1..=26).contains(&w));
    let asked = |provision: &str| {
        toegang::catalogue::catalogue()
            .iter()
            .find(|p| p.id == provision)
            .is_some_and(|p| p.needs.iter().any(|n| s.needs.contains(n)))
    };
    let mut routes: Routes = Vec::new();
    let mut add = |provision: &str, route: Route| {
        if asked(provision) {
            routes.push((provision.to_string(), route.id().to_string()));
        }
    };
    if youth {
        add("opvoedondersteuning", Route::OpenAccess);
        add("jeugdhulp_licht", Route::OpenAccess);
        add("jeugdhulp_specialistisch", Route::DecisionRequired);
    }
    for p in [
        "maatschappelijk_werk",
        "thuisadministratie",
        "ontmoeting",
        "mantelzorgondersteuning",
    ] {
        add(p, Route::OpenAccess);
    }
    add("schuldhulpverlening", Route::DecisionRequired);
    // Above 130% too: bijzondere bijstand has no income limit (Participatiewet art. 35).
    add("inkomensondersteuning", Route::DecisionRequired);
    add("persoonlijke_verzorging", Route::Elsewhere);
    let household = if wlz {
        Route::Elsewhere
    } else if s.housemate_help == Some(HousemateHelp::CanHelp) {
        Route::NotOffered
    } else {
        Route::DecisionRequired
    };
    add("huishoudelijke_hulp", household);
    for p in [
        "begeleiding_individueel",
        "dagbesteding",
        "respijtzorg",
        "beschermd_wonen",
    ] {
        add(
            p,
            if wlz {
                Route::Elsewhere
            } else {
                Route::DecisionRequired
            },
        );
    }
    let aid = |everyday_refused: bool, short_borrowed: bool| {
        if wlz_in_institution || (short_borrowed && short) {
            Route::Elsewhere
        } else if everyday_refused && everyday {
            Route::NotOffered
        } else {
            Route::DecisionRequired
        }
    };
    add("woningaanpassing", aid(true, small));
    add("rolstoel", aid(false, true));
    add("scootmobiel", aid(true, false));
    add("collectief_vervoer", Route::DecisionRequired);
    add("maatschappelijke_opvang", Route::DecisionRequired);
    routes.sort();
    routes
}
