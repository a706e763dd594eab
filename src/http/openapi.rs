//! The OpenAPI 3.1 document of `/v1`. Its schemas are generated from the Rust types (schemars, the
//! same derive that gives `toegang schema`), so the document cannot drift from what the server
//! reads and writes; the paths are listed here next to the routes they describe.

use crate::advice::Advice;
use crate::situation::Situation;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

/// The OpenAPI document, as `GET /v1/openapi.json` serves it, with the contact of whoever runs
/// the server.
pub fn openapi(contact: Option<&super::Contact>) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    // Named types land in the definitions (`#/components/schemas/Situation`, `…/Advice`, and
    // everything they use); the returned references are the ones the paths below write out.
    generator.subschema_for::<Situation>();
    generator.subschema_for::<Advice>();
    let mut schemas: Map<String, Value> = generator.take_definitions(true);
    schemas.insert("Problem".into(), problem_schema());
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "toegang",
            "version": super::API_VERSION,
            "description": "Which support can a resident of a Dutch municipality simply walk into (algemene voorziening), and which needs a formal decision (maatwerkvoorziening)? The same engine as the toegang CLI and npm package. A situation sent here is used for the answer only: it is not stored or logged.",
            "contact": contact,
            "license": { "name": "EUPL-1.2", "identifier": "EUPL-1.2" }
        },
        "servers": [{ "url": "/v1" }],
        "paths": paths(),
        "components": {
            "schemas": schemas,
            "headers": {
                "API-Version": {
                    "description": "The full version of the API that answered.",
                    "schema": { "type": "string", "example": super::API_VERSION }
                }
            },
            "responses": responses(),
        }
    });
    if contact.is_none() {
        if let Some(info) = document["info"].as_object_mut() {
            info.remove("contact");
        }
    }
    document
}

fn ok(description: &str, media: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
        "content": { media: { "schema": schema } }
    })
}

fn problem(description: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{description}") })
}

fn responses() -> Value {
    let entry = |description: &str| {
        json!({
            "description": description,
            "headers": { "API-Version": { "$ref": "#/components/headers/API-Version" } },
            "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
        })
    };
    json!({
        "BadRequest": entry("The request is not valid (code input); `path` names the field."),
        "NotFound": entry("No such municipality (code unknown_municipality, with close matches in `suggestions`)."),
        "Unprocessable": entry("The request is valid but cannot be answered: no checked rules for the date with strictDates (not_valid_on_date), or a draft rule set that does not compile or run (script_syntax, script_runtime, validation, limit_exceeded, rule_set_file), with file, line and column."),
        "TooLarge": entry("The request body is larger than the server takes (code input; `toegang serve --max-body-bytes`)."),
        "TooSlow": entry("The request body did not arrive in time (code input; `toegang serve --body-timeout`)."),
        "UnsupportedMediaType": entry("The request body is not sent as the media type the route reads (code input, path Content-Type)."),
        "Unavailable": entry("The server is busy, or the request took too long and its work was stopped (code unavailable; code cancelled when the work noticed first); try again after Retry-After seconds."),
        "Internal": entry("Something went wrong inside toegang (code internal)."),
    })
}

fn id_parameter() -> Value {
    json!({
        "name": "id", "in": "path", "required": true,
        "description": "The municipality: id (`hardenberg`), CBS code (`GM0160`) or name (`Den Haag`).",
        "schema": { "type": "string" }
    })
}

fn strict_dates_parameter() -> Value {
    json!({
        "name": "strictDates", "in": "query", "required": false,
        "description": "Refuse a reference date outside the period the municipality's rules were checked for (not_valid_on_date), instead of advising from the latest rules, marked.",
        "schema": { "type": "boolean", "default": false }
    })
}

fn paths() -> Value {
    let any = json!({ "type": "object" });
    let common = |mut responses: Map<String, Value>| {
        responses.insert("503".into(), problem("Unavailable"));
        responses.insert("500".into(), problem("Internal"));
        Value::Object(responses)
    };
    let map = |v: Value| v.as_object().cloned().unwrap_or_default();
    json!({
        "/health": { "get": {
            "operationId": "health", "summary": "Whether the server is up, and how many rule sets it has.",
            "responses": common(map(json!({ "200": ok("Up.", "application/json", any.clone()) })))
        }},
        "/openapi.json": { "get": {
            "operationId": "openapi", "summary": "This document.",
            "responses": common(map(json!({ "200": ok("The OpenAPI document.", "application/json", any.clone()) })))
        }},
        "/catalogue": { "get": {
            "operationId": "getCatalogue", "summary": "The national catalogue: needs, other routes and provisions, in Dutch and English.",
            "responses": common(map(json!({ "200": ok("The catalogue.", "application/json", any.clone()) })))
        }},
        "/situation-schema": { "get": {
            "operationId": "getSituationSchema", "summary": "The JSON Schema of a situation, for form builders.",
            "responses": common(map(json!({ "200": ok("The schema.", "application/json", any.clone()) })))
        }},
        "/municipalities": { "get": {
            "operationId": "listMunicipalities", "summary": "Every Dutch municipality, with CBS code, province and whether toegang has its own rule set.",
            "responses": common(map(json!({ "200": ok("The municipalities.", "application/json", json!({ "type": "array", "items": any })) })))
        }},
        "/municipalities/{id}": { "get": {
            "operationId": "getMunicipality", "summary": "One municipality with the versions of its rule set: validity, checked date and content hash.",
            "parameters": [id_parameter()],
            "responses": common(map(json!({
                "200": ok("The municipality.", "application/json", any.clone()),
                "400": problem("BadRequest"),
                "404": problem("NotFound"),
            })))
        }},
        "/municipalities/{id}/advice": { "post": {
            "operationId": "advise", "summary": "The advice for one situation: per provision open access or a decision, with door, cost, PGB, terms and reasons. The same JSON as the CLI and the npm package.",
            "parameters": [id_parameter(), strict_dates_parameter()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Situation" } } } },
            "responses": common(map(json!({
                "200": ok("The advice.", "application/json", json!({ "$ref": "#/components/schemas/Advice" })),
                "400": problem("BadRequest"),
                "404": problem("NotFound"),
                "408": problem("TooSlow"),
                "413": problem("TooLarge"),
                "415": problem("UnsupportedMediaType"),
                "422": problem("Unprocessable"),
            })))
        }},
        "/municipalities/{id}/questions": { "post": {
            "operationId": "questions", "summary": "Which follow-up questions can still change the advice for a situation (the answers so far), in the order a form asks them: each fact is tried with every answer a form offers, the rest held. The same list as `toegang questions` and the npm package's `questions`.",
            "parameters": [id_parameter(), strict_dates_parameter()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Situation" } } } },
            "responses": common(map(json!({
                "200": ok("The facts to ask, each with whether the situation answers it already.", "application/json", json!({
                    "type": "array",
                    "items": { "type": "object", "required": ["fact", "answered"], "properties": {
                        "fact": { "type": "string", "enum": crate::api::FOLLOW_UPS.iter().map(|f| f.fact).collect::<Vec<_>>() },
                        "answered": { "type": "boolean" }
                    } }
                })),
                "400": problem("BadRequest"),
                "404": problem("NotFound"),
                "408": problem("TooSlow"),
                "413": problem("TooLarge"),
                "415": problem("UnsupportedMediaType"),
                "422": problem("Unprocessable"),
            })))
        }},
        "/municipalities/{id}/advice-batch": { "post": {
            "operationId": "adviseBatch", "summary": "One advice per line for a batch of situations, one per line (JSON lines). A bad line gets {\"line\": N, \"error\": …, \"message\": …} on its own line; the others go on. Byte for byte what `toegang advise --jsonl` writes. The answer is streamed as the lines are advised; one that passes the request deadline breaks off (the response ends without its last chunk), never ends short.",
            "parameters": [id_parameter(), strict_dates_parameter()],
            "requestBody": { "required": true, "content": {
                "application/x-ndjson": { "schema": { "type": "string" } },
                "application/json": { "schema": { "type": "string" } }
            } },
            "responses": common(map(json!({
                "200": ok("One line per situation.", "application/x-ndjson", json!({ "type": "string" })),
                "400": problem("BadRequest"),
                "404": problem("NotFound"),
                "408": problem("TooSlow"),
                "413": problem("TooLarge"),
                "415": problem("UnsupportedMediaType"),
            })))
        }},
        "/comparisons": { "post": {
            "operationId": "compare", "summary": "Compares municipalities over a generated population or a list of situations, optionally with a draft rule set: route shares, similarity, differences with minimal examples, failed evaluations.",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["municipalities"], "additionalProperties": false,
                "properties": {
                    "municipalities": { "type": "array", "items": { "type": "string" }, "maxItems": crate::compare::MAX_MUNICIPALITIES },
                    "population": { "type": "integer", "minimum": 0, "description": "Size of the generated population (default 1000)." },
                    "seed": { "type": "integer", "minimum": 0, "description": "Seed of the population (default 1): the same seed gives the same report." },
                    "situations": { "type": "array", "items": { "$ref": "#/components/schemas/Situation" }, "description": "Situations to compare over instead of a population." },
                    "draft": { "type": "object", "required": ["source", "metadata"], "properties": {
                        "source": { "type": "string", "description": "The rule script (rules.rhai)." },
                        "metadata": { "type": "object", "description": "ruleset.toml as a JSON object." }
                    }}
                }
            }}}},
            "responses": common(map(json!({
                "200": ok("The comparison.", "application/json", any),
                "400": problem("BadRequest"),
                "404": problem("NotFound"),
                "408": problem("TooSlow"),
                "413": problem("TooLarge"),
                "415": problem("UnsupportedMediaType"),
                "422": problem("Unprocessable"),
            })))
        }},
    })
}

/// RFC 9457's members and toegang's own.
fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": { "type": "string", "format": "uri-reference", "description": "urn:toegang:problem:<code>" },
            "title": { "type": "string" },
            "status": { "type": "integer" },
            "detail": { "type": "string", "description": "What is wrong and where, in a sentence." },
            "code": { "type": "string", "enum": crate::error::Error::CODES.iter().copied().chain(["unavailable"]).collect::<Vec<_>>() },
            "path": { "type": "string", "description": "The JSON path of an input error, e.g. children[1].age." },
            "location": { "type": "object", "description": "The rule file, line and column of a script error." },
            "limit": { "type": "string" },
            "bound": { "type": "integer" },
            "suggestions": { "type": "array", "items": { "type": "string" } }
        }
    })
}
