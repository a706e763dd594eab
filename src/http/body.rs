//! The request body, read in full before the request takes a compute slot: of a media type the
//! route reads (415 otherwise), at most [`Limits::body_bytes`](super::Limits) (413) and arrived
//! within [`Limits::body_timeout`](super::Limits) (408). A client that sends one byte every few
//! seconds holds only its own connection, never a slot another request needs.
//!
//! Requiring `application/json` also keeps web pages out: a browser sends a cross-site form or
//! `text/plain` POST without asking, but asks the server first (CORS) for any other media type.

use super::problem::Problem;
use super::Limits;
use crate::error::Error;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// What a body may be: how large and how slow.
#[derive(Debug, Clone, Copy)]
pub(super) struct BodyLimits {
    bytes: usize,
    timeout: Duration,
}

impl From<&Limits> for BodyLimits {
    fn from(limits: &Limits) -> Self {
        BodyLimits {
            bytes: limits.body_bytes,
            timeout: limits.body_timeout,
        }
    }
}

/// The media types a body is read as: JSON everywhere, and JSON lines for a batch.
const JSON: &str = "application/json";
const JSON_LINES: &str = "application/x-ndjson";

/// Checks the media type, then reads the body within its limits and hands the request on with
/// the body in memory.
pub(super) async fn read_body(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    if let Some(accepted) = media_types_read(&parts) {
        if let Err(problem) = media_type(&parts.headers, accepted) {
            return problem.into_response();
        }
    }
    if declared_length(&parts.headers).is_some_and(|n| n > limits.bytes as u64) {
        return too_large(limits.bytes);
    }
    let read = axum::body::to_bytes(body, limits.bytes);
    let bytes = match tokio::time::timeout(limits.timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(error)) if is_length_limit(&error) => return too_large(limits.bytes),
        Ok(Err(error)) => {
            let error = Error::input("", format!("the request body cannot be read: {error}"));
            return Problem::with_status(error, StatusCode::BAD_REQUEST).into_response();
        }
        Err(_) => return too_slow(limits.timeout),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The media types a route reads its body as; `None` for a request that has no body to read (a
/// GET, a method the route does not take, a path no route has: those get their own answers).
fn media_types_read(parts: &axum::http::request::Parts) -> Option<&'static [&'static str]> {
    if parts.method != Method::POST {
        return None;
    }
    let route = parts.extensions.get::<MatchedPath>()?.as_str();
    if route.ends_with("/advice-batch") {
        Some(&[JSON_LINES, JSON])
    } else if route.ends_with("/advice") || route == "/v1/comparisons" {
        Some(&[JSON])
    } else {
        None
    }
}

/// `Content-Type` is one of `accepted` (parameters such as `charset=utf-8` aside), or 415.
fn media_type(headers: &HeaderMap, accepted: &[&str]) -> Result<(), Problem> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    if given.is_some_and(|given| accepted.iter().any(|a| a.eq_ignore_ascii_case(given))) {
        return Ok(());
    }
    let error = Error::input(
        "Content-Type",
        format!(
            "send the body as {} (header Content-Type: {}); got {}",
            accepted.join(" or "),
            accepted[0],
            given.map_or_else(|| "no Content-Type".to_string(), |g| format!("`{g}`")),
        ),
    );
    Err(Problem::with_status(
        error,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
    ))
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Whether reading stopped at the byte limit (rather than a broken connection).
fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

fn too_large(bytes: usize) -> Response {
    let error = Error::input(
        "",
        format!("the request body is larger than {bytes} bytes, the most this server takes"),
    );
    closing(Problem::with_status(error, StatusCode::PAYLOAD_TOO_LARGE))
}

fn too_slow(timeout: Duration) -> Response {
    let error = Error::input(
        "",
        format!(
            "the request body did not arrive within {} s; send it in one go",
            timeout.as_secs_f64()
        ),
    );
    closing(Problem::with_status(error, StatusCode::REQUEST_TIMEOUT))
}

/// The rest of a refused body is not read: the connection closes after the answer.
fn closing(problem: Problem) -> Response {
    let mut response = problem.into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
