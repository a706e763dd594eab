//! Errors as `application/problem+json` (RFC 9457): the standard members (`type`, `title`,
//! `status`, `detail`) and toegang's own (`code`, and `path`, `location`, `limit`, `bound` or
//! `suggestions` where the error has them), so a case system handles HTTP errors exactly as it
//! would the CLI's or the npm package's.

use crate::error::Error;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The HTTP status of each error code.
pub fn status(error: &Error) -> StatusCode {
    match error {
        Error::Input { .. } => StatusCode::BAD_REQUEST,
        Error::UnknownMunicipality { .. } => StatusCode::NOT_FOUND,
        Error::NotValidOnDate { .. }
        | Error::ScriptSyntax { .. }
        | Error::ScriptRuntime { .. }
        | Error::Validation { .. }
        | Error::LimitExceeded { .. }
        | Error::RuleSetFile { .. }
        | Error::RuleSetTampered { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        Error::Cancelled { .. } => StatusCode::SERVICE_UNAVAILABLE,
        // `toegang serve` loads every published file before it listens: never answered.
        Error::RuleSetNotLoaded { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The problem document of an error. toegang's members are the error's own JSON (as in a
/// JSON-lines error), so `code` and the details have the same names everywhere.
pub fn document(error: &Error, status: StatusCode) -> Value {
    let mut problem = json!({
        "type": format!("urn:toegang:problem:{}", error.code()),
        "title": title(error),
        "status": status.as_u16(),
        "detail": error.to_string(),
    });
    if let (Some(problem), Ok(Value::Object(own))) =
        (problem.as_object_mut(), serde_json::to_value(error))
    {
        for (key, value) in own {
            problem.entry(key).or_insert(value);
        }
    }
    problem
}

/// A short, fixed summary per code (RFC 9457: the same for every occurrence of the type).
fn title(error: &Error) -> &'static str {
    match error {
        Error::Input { .. } => "The request is not valid",
        Error::ScriptSyntax { .. } => "A rule script does not parse",
        Error::ScriptRuntime { .. } => "A rule script failed while running",
        Error::Validation { .. } => "A rule set names something toegang does not know",
        Error::LimitExceeded { .. } => "A rule script hit a sandbox limit",
        Error::RuleSetFile { .. } => "A rule set's metadata is not valid",
        Error::UnknownMunicipality { .. } => "No such municipality",
        Error::NotValidOnDate { .. } => "No checked rules for this date",
        Error::Internal { .. } => "Something went wrong inside toegang",
        Error::Cancelled { .. } => "The work was stopped",
        Error::RuleSetTampered { .. } => "A rule set file is not the one its index names",
        Error::RuleSetNotLoaded { .. } => "A published rule set was not loaded",
    }
}

/// An error as an HTTP response, with the status of its code unless the route knows better (413
/// for a body over the limit, 404 for a route that does not exist).
pub struct Problem {
    error: Error,
    status: StatusCode,
}

impl Problem {
    /// The error answered with `status` instead of its code's own.
    pub fn with_status(error: Error, status: StatusCode) -> Self {
        Problem { error, status }
    }
}

impl From<Error> for Problem {
    fn from(error: Error) -> Self {
        let status = status(&error);
        Problem { error, status }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        problem_response(self.status, document(&self.error, self.status))
    }
}

/// A problem document with its status and media type.
pub fn problem_response(status: StatusCode, document: Value) -> Response {
    let mut response = (status, document.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

/// Why a request was turned away with 503.
#[derive(Debug, Clone, Copy)]
pub enum Unavailable {
    /// Every compute slot is taken.
    Busy,
    /// The request ran past its deadline; its work was stopped.
    TimedOut,
}

/// Too many requests at once, or one that took too long: 503 with `Retry-After`, so a client
/// backs off instead of the server collapsing.
pub fn unavailable(why: Unavailable) -> Response {
    let detail = match why {
        Unavailable::TimedOut => "the request took too long and was stopped; try again later",
        Unavailable::Busy => {
            "the server is handling as many requests as it can; try again in a second"
        }
    };
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let mut response = problem_response(
        status,
        json!({
            "type": "urn:toegang:problem:unavailable",
            "title": "The server is busy",
            "status": status.as_u16(),
            "detail": detail,
            "code": "unavailable",
        }),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}
