//! The access log: one structured line per request with method, route template, status, duration
//! and the rule set's hash — never a body, a query or a path with data in it, so no situation and
//! no advice reaches a log.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// The hash of the rule set that answered, put on a response for the access log.
#[derive(Debug, Clone)]
pub struct RuleSetHash(pub String);

/// Logs the request after it is answered (target `toegang::http`).
pub async fn access_log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // The template (`/v1/municipalities/{id}/advice`), not the path as sent.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let start = Instant::now();
    let response = next.run(request).await;
    let rule_set = response
        .extensions()
        .get::<RuleSetHash>()
        .map(|h| h.0.clone());
    tracing::info!(
        target: "toegang::http",
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        duration_us = start.elapsed().as_micros() as u64,
        rule_set = rule_set.as_deref(),
    );
    response
}
