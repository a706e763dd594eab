//! The HTTP API (`toegang serve`) as a case system uses it: every route, the same advice bytes as
//! the CLI and the npm package, errors as problem+json with toegang's codes, limits that answer
//! instead of collapsing, logs without a situation in them, and a shutdown that finishes the
//! requests under way. Run in-process against the router, and over a socket where it matters.
#![cfg(feature = "http")]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use toegang::authoring::cases;
use toegang::http::{router, Config, Limits, API_VERSION};
use toegang::Registry;
use tower::ServiceExt;

fn registry() -> Arc<Registry> {
    Arc::new(Registry::bundled().unwrap())
}

struct Answer {
    status: StatusCode,
    content_type: String,
    api_version: String,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn send_with(limits: Limits, method: &str, uri: &str, body: &str) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let config = Config {
        limits,
        contact: None,
    };
    let response = router(registry(), config).oneshot(request).await.unwrap();
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (status, content_type, api_version) = (
        response.status(),
        header_text(header::CONTENT_TYPE.as_str()),
        header_text("api-version"),
    );
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        content_type,
        api_version,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn send(method: &str, uri: &str, body: &str) -> Answer {
    send_with(Limits::default(), method, uri, body).await
}

const RESIDENT: &str =
    r#"{"reference_date": "2026-03-01", "age": 81, "needs": ["household_tasks", "wheelchair"]}"#;

#[tokio::test]
async fn every_read_route_answers_json_with_the_api_version() {
    for (uri, check) in [
        ("/v1/health", "status"),
        ("/v1/catalogue", "needs"),
        ("/v1/situation-schema", "properties"),
        ("/v1/openapi.json", "paths"),
        ("/v1/municipalities/GM0160", "rule_sets"),
    ] {
        let answer = send("GET", uri, "").await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
        assert_eq!(answer.content_type, "application/json", "{uri}");
        assert_eq!(answer.api_version, API_VERSION, "{uri}");
        assert!(answer.json().get(check).is_some(), "{uri} has {check}");
    }
    let all = send("GET", "/v1/municipalities", "").await.json();
    let all = all.as_array().unwrap();
    assert_eq!(
        all.len(),
        Registry::bundled().unwrap().municipalities().len()
    );
    assert!(all
        .iter()
        .any(|m| m["name"] == "Zwolle" && m["has_rule_set"] == false));
    let den_haag = send("GET", "/v1/municipalities/Den%20Haag", "")
        .await
        .json();
    assert_eq!(den_haag["cbs_code"], "GM0518");
    assert!(den_haag["rule_sets"][0]["hash"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
}

#[tokio::test]
async fn the_advice_is_byte_for_byte_the_advice_of_the_cli_and_the_npm_package() {
    let registry = registry();
    let mut compared = 0;
    for rule_set in registry.rule_sets() {
        let Ok(situations) = cases::situations(rule_set.source()) else {
            continue;
        };
        for (_, situation) in situations {
            let text = serde_json::to_string(&situation).unwrap();
            let uri = format!("/v1/municipalities/{}/advice", rule_set.id());
            let answer = send("POST", &uri, &text).await;
            let expected = registry.advise(rule_set.id(), &situation).unwrap();
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            assert_eq!(answer.body, serde_json::to_string(&expected).unwrap());
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared} cases");
}

#[tokio::test]
async fn a_batch_is_answered_line_by_line_as_advise_jsonl_does() {
    let batch = format!("{RESIDENT}\n{{\"age\": 5}}\n\n{RESIDENT}\n");
    let answer = send("POST", "/v1/municipalities/hardenberg/advice-batch", &batch).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type, "application/x-ndjson");
    let registry = registry();
    let expected: String = [(1, RESIDENT), (2, "{\"age\": 5}"), (4, RESIDENT)]
        .into_iter()
        .map(|(n, text)| {
            let line = registry.advise_line("hardenberg", Ok(text), n, Default::default());
            line.json + "\n"
        })
        .collect();
    assert_eq!(answer.body, expected);
    let lines: Vec<Value> = answer
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["error"]["code"], "input");
}

#[tokio::test]
async fn strict_dates_refuses_a_date_outside_the_checked_period() {
    let later = RESIDENT.replace("2026-03-01", "2031-01-01");
    let lenient = send("POST", "/v1/municipalities/hardenberg/advice", &later).await;
    assert_eq!(lenient.status, StatusCode::OK);
    let strict = send(
        "POST",
        "/v1/municipalities/hardenberg/advice?strictDates=true",
        &later,
    )
    .await;
    assert_eq!(strict.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(strict.json()["code"], "not_valid_on_date");
    let typo = send(
        "POST",
        "/v1/municipalities/hardenberg/advice?strictDate=true",
        &later,
    )
    .await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
    assert_eq!(typo.json()["path"], "query");
}

/// A problem document: RFC 9457's members, toegang's code, the status it came with.
fn assert_problem(answer: &Answer, status: StatusCode, code: &str) -> Value {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.content_type, "application/problem+json");
    assert_eq!(answer.api_version, API_VERSION);
    let problem = answer.json();
    assert_eq!(problem["code"], code, "{problem}");
    assert_eq!(problem["status"], status.as_u16());
    assert_eq!(problem["type"], format!("urn:toegang:problem:{code}"));
    assert!(problem["title"].is_string() && problem["detail"].is_string());
    problem
}

fn draft(source: &str) -> Value {
    json!({
        "source": source,
        "metadata": {
            "id": "conceptdorp", "name": "Conceptdorp", "cbs_code": "GM9999", "version": "1",
            "valid_from": "2026-01-01",
            "sources": [{"id": "v", "title": "Concept", "seen": "2026-11-01", "status": "assumption"}],
            "parties": {"loket": {"name": "Loket", "kind": "loket"}}
        }
    })
}

fn comparison_with(draft: Value) -> String {
    json!({"municipalities": ["hardenberg", "conceptdorp"], "population": 100, "draft": draft})
        .to_string()
}

#[tokio::test]
async fn every_error_code_comes_as_problem_json_with_its_details() {
    let bad_age = RESIDENT.replace("81", "-1");
    let input = send("POST", "/v1/municipalities/hardenberg/advice", &bad_age).await;
    let problem = assert_problem(&input, StatusCode::BAD_REQUEST, "input");
    assert_eq!(problem["path"], "age");

    let unknown = send("POST", "/v1/municipalities/hardenbrg/advice", RESIDENT).await;
    let problem = assert_problem(&unknown, StatusCode::NOT_FOUND, "unknown_municipality");
    assert_eq!(problem["suggestions"], json!(["hardenberg"]));

    let later = RESIDENT.replace("2026-03-01", "2031-01-01");
    let uri = "/v1/municipalities/hardenberg/advice?strictDates=true";
    assert_problem(
        &send("POST", uri, &later).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not_valid_on_date",
    );

    for (script, code) in [
        ("let x = ;", "script_syntax"),
        ("let x = 1 / 0;", "script_runtime"),
        ("open_access(\"huishoudelijke_hulp_typo\");", "validation"),
        ("loop { }", "limit_exceeded"),
    ] {
        let answer = send("POST", "/v1/comparisons", &comparison_with(draft(script))).await;
        let problem = assert_problem(&answer, StatusCode::UNPROCESSABLE_ENTITY, code);
        assert_eq!(
            problem["location"]["file"], "draft/rules.rhai",
            "{code}: {problem}"
        );
        assert_eq!(problem["location"]["line"], 1, "{code}");
    }
    let mut bad_metadata = draft("");
    bad_metadata["metadata"]["cbs_code"] = json!("9999");
    let answer = send("POST", "/v1/comparisons", &comparison_with(bad_metadata)).await;
    assert_problem(&answer, StatusCode::UNPROCESSABLE_ENTITY, "rule_set_file");

    let nowhere = send("GET", "/v1/nowhere", "").await;
    assert_problem(&nowhere, StatusCode::NOT_FOUND, "input");
    let wrong_method = send("DELETE", "/v1/municipalities", "").await;
    assert_problem(&wrong_method, StatusCode::METHOD_NOT_ALLOWED, "input");
}

#[tokio::test]
async fn a_comparison_runs_over_a_population_a_list_or_a_draft_within_its_bounds() {
    let request =
        json!({"municipalities": ["hardenberg", "tilburg"], "population": 200, "seed": 3});
    let answer = send("POST", "/v1/comparisons", &request.to_string()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let report = answer.json();
    assert_eq!(report["situations"], 200);
    assert_eq!(report["municipalities"], json!(["hardenberg", "tilburg"]));

    let resident: Value = serde_json::from_str(RESIDENT).unwrap();
    let request = json!({"municipalities": ["hardenberg"], "situations": [resident, {"age": 3}]});
    let answer = send("POST", "/v1/comparisons", &request.to_string()).await;
    let problem = assert_problem(&answer, StatusCode::BAD_REQUEST, "input");
    assert_eq!(problem["path"], "situations[1]");

    let too_many = json!({"municipalities": ["hardenberg"], "population": 50_001});
    let answer = send("POST", "/v1/comparisons", &too_many.to_string()).await;
    let problem = assert_problem(&answer, StatusCode::BAD_REQUEST, "input");
    assert_eq!(problem["path"], "population");

    let typo = json!({"municipalities": ["hardenberg"], "populaton": 10});
    let answer = send("POST", "/v1/comparisons", &typo.to_string()).await;
    assert_problem(&answer, StatusCode::BAD_REQUEST, "input");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let limits = Limits {
        body_bytes: 1024,
        ..Limits::default()
    };
    let batch = format!("{RESIDENT}\n").repeat(20);
    let answer = send_with(
        limits,
        "POST",
        "/v1/municipalities/hardenberg/advice-batch",
        &batch,
    )
    .await;
    assert_problem(&answer, StatusCode::PAYLOAD_TOO_LARGE, "input");
    let large = format!(
        "{{\"reference_date\": \"2026-03-01\", \"pad\": \"{}\"}}",
        "x".repeat(70_000)
    );
    let answer = send("POST", "/v1/municipalities/hardenberg/advice", &large).await;
    let problem = assert_problem(&answer, StatusCode::BAD_REQUEST, "input");
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("at most 65536"));
}

/// Requests over a socket, as a case system sends them: (status, headers and body as text).
async fn http(address: std::net::SocketAddr, method: &str, path: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_requests_than_it_takes_at_once_get_503_with_retry_after() {
    let limits = Limits {
        concurrency: 1,
        ..Limits::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = Config {
        limits,
        contact: None,
    };
    let server = tokio::spawn(toegang::http::serve(listener, registry(), config, async {
        let _ = stopped.await;
    }));
    let slow = json!({"municipalities": ["hardenberg", "tilburg", "lansingerland", "den_haag"], "population": 40_000});
    let slow =
        tokio::spawn(
            async move { http(address, "POST", "/v1/comparisons", &slow.to_string()).await },
        );
    // While the comparison runs (seconds in a debug build), the next request is turned away.
    let mut refused = String::new();
    while !slow.is_finished() && !refused.starts_with("HTTP/1.1 503") {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        refused = http(address, "GET", "/v1/health", "").await;
    }
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    assert!(
        refused.to_lowercase().contains("retry-after: 1"),
        "{refused}"
    );
    assert!(refused.contains("\"code\":\"unavailable\""), "{refused}");
    // Shutting down lets the request under way finish.
    stop.send(()).unwrap();
    let finished = slow.await.unwrap();
    assert!(
        finished.starts_with("HTTP/1.1 200"),
        "{}",
        &finished[..200.min(finished.len())]
    );
    assert!(finished.contains("\"situations\":40000"));
    server.await.unwrap().unwrap();
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
    assert_eq!(advice.status, StatusCode::OK);
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
    assert!(!advice.headers.contains_key("set-cookie"));
}
