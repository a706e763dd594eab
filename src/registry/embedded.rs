//! What the engine carries inside, for zero set-up.
//!
//! - Natively: every rule set folder under `rules/`, read exactly as `toegang check` reads a
//!   folder from disk. `Registry::bundled` then publishes each in memory and loads it through
//!   the published-file loader, verified, as it loads any other file.
//! - In a wasm module: only the national frame, as a published file with an index of its own
//!   (`target/national-frame/`, which `scripts/build-pkg.sh` writes with `toegang publish
//!   --national-frame` before it builds the modules). A municipality's rules are files next to
//!   the module (`pkg/rules/`), loaded on demand. The wasm tests' module (feature
//!   `municipal-rules-inside`) also carries every file of `pkg/rules/`.
//!
//! No rule is read at build time: `include_dir!` only embeds the files' bytes.

use crate::error::{Error, Result};
use crate::ruleset::RuleSetSource;
use include_dir::{include_dir, Dir};

#[cfg(not(target_arch = "wasm32"))]
static RULES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// Every embedded rule set folder, in name order.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn folders() -> Result<Vec<RuleSetSource>> {
    let mut folders: Vec<&Dir> = RULES
        .dirs()
        .filter(|dir| file(dir, "ruleset.toml").is_some())
        .collect();
    folders.sort_by_key(|dir| dir.path());
    folders.into_iter().map(folder).collect()
}

/// The rule set in the folder `dir`, named `rules/<folder>` in errors as on disk.
#[cfg(not(target_arch = "wasm32"))]
fn folder(dir: &Dir) -> Result<RuleSetSource> {
    let name = format!("rules/{}", dir.path().display());
    let text = |file_name: &str| -> Result<Option<String>> {
        let Some(found) = file(dir, file_name) else {
            return Ok(None);
        };
        let text = found.contents_utf8().ok_or_else(|| Error::RuleSetFile {
            file: format!("{name}/{file_name}"),
            message: "is not UTF-8 text".into(),
        })?;
        Ok(Some(text.to_string()))
    };
    let required = |file_name: &str| {
        text(file_name)?.ok_or_else(|| Error::RuleSetFile {
            file: format!("{name}/{file_name}"),
            message: "is missing".into(),
        })
    };
    let (metadata, script) = (required("ruleset.toml")?, required("rules.rhai")?);
    let cases = text("cases.toml")?;
    Ok(RuleSetSource::from_texts(name, metadata, script, cases))
}

#[cfg(target_arch = "wasm32")]
static NATIONAL_FRAME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/target/national-frame");

/// The national frame, read from its published file and verified against its index; with its
/// cases, which the compare page runs against a draft of the national frame.
#[cfg(target_arch = "wasm32")]
pub(super) fn national_frame() -> Result<RuleSetSource> {
    use crate::ruleset::published::{Index, INDEX_FILE};
    let index = Index::parse(&String::from_utf8_lossy(&bytes(
        &NATIONAL_FRAME,
        INDEX_FILE,
    )?))?;
    let entry = index.rule_sets.first().ok_or_else(|| Error::RuleSetFile {
        file: INDEX_FILE.into(),
        message: "the national frame's index lists no file".into(),
    })?;
    let mut source = entry.open(&bytes(&NATIONAL_FRAME, &entry.file)?)?;
    if let Some(cases) = &entry.cases_file {
        source.cases = Some(entry.open_cases(&bytes(&NATIONAL_FRAME, cases)?)?);
    }
    Ok(source)
}

#[cfg(all(target_arch = "wasm32", feature = "municipal-rules-inside"))]
static PUBLISHED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/pkg/rules");

/// The index of the municipal rule sets inside, and how to read their files: every published
/// one in the wasm tests' module, none in the modules that ship.
#[cfg(target_arch = "wasm32")]
#[allow(clippy::type_complexity)]
pub(super) fn municipal() -> (
    Result<crate::ruleset::published::Index>,
    impl Fn(&str) -> Result<Vec<u8>>,
) {
    use crate::ruleset::published::Index;
    #[cfg(feature = "municipal-rules-inside")]
    return (
        bytes(&PUBLISHED, crate::ruleset::published::INDEX_FILE)
            .and_then(|b| Index::parse(&String::from_utf8_lossy(&b))),
        |name: &str| bytes(&PUBLISHED, name),
    );
    #[cfg(not(feature = "municipal-rules-inside"))]
    return (
        Ok(Index {
            format: crate::ruleset::published::INDEX_FORMAT.into(),
            rule_sets: vec![],
        }),
        |name: &str| {
            Err(Error::RuleSetFile {
                file: name.to_string(),
                message: "is not inside the module: load it as a file".into(),
            })
        },
    );
}

/// The bytes of the file `name` directly in `dir`.
#[cfg(target_arch = "wasm32")]
fn bytes(dir: &Dir, name: &str) -> Result<Vec<u8>> {
    file(dir, name)
        .map(|f| f.contents().to_vec())
        .ok_or_else(|| Error::RuleSetFile {
            file: name.to_string(),
            message: "is not inside the module".into(),
        })
}

/// The file `file_name` directly in `dir`.
fn file<'a>(dir: &'a Dir, file_name: &str) -> Option<&'a include_dir::File<'a>> {
    dir.files()
        .find(|f| f.path().file_name() == Some(std::ffi::OsStr::new(file_name)))
}
