//! The HTTP face (`toegang serve`, feature `http`): the same core for case systems, by the Dutch
//! API Design Rules — versioned paths (`/v1`), an `API-Version` header on every response, errors
//! as `application/problem+json` (RFC 9457) with toegang's error `code`, and an OpenAPI document
//! generated from the Rust types. Thin like the other faces: each handler reads the request,
//! calls the registry or `toegang::api`, and writes the answer.
//!
//! A resident's situation is never logged: the access log holds method, route template, status,
//! duration and the rule set's hash, nothing from a body.

mod admission;
mod body;
mod log;
mod openapi;
mod problem;
mod routes;
mod rule_sets;
mod server;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use openapi::openapi;
pub use rule_sets::RuleSets;
pub use server::serve;

/// The version of the HTTP API, in every response's `API-Version` header and the OpenAPI
/// document; the path carries its major version (`/v1`).
pub const API_VERSION: &str = "1.0.0";

/// How much one server takes on, and for how long. Every bound answers with a problem document
/// naming it, so no single client can wear the server down: not with many requests, large ones,
/// slow ones or ones that never finish.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests computed at the same time; more are answered 503 with `Retry-After` at once,
    /// instead of queueing until everything is slow. A request takes its slot only once its body
    /// has arrived, so slow senders do not hold one, and keeps it until its work has stopped.
    pub concurrency: usize,
    /// The largest request body in bytes (a batch of JSON lines; one situation is at most 64 KiB).
    pub body_bytes: usize,
    /// How long the whole request body may take to arrive; slower senders get 408.
    pub body_timeout: Duration,
    /// How long a client may take to send a request's headers before the connection is closed.
    pub header_timeout: Duration,
    /// The longest a request may compute: then it is answered 503 and its work is stopped (a
    /// comparison between two situations, a batch between two lines).
    pub timeout: Duration,
    /// How long a shutdown waits for the requests under way; then open connections are closed.
    pub shutdown_grace: Duration,
    /// The most situations one comparison may run over in a request (larger ones belong in the
    /// CLI, which shows progress).
    pub comparison_situations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrency: 256,
            body_bytes: 4 * 1024 * 1024,
            body_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(30),
            comparison_situations: 50_000,
        }
    }
}

/// Who runs this server, for the OpenAPI document's `info.contact` (the API Design Rules ask for
/// name, url and email; `toegang serve --contact-name … --contact-url … --contact-email …`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Contact {
    /// The organisation that runs the server (a municipality, a supplier).
    pub name: String,
    /// Its web page about the API.
    pub url: String,
    /// Where a case system's developers write to.
    pub email: String,
}

/// How one server is set up: its limits, who runs it and which web pages may call it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// How much it takes on at once.
    pub limits: Limits,
    /// Who runs it; left out of the OpenAPI document when not given.
    pub contact: Option<Contact>,
    /// The origins (`https://zaak.gemeente.nl`) whose pages a browser lets call the API (CORS).
    /// Empty by default: case systems call it from their servers, and any other web page a case
    /// worker opens cannot use their browser to reach it.
    pub cors_origins: Vec<HeaderValue>,
}

/// What every handler shares: the rule sets (replaceable) and the OpenAPI document, made once for
/// the life of the server.
#[derive(Clone)]
struct AppState {
    rules: RuleSets,
    limits: Limits,
    /// The OpenAPI document as JSON text, written once.
    openapi: Arc<str>,
}

/// The API as a router, ready for [`serve`] (or for tests, without a socket).
pub fn router(rules: impl Into<RuleSets>, config: Config) -> Router {
    let limits = config.limits;
    let state = AppState {
        rules: rules.into(),
        limits,
        openapi: openapi(config.contact.as_ref()).to_string().into(),
    };
    // Inside out: a request is admitted to a compute slot only after its body has arrived in
    // full (within its time and size), so a slow or large upload never holds a slot.
    let router = routes::routes()
        .with_state(state)
        // The body is in memory already, within `body_bytes` (body.rs): no second, smaller limit.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            admission::Gate::new(&limits),
            admission::admit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            body::BodyLimits::from(&limits),
            body::read_body,
        ))
        .layer(axum::middleware::from_fn(log::access_log))
        .layer(CompressionLayer::new());
    let router = match cors(&config.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router.layer(SetResponseHeaderLayer::overriding(
        HeaderName::from_static("api-version"),
        HeaderValue::from_static(API_VERSION),
    ))
}

/// CORS for the named origins only; none named, no CORS headers at all.
fn cors(origins: &[HeaderValue]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([axum::http::header::CONTENT_TYPE])
            .expose_headers([HeaderName::from_static("api-version")]),
    )
}
