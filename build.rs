//! Tells cargo to rebuild when a folder is added under `rules/`. The engine embeds the rule set
//! folders with `include_dir!` (src/registry/embedded.rs), which makes each file it found a
//! dependency of the build, but on a stable compiler cannot make a new file one. Nothing here
//! reads a rule: every rule set goes from its files to the engine through `ruleset/`.

fn main() {
    println!("cargo:rerun-if-changed=rules");
}
