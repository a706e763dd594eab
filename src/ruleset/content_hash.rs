// Shared, via include!, by the crate (src/ruleset.rs) and build.rs, which cannot use the crate
// itself: the bundled rule sets are hashed at build time exactly as any other rule set at run time.

/// `sha256:` and the hex digest of metadata and script, separated so that moving text from one to
/// the other changes the hash.
pub fn content_hash(metadata: &str, script: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new().chain_update(metadata).chain_update([0u8]).chain_update(script).finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}
