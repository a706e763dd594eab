//! The access log of the HTTP API holds no situation and no advice. In a test binary of its own:
//! tracing decides once per log statement whether anyone listens, and a request handled on
//! another test's thread at the same moment could make that decision for this test's listener.
#![cfg(feature = "http")]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use toegang::http::{router, Config};
use toegang::Registry;
use tower::ServiceExt;

/// Sends one request to a fresh router: its status and headers.
async fn send(method: &str, uri: &str, body: &str) -> axum::http::Response<Body> {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let registry = Arc::new(Registry::bundled().unwrap());
    router(registry, Config::default())
        .oneshot(request)
        .await
        .unwrap()
}

/// Collects what the access log writes, in memory.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_log_holds_no_situation_and_no_advice() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let marked = r#"{"reference_date": "2026-03-01", "age": 93, "household": "single_parent", "children": [{"age": 11}], "income_percent": 117, "needs": ["parenting", "money_and_debts"]}"#;
    let advice = send("POST", "/v1/municipalities/lansingerland/advice", marked).await;
    assert_eq!(advice.status(), StatusCode::OK);
    send(
        "POST",
        "/v1/municipalities/lansingerland/advice-batch",
        marked,
    )
    .await;
    send(
        "POST",
        "/v1/municipalities/lansingerland/advice",
        &marked.replace("93", "-93"),
    )
    .await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{log}");
    for line in &lines {
        let fields: Vec<&str> = line["fields"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for field in &fields {
            assert!(
                [
                    "method",
                    "route",
                    "status",
                    "duration_us",
                    "rule_set",
                    "message"
                ]
                .contains(field),
                "a log field that could hold data: {field} in {line}"
            );
        }
        assert!(line["fields"]["route"].as_str().unwrap().contains("{id}"));
    }
    assert!(lines[0]["fields"]["rule_set"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    // The clock's fields are left out of the search: a timestamp's milliseconds or a duration
    // may well read "117" without holding the resident's income.
    let without_clock: Vec<String> = lines
        .iter()
        .cloned()
        .map(|mut line| {
            line.as_object_mut().unwrap().remove("timestamp");
            line["fields"]
                .as_object_mut()
                .unwrap()
                .remove("duration_us");
            line.to_string()
        })
        .collect();
    let without_clock = without_clock.join("\n");
    for fact in [
        "single_parent",
        "parenting",
        "money_and_debts",
        "117",
        "\"age\"",
        "Lansingerland",
    ] {
        assert!(
            !without_clock.contains(fact),
            "the log holds `{fact}`: {log}"
        );
    }
    assert!(!advice.headers().contains_key("set-cookie"));
}
