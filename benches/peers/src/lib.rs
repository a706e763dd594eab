//! One decision, four implementations: toegang (Rhai), GoRules ZEN (a JDM decision table), a
//! hand-written Rust function, and (in `benches/node/peers.mjs`) json-rules-engine. The decision
//! is `decision.json`: Lansingerland with the national baseline, reduced to the route of every
//! provision that serves an asked need.

use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use toegang::situation::{Living, Situation};
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

/// The flat facts the peers get: derived from a situation the way toegang's rules read it.
pub fn facts(s: &Situation) -> Value {
    json!({
        "needs": s.needs.iter().map(|n| n.id()).collect::<Vec<_>>(),
        "youth_in_household": s.age < 18 || s.children.iter().any(|c| c.age < 18),
        "wlz_indication": s.wlz_indication,
        "in_institution": s.living == Living::Institution,
        "income_percent": s.income_percent,
    })
}

fn needs_of(provision: &str) -> Vec<&'static str> {
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

/// 2. GoRules ZEN: the rows as one decision table (hit policy "collect") in a JDM graph.
pub fn jdm(decision: &Decision) -> Value {
    let column = |id: &str, field: &str| json!({ "id": id, "name": field, "type": "expression", "field": field });
    let rules: Vec<Value> = decision
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let needs = needs_of(&row.provision)
                .iter()
                .map(|n| format!("contains($, \"{n}\")"))
                .collect::<Vec<_>>()
                .join(" or ");
            let flag = |key: &str| match row.when.get(key) {
                Some(true) => "true".to_string(),
                Some(false) => "false".to_string(),
                None => String::new(),
            };
            let income = match row.when.get("income_above_130") {
                Some(true) => "$ != null and $ > 130",
                Some(false) => "$ == null or $ <= 130",
                None => "",
            };
            json!({
                "_id": format!("row{i}"),
                "in_needs": needs,
                "in_youth": flag("youth_in_household"),
                "in_wlz": flag("wlz_indication"),
                "in_institution": flag("in_institution"),
                "in_income": income,
                "out_provision": format!("\"{}\"", row.provision),
                "out_route": format!("\"{}\"", row.route),
            })
        })
        .collect();
    json!({
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            { "id": "input", "type": "inputNode", "name": "Request", "position": { "x": 0, "y": 0 } },
            { "id": "table", "type": "decisionTableNode", "name": "Routes", "position": { "x": 200, "y": 0 },
              "content": {
                "hitPolicy": "collect",
                "inputs": [
                    column("in_needs", "needs"), column("in_youth", "youth_in_household"),
                    column("in_wlz", "wlz_indication"), column("in_institution", "in_institution"),
                    column("in_income", "income_percent")
                ],
                "outputs": [ column("out_provision", "provision"), column("out_route", "route") ],
                "rules": rules
              } },
            { "id": "output", "type": "outputNode", "name": "Response", "position": { "x": 400, "y": 0 } }
        ],
        "edges": [
            { "id": "e1", "type": "edge", "sourceId": "input", "targetId": "table" },
            { "id": "e2", "type": "edge", "sourceId": "table", "targetId": "output" }
        ]
    })
}

/// ZEN's collected rows as routes.
pub fn zen_routes(result: &Value) -> Routes {
    let mut routes: Routes = result
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| (r["provision"].as_str().unwrap_or("").to_string(), r["route"].as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    routes.sort();
    routes
}

/// 3. The lower bound: the same decision written out by hand.
pub fn hand_written(s: &Situation) -> Routes {
    let youth = s.age < 18 || s.children.iter().any(|c| c.age < 18);
    let wlz = s.wlz_indication;
    let institution = s.living == Living::Institution;
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
    for p in ["maatschappelijk_werk", "thuisadministratie", "ontmoeting", "mantelzorgondersteuning"] {
        add(p, Route::OpenAccess);
    }
    add("schuldhulpverlening", Route::DecisionRequired);
    match s.income_percent {
        Some(p) if p > 130 => add("inkomensondersteuning", Route::NotOffered),
        _ => add("inkomensondersteuning", Route::DecisionRequired),
    }
    add("persoonlijke_verzorging", Route::Elsewhere);
    for p in ["huishoudelijke_hulp", "begeleiding_individueel", "dagbesteding", "respijtzorg", "beschermd_wonen"] {
        add(p, if wlz { Route::Elsewhere } else { Route::DecisionRequired });
    }
    for p in ["woningaanpassing", "rolstoel", "scootmobiel", "collectief_vervoer"] {
        add(p, if wlz && institution { Route::Elsewhere } else { Route::DecisionRequired });
    }
    add("maatschappelijke_opvang", Route::DecisionRequired);
    routes.sort();
    routes
}
