//! One decision, four implementations: toegang (Rhai), GoRules ZEN (a JDM decision table), a
//! hand-written Rust function, and (in `benches/node/peers.mjs`) json-rules-engine. The decision
//! and everything but ZEN live in `decision.rs`, which the test `tests/peers.rs` shares.

use serde_json::{json, Value};

#[path = "decision.rs"]
mod decision;
pub use decision::*;

/// GoRules ZEN: the rows as one decision table (hit policy "collect") in a JDM graph.
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
            let mut rule = json!({
                "_id": format!("row{i}"),
                "in_needs": needs,
                "in_income": income,
                "out_provision": format!("\"{}\"", row.provision),
                "out_route": format!("\"{}\"", row.route),
            });
            for key in FLAGS {
                rule[format!("in_{key}")] = json!(flag(key));
            }
            rule
        })
        .collect();
    let mut inputs = vec![
        column("in_needs", "needs"),
        column("in_income", "income_percent"),
    ];
    inputs.extend(FLAGS.iter().map(|key| column(&format!("in_{key}"), key)));
    json!({
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            { "id": "input", "type": "inputNode", "name": "Request", "position": { "x": 0, "y": 0 } },
            { "id": "table", "type": "decisionTableNode", "name": "Routes", "position": { "x": 200, "y": 0 },
              "content": {
                "hitPolicy": "collect",
                "inputs": inputs,
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
                .map(|r| {
                    (
                        r["provision"].as_str().unwrap_or("").to_string(),
                        r["route"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    routes.sort();
    routes
}
