//! The routes of `/v1`: what each reads, which core call answers it, and what it writes.

use super::admission::Slot;
use super::log::RuleSetHash;
use super::problem::Problem;
use super::AppState;
use crate::api::{self, CompareOptions};
use crate::error::Error;
use crate::registry::AdviseOptions;
use crate::situation::Situation;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Extension, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/catalogue", get(catalogue))
        .route("/v1/situation-schema", get(situation_schema))
        .route("/v1/municipalities", get(municipalities))
        .route("/v1/municipalities/{id}", get(municipality))
        .route("/v1/municipalities/{id}/advice", post(advice))
        .route("/v1/municipalities/{id}/advice-batch", post(advice_batch))
        .route("/v1/municipalities/{id}/questions", post(questions))
        .route("/v1/comparisons", post(comparison))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// A JSON body from text the core already wrote (advice is serialised once, as everywhere).
fn json_text(text: String) -> Response {
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn json_value(value: &impl Serialize) -> Result<Response, Problem> {
    let text = serde_json::to_string(value).map_err(|e| Error::Internal {
        message: format!("could not write the answer: {e}"),
    })?;
    Ok(json_text(text))
}

/// The request body, or why it cannot be read: too large (413) or broken off (400).
fn body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Problem> {
    body.map_err(|rejection| {
        let status = rejection.status();
        let error = Error::input("", format!("the request body cannot be read: {rejection}"));
        Problem::with_status(error, status)
    })
}

/// The `{id}` of a route, or an input error naming it (a path that is not UTF-8 once decoded).
type IdResult = Result<Path<String>, PathRejection>;

fn id(path: IdResult) -> Result<String, Problem> {
    let Path(id) = path.map_err(|e| Error::input("id", e.body_text()))?;
    Ok(id)
}

/// The query of an advice route, or an input error naming it.
type AdviceQueryResult = Result<Query<AdviceQuery>, QueryRejection>;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    rule_sets: usize,
}

async fn health(State(state): State<AppState>) -> Result<Response, Problem> {
    json_value(&Health {
        status: "ok",
        rule_sets: state.rules.current().rule_sets().count(),
    })
}

async fn openapi(State(state): State<AppState>) -> Response {
    json_text(state.openapi.to_string())
}

async fn catalogue() -> Result<Response, Problem> {
    json_value(&api::catalogue_document())
}

async fn situation_schema() -> Result<Response, Problem> {
    json_value(&crate::situation_schema())
}

async fn municipalities(State(state): State<AppState>) -> Result<Response, Problem> {
    json_value(&state.rules.current().municipalities())
}

/// One municipality, found by id, CBS code or name, with the versions of its rule set.
#[derive(Serialize)]
struct MunicipalityDetail<'a> {
    #[serde(flatten)]
    municipality: &'a crate::registry::Municipality,
    rule_sets: Vec<crate::registry::RuleSetSummary>,
}

async fn municipality(State(state): State<AppState>, path: IdResult) -> Result<Response, Problem> {
    let id = id(path)?;
    let registry = state.rules.current();
    let municipality = registry.municipality(&id)?;
    let rule_sets = registry.versions(&municipality.id);
    json_value(&MunicipalityDetail {
        municipality,
        rule_sets,
    })
}

/// `?strictDates=true`: refuse a date outside the checked period (`not_valid_on_date`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct AdviceQuery {
    #[serde(default)]
    strict_dates: bool,
}

fn options(query: AdviceQueryResult) -> Result<AdviseOptions, Error> {
    let Query(query) = query.map_err(|e| Error::input("query", e.body_text()))?;
    Ok(AdviseOptions {
        strict_dates: query.strict_dates,
    })
}

/// The situation a request posts: its body, read within the input limit, as a checked situation.
fn situation(bytes: Result<Bytes, BytesRejection>) -> Result<Situation, Problem> {
    let bytes = body(bytes)?;
    let text =
        api::input::situation_text(&bytes[..]).map_err(|e| Error::input("", e.to_string()))??;
    Ok(Situation::from_json(&text)?)
}

async fn advice(
    State(state): State<AppState>,
    path: IdResult,
    query: AdviceQueryResult,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let id = id(path)?;
    let options = options(query)?;
    let situation = situation(bytes)?;
    let advice = state
        .rules
        .current()
        .advise_with_options(&id, &situation, options)?;
    let mut response = json_value(&advice)?;
    response
        .extensions_mut()
        .insert(RuleSetHash(advice.rule_set.hash));
    Ok(response)
}

/// The follow-up facts whose answer can still change the advice for the situation posted.
async fn questions(
    State(state): State<AppState>,
    path: IdResult,
    query: AdviceQueryResult,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let id = id(path)?;
    let options = options(query)?;
    let situation = situation(bytes)?;
    let asked = api::questions(&state.rules.current(), &id, &situation, options)?;
    json_value(&asked)
}

/// A batch as JSON lines in, JSON lines out: byte for byte what `toegang advise --jsonl` writes,
/// a bad line answered on its own line while the others go on. The answer is streamed as the
/// lines are advised, so memory stays flat whatever the batch; the batch holds its slot until
/// its last line is written, and stops at its deadline or when the client goes away (the
/// answer then breaks off, which a client sees as an incomplete response, never as a short one).
async fn advice_batch(
    State(state): State<AppState>,
    Extension(slot): Extension<Slot>,
    path: IdResult,
    query: AdviceQueryResult,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let id = id(path)?;
    let options = options(query)?;
    let bytes = body(bytes)?;
    // Unknown municipalities fail the whole request, not every line.
    let registry = state.rules.current();
    registry.municipality(&id)?;
    let (lines, answer) = tokio::sync::mpsc::channel(BATCH_LINES_IN_FLIGHT);
    tokio::spawn(write_batch(registry, slot, id, bytes, options, lines));
    let mut response = Body::new(BatchAnswer(answer, false)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}

/// Advised lines written ahead of the client: a bound on a batch's memory.
const BATCH_LINES_IN_FLIGHT: usize = 16;

/// Why a batch's answer broke off.
#[derive(Debug, thiserror::Error)]
#[error("the batch stopped before its last line: its deadline passed")]
struct BatchStopped;

/// What the batch's writer hands the answer: a line, or the end of the batch. The channel
/// closing without `End` means the writer stopped early.
enum BatchPart {
    Line(Bytes),
    End,
}

/// Advises the batch's lines one by one into `out`, while the slot allows and someone reads.
async fn write_batch(
    registry: std::sync::Arc<crate::Registry>,
    slot: Slot,
    id: String,
    bytes: Bytes,
    options: AdviseOptions,
    out: tokio::sync::mpsc::Sender<BatchPart>,
) {
    let deadline = tokio::time::Instant::from_std(slot.deadline());
    for line in api::input::lines(std::io::Cursor::new(bytes)) {
        // Reading from memory cannot fail; a line that does is skipped like an empty one.
        let Ok((n, text)) = line else { continue };
        if tokio::time::Instant::now() >= deadline {
            return;
        }
        let answer = registry.advise_line(&id, text.as_ref().map(String::as_str), n, options);
        let line = BatchPart::Line(Bytes::from(answer.json + "\n"));
        // Gone (the client went away) or still full at the deadline (it stopped reading): stop.
        if !matches!(
            tokio::time::timeout_at(deadline, out.send(line)).await,
            Ok(Ok(()))
        ) {
            return;
        }
    }
    let _ = out.send(BatchPart::End).await;
}

/// The batch's answer as a response body: the lines as they come, and an error (which breaks
/// the response off) when the writer stopped before the end.
/// Once ended it stays ended: a layer around it (compression) may ask again.
struct BatchAnswer(tokio::sync::mpsc::Receiver<BatchPart>, bool);

impl http_body::Body for BatchAnswer {
    type Data = Bytes;
    type Error = BatchStopped;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, BatchStopped>>> {
        if self.1 {
            return std::task::Poll::Ready(None);
        }
        let part = std::task::ready!(self.0.poll_recv(cx));
        std::task::Poll::Ready(match part {
            Some(BatchPart::Line(line)) => Some(Ok(http_body::Frame::data(line))),
            Some(BatchPart::End) => {
                self.1 = true;
                None
            }
            None => Some(Err(BatchStopped)),
        })
    }
}

/// A comparison request: the municipalities and the compare options of the npm package.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ComparisonRequest {
    municipalities: Vec<String>,
    #[serde(default)]
    population: Option<usize>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    situations: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    draft: Option<api::Draft>,
}

async fn comparison(
    State(state): State<AppState>,
    Extension(slot): Extension<Slot>,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let bytes = body(bytes)?;
    let request: ComparisonRequest =
        serde_json::from_slice(&bytes).map_err(|e| Error::input("", e.to_string()))?;
    let limit = state.limits.comparison_situations;
    let registry = state.rules.current();
    let options = CompareOptions {
        population: request.population,
        seed: request.seed,
        situations: request.situations,
        draft: request.draft,
    };
    let work = tokio::task::spawn_blocking(move || {
        let prepared = options.prepare(&registry)?;
        if prepared.len() > limit {
            let field = match options.situations {
                Some(_) => "situations",
                None => "population",
            };
            return Err(Error::input(
                field,
                format!(
                    "{} situations: compare at most {limit} in one request (the CLI compares up to a million, with progress)",
                    prepared.len()
                ),
            ));
        }
        // The slot stays taken while the comparison runs, and stops it once the request is
        // answered 503 or its client is gone.
        let report = prepared.run(&request.municipalities, &|_| {
            if slot.should_stop() {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        })?;
        serde_json::to_string(&report).map_err(|e| Error::Internal {
            message: format!("could not write the comparison: {e}"),
        })
    });
    let json = work.await.map_err(|e| Error::Internal {
        message: format!("the comparison stopped: {e}"),
    })??;
    Ok(json_text(json))
}

async fn not_found() -> Problem {
    let error = Error::input(
        "",
        "no such resource; GET /v1/openapi.json lists every route",
    );
    Problem::with_status(error, StatusCode::NOT_FOUND)
}

async fn method_not_allowed() -> Problem {
    let error = Error::input(
        "",
        "this route does not take that method; see /v1/openapi.json",
    );
    Problem::with_status(error, StatusCode::METHOD_NOT_ALLOWED)
}
