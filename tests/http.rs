//! The HTTP API (`toegang serve`) as a case system uses it: every route, the same advice bytes as
//! the CLI and the npm package, errors as problem+json with toegang's codes, limits that answer
//! instead of collapsing, logs without a situation in them, and a shutdown that finishes the
//! requests under way. Run in-process against the router, and over a socket where it matters.
#![cfg(feature = "http")]

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use toegang::http::{router, Config, Limits, API_VERSION};
use toegang::Registry;
use tower::ServiceExt;

/// The bundled rule sets, compiled once for every test here: a registry never changes once made
/// (a reload swaps in another), and compiling 45 rule sets for each of the route walk's 1,800
/// requests took a debug build minutes.
fn registry() -> Arc<Registry> {
    static BUNDLED: std::sync::OnceLock<Arc<Registry>> = std::sync::OnceLock::new();
    BUNDLED
        .get_or_init(|| Arc::new(Registry::bundled().unwrap()))
        .clone()
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
    let config = Config {
        limits,
        ..Config::default()
    };
    let request = request(method, uri, Some("application/json"), body.as_bytes());
    exchange(config, request).await
}

fn request(method: &str, uri: &str, media_type: Option<&str>, body: &[u8]) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(media_type) = media_type {
        request = request.header(header::CONTENT_TYPE, media_type);
    }
    request.body(Body::from(body.to_vec())).unwrap()
}

/// One request to a router set up with `config`, answered without a socket.
async fn exchange(config: Config, request: Request<Body>) -> Answer {
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
    let cases = common::municipal_cases(&registry);
    for (id, situation) in &cases {
        let text = serde_json::to_string(situation).unwrap();
        let uri = format!("/v1/municipalities/{id}/advice");
        let answer = send("POST", &uri, &text).await;
        let expected = registry.advise(id, situation).unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body, serde_json::to_string(&expected).unwrap());
    }
    assert!(cases.len() > 100, "{} cases", cases.len());
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
    // Whatever the body's media type: a path or method no route has is answered as such.
    for (method, uri, status) in [
        ("POST", "/v1/nowhere", StatusCode::NOT_FOUND),
        ("POST", "/v1/municipalities", StatusCode::METHOD_NOT_ALLOWED),
    ] {
        let answer = exchange(
            Config::default(),
            request(method, uri, Some("text/plain"), b"x"),
        )
        .await;
        assert_problem(&answer, status, "input");
    }
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
async fn a_body_up_to_the_limit_is_read_whole() {
    // 3 MiB of blank lines around one situation: over axum's own 2 MB default, under 4 MiB.
    let batch = format!("{}{RESIDENT}\n", "  \n".repeat(1024 * 1024));
    let answer = send("POST", "/v1/municipalities/hardenberg/advice-batch", &batch).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body.lines().count(), 1);
    assert_eq!(answer.json()["municipality"]["id"], "hardenberg");
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

#[tokio::test]
async fn every_route_answers_malformed_paths_bodies_and_media_types_with_a_documented_problem() {
    let document = toegang::http::openapi(None);
    let long = "x".repeat(5_000);
    let ids = ["%ff", "%C3%28", "a%2Fb", "%00", long.as_str(), "hardenberg"];
    let bodies: [&[u8]; 5] = [b"", b"{", b"\xff\xfe", b"[]", b"null"];
    let media_types = [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/json"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (template, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let documented = operation["responses"].as_object().unwrap();
            for id in ids {
                let uri = format!("/v1{}", template.replace("{id}", id));
                for (body, media_type) in bodies.iter().flat_map(|b| media_types.map(|m| (b, m))) {
                    let method = method.to_uppercase();
                    let answer =
                        exchange(Config::default(), request(&method, &uri, media_type, body)).await;
                    let what = format!("{method} {template} ({media_type:?}, {body:?})");
                    let status = answer.status.as_u16().to_string();
                    assert!(
                        documented.contains_key(&status),
                        "{what}: {status} is not documented"
                    );
                    if answer.status.is_success() {
                        assert!(answer.content_type.starts_with("application/"), "{what}");
                        assert!(!answer.content_type.contains("problem"), "{what}");
                    } else {
                        assert_eq!(
                            answer.content_type, "application/problem+json",
                            "{what}: {}",
                            answer.body
                        );
                        assert!(answer.json()["code"].is_string(), "{what}");
                        // A 5,000-character id is never echoed back whole.
                        assert!(
                            answer.body.len() < 2_000,
                            "{what}: {} bytes",
                            answer.body.len()
                        );
                    }
                    seen.insert(answer.status.as_u16());
                }
            }
        }
    }
    for status in [200, 400, 404, 415] {
        assert!(seen.contains(&status), "the walk met {status}: {seen:?}");
    }
}

#[tokio::test]
async fn a_body_must_be_sent_as_json() {
    let uri = "/v1/municipalities/hardenberg/advice";
    for media_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let answer = exchange(
            Config::default(),
            request("POST", uri, media_type, RESIDENT.as_bytes()),
        )
        .await;
        let problem = assert_problem(&answer, StatusCode::UNSUPPORTED_MEDIA_TYPE, "input");
        assert_eq!(problem["path"], "Content-Type");
    }
    let json = Some("application/json; charset=utf-8");
    let answer = exchange(
        Config::default(),
        request("POST", uri, json, RESIDENT.as_bytes()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let batch = "/v1/municipalities/hardenberg/advice-batch";
    let lines = Some("application/x-ndjson");
    let answer = exchange(
        Config::default(),
        request("POST", batch, lines, RESIDENT.as_bytes()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[tokio::test]
async fn browsers_may_call_it_only_from_the_origins_named() {
    let from = |origin: &str, method: &str| {
        let mut request = request(method, "/v1/health", None, b"");
        let headers = request.headers_mut();
        headers.insert(header::ORIGIN, origin.parse().unwrap());
        headers.insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            "POST".parse().unwrap(),
        );
        request
    };
    let allowed = |answer: &Answer| {
        answer
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let stranger = "https://elders.example";
    // By default no page anywhere may read an answer, nor send a request that needs asking first.
    let answer = exchange(Config::default(), from(stranger, "GET")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(allowed(&answer), None);
    let preflight = exchange(Config::default(), from(stranger, "OPTIONS")).await;
    assert_problem(&preflight, StatusCode::METHOD_NOT_ALLOWED, "input");
    assert_eq!(allowed(&preflight), None);

    let case_system = "https://zaak.gemeente.example";
    let named = || Config {
        cors_origins: vec![case_system.parse().unwrap()],
        ..Config::default()
    };
    let answer = exchange(named(), from(case_system, "GET")).await;
    assert_eq!(allowed(&answer).as_deref(), Some(case_system));
    let preflight = exchange(named(), from(case_system, "OPTIONS")).await;
    assert_eq!(preflight.status, StatusCode::OK);
    assert_eq!(allowed(&preflight).as_deref(), Some(case_system));
    let answer = exchange(named(), from(stranger, "GET")).await;
    assert_eq!(allowed(&answer), None);
}

/// A server on a socket with `limits`, as `toegang serve` runs it, and the way to stop it.
struct Server {
    address: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    running: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(limits: Limits) -> Server {
        Server::start_with(limits, registry().into()).await
    }

    async fn start_with(limits: Limits, rules: toegang::http::RuleSets) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let config = Config {
            limits,
            ..Config::default()
        };
        let running = tokio::spawn(toegang::http::serve(listener, rules, config, async {
            let _ = stopped.await;
        }));
        Server {
            address,
            stop: Some(stop),
            running,
        }
    }

    /// Asks the server to shut down; `stopped` waits for it.
    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Waits until the server has stopped. The bound only keeps a broken shutdown from hanging
    /// the test run; a working one stops in milliseconds.
    async fn stopped(self) {
        let stopped = tokio::time::timeout(HANG_GUARD, self.running).await;
        stopped.expect("the server did not stop").unwrap().unwrap();
    }

    /// Sends a request over a new connection and reads the answer to its end.
    async fn request(&self, method: &str, path: &str, body: &str) -> String {
        let mut stream = self.send(method, path, body).await;
        read_to_end(&mut stream).await
    }

    /// Sends a request (`Connection: close`) without reading the answer.
    async fn send(&self, method: &str, path: &str, body: &str) -> tokio::net::TcpStream {
        use tokio::io::AsyncWriteExt;
        let mut stream = tokio::net::TcpStream::connect(self.address).await.unwrap();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        stream
    }

    /// Sends a request that is to hold the server's one slot, and returns its connection with
    /// the 503 `/v1/health` got once it does. Should a health check take the slot first, that
    /// request is itself turned away (503 busy) and is sent again.
    async fn holding_the_slot(
        &self,
        method: &str,
        path: &str,
        body: &str,
    ) -> (tokio::net::TcpStream, String) {
        // A health check wins the race now and then, never a hundred times in a row.
        for _ in 0..100 {
            let mut work = self.send(method, path, body).await;
            let ended = tokio::select! {
                refused = self.health_until("HTTP/1.1 503") => Err(refused),
                answer = read_to_end(&mut work) => Ok(answer),
            };
            match ended {
                Err(refused) => return (work, refused),
                Ok(answer) => assert!(
                    answer.starts_with("HTTP/1.1 503")
                        && answer.contains("\"code\":\"unavailable\""),
                    "the request meant to hold the slot ended: {}",
                    answer.chars().take(2_000).collect::<String>()
                ),
            }
        }
        panic!("{method} {path} never took the slot from the health checks")
    }

    /// Asks `/v1/health` until the answer starts with `status` (the server's state changes
    /// beside the test: a slot taken or freed by work on another thread).
    async fn health_until(&self, status: &str) -> String {
        // What was seen, for the message should the guard run out: always another status, or no
        // answer at all (a request that hung).
        let seen = std::sync::Mutex::new((0usize, String::from("no answer")));
        let wait = async {
            loop {
                let answer = self.request("GET", "/v1/health", "").await;
                if answer.starts_with(status) {
                    return answer;
                }
                if let Ok(mut seen) = seen.lock() {
                    *seen = (seen.0 + 1, answer.lines().next().unwrap_or("").to_string());
                }
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        };
        match tokio::time::timeout(HANG_GUARD, wait).await {
            Ok(answer) => answer,
            Err(_) => {
                let (answers, last) = seen.lock().map(|s| s.clone()).unwrap_or_default();
                panic!("/v1/health never answered {status}: {answers} other answers, the last `{last}`")
            }
        }
    }
}

/// How long a test waits for something that happens at once when the server works, before it
/// fails instead of hanging: far beyond any slow machine, far below the minutes a broken
/// server would take.
const HANG_GUARD: std::time::Duration = std::time::Duration::from_secs(120);

/// Reads a connection to its end (a connection the server broke off counts as its end).
async fn read_to_end(stream: &mut tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Limits that never run out during a test, so nothing depends on how fast the machine is.
fn patient(concurrency: usize) -> Limits {
    let hour = std::time::Duration::from_secs(3600);
    Limits {
        concurrency,
        timeout: hour,
        body_timeout: hour,
        header_timeout: hour,
        shutdown_grace: hour,
        ..Limits::default()
    }
}

/// A comparison that runs for many minutes unless it is stopped: a draft that spends most of
/// its operations budget on every one of 50,000 situations. It reads the resident's age 300
/// times, so no evaluation is remembered for the next resident (`script/memo.rs`).
fn endless_comparison() -> String {
    comparison_with(draft(
        "for i in 0..79000 {} for i in 0..300 { if resident.age > 200 {} }",
    ))
    .replace("\"population\":100", "\"population\":50000")
}

/// JSON lines of a resident asking for every adult need: about 60 KB of advice each.
fn heavy_batch(lines: usize) -> String {
    let resident = json!({"reference_date": "2026-03-01", "age": 81, "needs": [
        "household_tasks", "personal_care", "home_adaptation", "wheelchair",
        "getting_around_outdoors", "transport", "daytime_activities", "individual_guidance",
        "money_and_debts", "administration", "loneliness", "respite_care", "carer_support",
        "meals", "sheltered_living", "personal_problems", "shelter"]});
    format!("{resident}\n").repeat(lines)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_requests_than_it_takes_at_once_get_503_with_retry_after() {
    let server = Server::start(patient(1)).await;
    // A batch whose answer is never read: its writer waits for the client once the connection's
    // buffers are full, and holds the one slot for as long as the connection is open, however
    // fast or busy the machine.
    let (_unread, refused) = server
        .holding_the_slot(
            "POST",
            "/v1/municipalities/hardenberg/advice-batch",
            &heavy_batch(400),
        )
        .await;
    assert!(
        refused.to_lowercase().contains("retry-after: 1"),
        "{refused}"
    );
    assert!(refused.contains("application/problem+json"), "{refused}");
    assert!(refused.contains("\"code\":\"unavailable\""), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_past_its_deadline_gets_503_and_its_work_stops() {
    let limits = Limits {
        timeout: std::time::Duration::from_millis(300),
        ..patient(1)
    };
    let server = Server::start(limits).await;
    let answer = server
        .request("POST", "/v1/comparisons", &endless_comparison())
        .await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("took too long"), "{answer}");
    // The comparison's work holds the slot until it has stopped: had it gone on computing, the
    // server would stay busy for minutes.
    server.health_until("HTTP/1.1 200").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_whose_client_went_away_stops() {
    let server = Server::start(patient(1)).await;
    let (comparison, _) = server
        .holding_the_slot("POST", "/v1/comparisons", &endless_comparison())
        .await;
    drop(comparison);
    server.health_until("HTTP/1.1 200").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_holds_no_slot_and_gets_408() {
    use tokio::io::AsyncWriteExt;
    let limits = Limits {
        body_timeout: std::time::Duration::from_millis(300),
        ..patient(1)
    };
    let server = Server::start(limits).await;
    let mut slow = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    let head = "POST /v1/municipalities/hardenberg/advice HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"age\"";
    slow.write_all(head.as_bytes()).await.unwrap();
    // The one slot is free while the body trickles in.
    let health = server.request("GET", "/v1/health", "").await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let answer = read_to_end(&mut slow).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("did not arrive within 0.3 s"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_requests_under_way() {
    use tokio::io::AsyncReadExt;
    let mut server = Server::start(patient(4)).await;
    let mut batch = server
        .send(
            "POST",
            "/v1/municipalities/hardenberg/advice-batch",
            &heavy_batch(40),
        )
        .await;
    // The answer has begun: the request is under way when the shutdown comes.
    let mut first = [0u8; 12];
    batch.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    server.shut_down();
    let rest = read_to_end(&mut batch).await;
    assert_eq!(rest.matches("\"provisions\"").count(), 40);
    assert!(rest.ends_with("\r\n0\r\n\r\n"), "the answer is complete");
    server.stopped().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compressed_batch_ends_whole() {
    use tokio::io::AsyncWriteExt;
    let server = Server::start(patient(4)).await;
    let batch = format!("{RESIDENT}\n").repeat(20);
    let mut stream = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    let request = format!(
        "POST /v1/municipalities/hardenberg/advice-batch HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{batch}",
        batch.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    let _ = tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut bytes).await;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(400)]).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    // The compressed stream asks the batch once more after its end: still an end, not a break.
    assert!(bytes.ends_with(b"\r\n0\r\n\r\n"), "the answer is complete");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_a_connection_stuck_in_its_headers_after_the_grace_period() {
    use tokio::io::AsyncWriteExt;
    let limits = Limits {
        shutdown_grace: std::time::Duration::from_millis(100),
        ..patient(4)
    };
    let mut server = Server::start(limits).await;
    let mut stuck = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    stuck
        .write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // The server has the half-sent request once it answers on another connection after it.
    server.health_until("HTTP/1.1 200").await;
    server.shut_down();
    server.stopped().await;
    assert_eq!(
        read_to_end(&mut stuck).await,
        "",
        "closed without an answer"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_streams_its_answer_and_breaks_off_at_its_deadline() {
    let limits = Limits {
        timeout: std::time::Duration::from_millis(300),
        ..patient(1)
    };
    let server = Server::start(limits).await;
    // About 120 MB of advice: more than any buffer between server and client holds.
    let mut batch = server
        .send(
            "POST",
            "/v1/municipalities/hardenberg/advice-batch",
            &heavy_batch(2_000),
        )
        .await;
    // Not reading holds up the batch until its deadline has certainly passed.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let answer = read_to_end(&mut batch).await;
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        &answer[..200.min(answer.len())]
    );
    let head = &answer[..answer.find("\r\n\r\n").unwrap()].to_lowercase();
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    let lines = answer.matches("\"provisions\"").count();
    assert!(lines < 2_000, "stopped at the deadline: {lines} lines");
    assert!(!answer.ends_with("\r\n0\r\n\r\n"), "broken off, not ended");
    // Its slot is free again.
    server.health_until("HTTP/1.1 200").await;
}

/// The bundled rule sets published into a folder of this test's own, Hardenberg's `checked_on`
/// set to `checked_on` (which changes its hash).
fn publish_with_hardenberg_checked_on(name: &str, checked_on: &str) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("toegang-http-{name}-{}", std::process::id()));
    let (folder, out) = (root.join("hardenberg"), root.join("published"));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    for file in ["ruleset.toml", "rules.rhai", "cases.toml"] {
        std::fs::copy(format!("rules/hardenberg/{file}"), folder.join(file)).unwrap();
    }
    let toml = std::fs::read_to_string(folder.join("ruleset.toml")).unwrap();
    let line = toml.lines().find(|l| l.starts_with("checked_on")).unwrap();
    let toml = toml.replace(line, &format!("checked_on = \"{checked_on}\""));
    std::fs::write(folder.join("ruleset.toml"), toml).unwrap();
    let source = toegang::RuleSetSource::read_dir(&folder).unwrap();
    let hardenberg = toegang::CompiledRuleSet::compile(source).unwrap();
    let registry = Registry::bundled()
        .unwrap()
        .checked_with(&[hardenberg])
        .unwrap();
    let (index, files) = registry.publish().unwrap();
    for file in files {
        std::fs::write(out.join(&file.entry.file), &file.bytes).unwrap();
    }
    std::fs::write(
        out.join("index.json"),
        serde_json::to_string(&index).unwrap(),
    )
    .unwrap();
    out
}

/// The rule set hash an advice answer names.
fn hash_of(answer: &str) -> String {
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let json: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"));
    json["rule_set"]["hash"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_answers_new_requests_from_the_new_rule_sets_and_fails_none() {
    let old_dir = publish_with_hardenberg_checked_on("reload-old", "2026-11-01");
    let new_dir = publish_with_hardenberg_checked_on("reload-new", "2026-12-01");
    let rules = toegang::http::RuleSets::new(Arc::new(Registry::from_published(&old_dir).unwrap()));
    let server = Arc::new(Server::start_with(patient(256), rules.clone()).await);
    let advise = |server: Arc<Server>| async move {
        server
            .request("POST", "/v1/municipalities/hardenberg/advice", RESIDENT)
            .await
    };
    let old = hash_of(&advise(server.clone()).await);
    // Four clients ask without pause while the rule sets are swapped under them.
    let reloaded = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (server, reloaded) = (server.clone(), reloaded.clone());
            tokio::spawn(async move {
                let mut seen = Vec::new();
                loop {
                    let done = reloaded.load(std::sync::atomic::Ordering::SeqCst);
                    let answer = advise(server.clone()).await;
                    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
                    seen.push((done, hash_of(&answer)));
                    if done {
                        return seen;
                    }
                }
            })
        })
        .collect();
    rules.reload(&new_dir).unwrap();
    reloaded.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut answers = Vec::new();
    for client in clients {
        answers.extend(client.await.unwrap());
    }
    let new = hash_of(&advise(server.clone()).await);
    assert_ne!(old, new);
    for (after_reload, hash) in &answers {
        assert!(hash == &old || hash == &new, "{hash}");
        // A request that started after the reload returned was answered by the new rules.
        if *after_reload {
            assert_eq!(hash, &new);
        }
    }
    // A folder with a tampered file is refused whole; the rules in use stay.
    let file = std::fs::read_dir(&old_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("hardenberg."))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("Hardenberg", "Hardenbreg", 1)).unwrap();
    let error = rules.reload(&old_dir).unwrap_err();
    assert_eq!(error.code(), "rule_set_tampered");
    assert_eq!(hash_of(&advise(server.clone()).await), new);
}

/// `toegang serve` as a process of its own on a free port, its log on `log`; ended when dropped.
struct ServeProcess {
    child: std::process::Child,
    address: String,
}

impl ServeProcess {
    /// Serves the bundled rule sets, or the published folder `rules`.
    fn start(rules: Option<&std::path::Path>, log: std::process::Stdio) -> ServeProcess {
        use std::io::{BufRead, BufReader};
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_toegang"));
        command.args(["serve", "--port", "0"]);
        if let Some(dir) = rules {
            command.arg("--rules").arg(dir);
        }
        let mut child = command
            .stdout(std::process::Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let address = first.split("http://").nth(1).unwrap().split('/').next();
        let address = address.unwrap().to_string();
        ServeProcess { child, address }
    }

    /// Sends SIGHUP, as `systemctl reload` does.
    fn hang_up(&self) {
        let hangup = std::process::Command::new("kill")
            .args(["-HUP", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(hangup.success());
    }

    /// Sends `request` on a connection of its own; what came back before it closed.
    fn exchange(&self, request: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const HEALTH: &str = "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

#[test]
fn serve_reloads_its_rules_folder_on_sighup() {
    let old_dir = publish_with_hardenberg_checked_on("hup-old", "2026-11-02");
    let new_dir = publish_with_hardenberg_checked_on("hup-new", "2026-12-02");
    let serving = old_dir.parent().unwrap().join("serving");
    let _ = std::fs::remove_dir_all(&serving);
    let copy = |from: &std::path::Path| {
        std::fs::create_dir_all(&serving).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, serving.join(path.file_name().unwrap())).unwrap();
        }
    };
    copy(&old_dir);
    let server = ServeProcess::start(Some(&serving), std::process::Stdio::null());
    let advise = || {
        let request = format!(
            "POST /v1/municipalities/hardenberg/advice HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{RESIDENT}",
            RESIDENT.len()
        );
        hash_of(&server.exchange(&request))
    };
    let old = advise();
    copy(&new_dir);
    server.hang_up();
    // The reload happens beside the requests; ask until it shows (a hang guard, not a timing).
    let start = std::time::Instant::now();
    let mut now = advise();
    while now == old && start.elapsed() < HANG_GUARD {
        std::thread::sleep(std::time::Duration::from_millis(20));
        now = advise();
    }
    assert_ne!(now, old, "SIGHUP did not reload the rules");
}

#[test]
fn sighup_without_a_rules_folder_says_there_is_nothing_to_reload_and_serves_on() {
    use std::io::{BufRead, BufReader};
    let mut server = ServeProcess::start(None, std::process::Stdio::piped());
    server.hang_up();
    // The log says so; a server the signal had ended would close its log instead. The log is
    // read to its end beside the test, so the server can go on writing it.
    let (lines, log) = std::sync::mpsc::channel();
    let stderr = BufReader::new(server.child.stderr.take().unwrap());
    std::thread::spawn(move || {
        stderr
            .lines()
            .map_while(Result::ok)
            .try_for_each(|l| lines.send(l))
    });
    let said = log.iter().find(|line| line.contains("nothing to reload"));
    let answer = server.exchange(HEALTH);
    assert!(
        said.is_some_and(|line| line.contains("--rules DIR")),
        "no line in the log"
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_server_whose_log_cannot_be_written_goes_on_answering() {
    let mut server = ServeProcess::start(None, std::process::Stdio::piped());
    // Whatever reads the log is gone: each access log line now fails to be written.
    drop(server.child.stderr.take());
    for _ in 0..3 {
        let answer = server.exchange(HEALTH);
        assert!(answer.starts_with("HTTP/1.1 200"), "answered: {answer:?}");
    }
}

/// Which questions matter, over HTTP: the same list as the library and `toegang questions`, and a
/// bad situation or municipality is problem+json like the advice's.
#[tokio::test]
async fn the_questions_that_matter_are_the_libraries_and_errors_are_problems() {
    let registry = registry();
    let westerveld = r#"{"reference_date": "2026-03-01", "age": 80, "needs": ["household_tasks"]}"#;
    let answer = send(
        "POST",
        "/v1/municipalities/westerveld/questions",
        westerveld,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let expected = toegang::api::questions(
        &registry,
        "westerveld",
        &toegang::Situation::from_json(westerveld).unwrap(),
        Default::default(),
    )
    .unwrap();
    assert_eq!(answer.body, serde_json::to_string(&expected).unwrap());
    assert!(answer
        .body
        .contains(r#"{"fact":"income_percent","answered":false}"#));
    let bad = send(
        "POST",
        "/v1/municipalities/westerveld/questions",
        r#"{"age": "old"}"#,
    )
    .await;
    assert_problem(&bad, StatusCode::BAD_REQUEST, "input");
    let unknown = send("POST", "/v1/municipalities/nergens/questions", westerveld).await;
    assert_problem(&unknown, StatusCode::NOT_FOUND, "unknown_municipality");
}
