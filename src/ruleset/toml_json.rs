// Shared, via include!, by the crate (src/ruleset/mod.rs, natively) and build.rs: a rule set's
// metadata as JSON is the same whether build.rs converted it for the wasm module or a native
// caller asks for it (a draft started from a bundled rule set).

/// TOML to JSON, with dates as plain `YYYY-MM-DD` strings.
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}
