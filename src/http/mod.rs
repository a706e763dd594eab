//! The HTTP face (`toegang serve`, feature `http`): the same core for case systems, by the Dutch
//! API Design Rules — versioned paths (`/v1`), an `API-Version` header on every response, errors
//! as `application/problem+json` (RFC 9457) with toegang's error `code`, and an OpenAPI document
//! generated from the Rust types. Thin like the other faces: each handler reads the request,
//! calls the registry or `toegang::api`, and writes the answer.
//!
//! A resident's situation is never logged: the access log holds method, route template, status,
//! duration and the rule set's hash, nothing from a body.

mod log;
mod openapi;
mod problem;
mod routes;

use crate::registry::Registry;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use openapi::openapi;

/// The version of the HTTP API, in every response's `API-Version` header and the OpenAPI
/// document; the path carries its major version (`/v1`).
pub const API_VERSION: &str = "1.0.0";

/// How much one server takes on at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests handled at the same time; more are answered 503 with `Retry-After` at once,
    /// instead of queueing until everything is slow.
    pub concurrency: usize,
    /// The largest request body in bytes (a batch of JSON lines; one situation is at most 64 KiB).
    pub body_bytes: usize,
    /// The longest a request may take before it is answered 503.
    pub timeout: Duration,
    /// The most situations one comparison may run over in a request (larger ones belong in the
    /// CLI, which shows progress).
    pub comparison_situations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrency: 256,
            body_bytes: 4 * 1024 * 1024,
            timeout: Duration::from_secs(30),
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

/// How one server is set up: its limits and who runs it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// How much it takes on at once.
    pub limits: Limits,
    /// Who runs it; left out of the OpenAPI document when not given.
    pub contact: Option<Contact>,
}

/// What every handler shares: the compiled rule sets and the OpenAPI document, made once for the
/// life of the server.
#[derive(Clone)]
struct AppState {
    registry: Arc<Registry>,
    limits: Limits,
    /// The OpenAPI document as JSON text, written once.
    openapi: Arc<str>,
}

/// The API as a router, ready for `axum::serve` (or for tests, without a socket).
pub fn router(registry: Arc<Registry>, config: Config) -> Router {
    let limits = config.limits;
    let state = AppState {
        registry,
        limits,
        openapi: openapi(config.contact.as_ref()).to_string().into(),
    };
    // One limit for the whole server: axum gives each route its own copy of a layer, and a
    // per-route limit would let every route take `concurrency` requests.
    let overload = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(problem::overloaded))
        .load_shed()
        .layer(GlobalConcurrencyLimitLayer::new(limits.concurrency))
        .timeout(limits.timeout);
    routes::routes()
        .with_state(state)
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(overload)
        .layer(axum::middleware::from_fn(log::access_log))
        .layer(CompressionLayer::new())
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers(Any)
                .expose_headers([HeaderName::from_static("api-version")]),
        )
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("api-version"),
            HeaderValue::from_static(API_VERSION),
        ))
}

/// Serves the API on `listener` until `shutdown` completes, then finishes the requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    registry: Arc<Registry>,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(registry, config))
        .with_graceful_shutdown(shutdown)
        .await
}
