//! A rule set's texts: its content hash, and TOML read as the JSON a published file and a draft
//! carry.

/// `sha256:` and the hex digest of metadata and script, separated so that moving text from one to
/// the other changes the hash.
pub fn content_hash(metadata: &str, script: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(metadata)
        .chain_update([0u8])
        .chain_update(script)
        .finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// TOML to JSON, with dates as plain `YYYY-MM-DD` strings.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// A TOML error as one message (it names the line and column itself).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn toml_message(e: &toml::de::Error) -> String {
    e.to_string().trim_end().to_string()
}

/// Whether a rule file's text is JSON (a published file, a draft): a TOML file cannot start
/// with `{`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}
