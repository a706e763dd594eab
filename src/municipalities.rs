//! Every Dutch municipality, whether or not toegang has its rule set: CBS code, name, province and
//! the places (woonplaatsen) in it, from `rules/municipalities.toml`. A resident finds their
//! municipality by name, place or code; a case system names it by id, name or CBS code.
//!
//! The table is data, not code: natively it is bundled from the TOML file; the wasm module gets
//! the same table as JSON from the npm package (`pkg/municipalities.json`), so the module stays
//! under its size budget.

use crate::ruleset::Source;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The national municipality table, as written in `rules/municipalities.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityTable {
    /// One entry per municipality, in CBS code order.
    pub municipalities: Vec<MunicipalityRecord>,
    /// Where the table comes from (the CBS classification of the year, the woonplaatsen list).
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Places (woonplaatsen) per CBS code.
    #[serde(default)]
    pub places: BTreeMap<String, Vec<String>>,
}

/// One municipality of the CBS classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityRecord {
    /// CBS code, `GM` and four digits.
    pub code: String,
    /// The name as CBS writes it (`'s-Gravenhage`).
    pub name: String,
    pub province: String,
    /// Other names residents use (`Den Haag`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_known_as: Vec<String>,
    /// The first day of a municipality formed by a merger; absent: before the table's first year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    /// The last day before a merger ends it; absent: still exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
}

impl MunicipalityTable {
    /// The table bundled from `rules/municipalities.toml`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> crate::Result<MunicipalityTable> {
        const FILE: &str = "rules/municipalities.toml";
        let table: MunicipalityTable =
            toml::from_str(include_str!("../rules/municipalities.toml")).map_err(|e| {
                crate::Error::RuleSetFile {
                    file: FILE.into(),
                    message: crate::ruleset::toml_message(&e),
                }
            })?;
        table.check().map_err(|message| crate::Error::RuleSetFile {
            file: FILE.into(),
            message,
        })?;
        Ok(table)
    }

    /// Reads the table from its JSON form (`toegang municipalities --format json`).
    pub fn from_json(json: &str) -> crate::Result<MunicipalityTable> {
        let file = "municipalities.json";
        let table: MunicipalityTable =
            serde_json::from_str(json).map_err(|e| crate::Error::RuleSetFile {
                file: file.into(),
                message: e.to_string(),
            })?;
        table.check().map_err(|message| crate::Error::RuleSetFile {
            file: file.into(),
            message,
        })?;
        Ok(table)
    }

    /// Codes are well-formed and unique on every date; places name a listed municipality.
    fn check(&self) -> Result<(), String> {
        let mut seen: BTreeMap<&str, Vec<&MunicipalityRecord>> = BTreeMap::new();
        for m in &self.municipalities {
            if !is_cbs_code(&m.code) {
                return Err(format!(
                    "`{}` ({}): expected GM and four digits",
                    m.code, m.name
                ));
            }
            for other in seen.get(m.code.as_str()).into_iter().flatten() {
                if overlaps(other, m) {
                    return Err(format!(
                        "{} is listed twice for the same period",
                        m.code
                    ));
                }
            }
            seen.entry(&m.code).or_default().push(m);
        }
        if let Some(code) = self.places.keys().find(|c| !seen.contains_key(c.as_str())) {
            return Err(format!("places.{code}: no municipality has this code"));
        }
        Ok(())
    }
}

fn overlaps(a: &MunicipalityRecord, b: &MunicipalityRecord) -> bool {
    let start = |m: &MunicipalityRecord| m.valid_from.unwrap_or(NaiveDate::MIN);
    let end = |m: &MunicipalityRecord| m.valid_to.unwrap_or(NaiveDate::MAX);
    start(a) <= end(b) && start(b) <= end(a)
}

/// `GM` and four digits.
pub fn is_cbs_code(code: &str) -> bool {
    code.len() == 6 && code.starts_with("GM") && code[2..].chars().all(|c| c.is_ascii_digit())
}

/// A CBS code as people type it (`gm0160`, `0160`, `160`), written the CBS way (`GM0160`).
pub fn normalize_cbs_code(query: &str) -> Option<String> {
    let query = query.trim();
    let digits = query
        .strip_prefix("GM")
        .or_else(|| query.strip_prefix("gm"))
        .or_else(|| query.strip_prefix("Gm"))
        .unwrap_or(query);
    (!digits.is_empty() && digits.len() <= 4 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("GM{digits:0>4}"))
}

/// A name folded for matching: lower case, without accents or apostrophes, with hyphens,
/// underscores and runs of spaces as one space (`'s-Gravenhage` → `s gravenhage`,
/// `Súdwest-Fryslân` → `sudwest fryslan`).
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' | '‘' | '`' | '´' => {}
            '-' | '_' | '.' | '/' | ',' | '(' | ')' => out.push(' '),
            c if c.is_whitespace() => out.push(' '),
            c => out.push(base_letter(c)),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The letter without its accent, for the letters of Dutch and Frisian place names.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        c => c,
    }
}

/// The id toegang uses for a municipality without a rule set: its folded name with underscores
/// (`Zwolle` → `zwolle`, `'s-Hertogenbosch` → `s_hertogenbosch`).
pub fn id_for(name: &str) -> String {
    fold(name).replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_what_people_type() {
        assert_eq!(fold("'s-Gravenhage"), "s gravenhage");
        assert_eq!(fold("Súdwest-Fryslân"), "sudwest fryslan");
        assert_eq!(fold("  Peel  en Maas "), "peel en maas");
        assert_eq!(fold("peel_en_maas"), "peel en maas");
        assert_eq!(id_for("'s-Hertogenbosch"), "s_hertogenbosch");
    }

    #[test]
    fn cbs_codes_are_accepted_as_people_type_them() {
        assert_eq!(normalize_cbs_code("GM0160").as_deref(), Some("GM0160"));
        assert_eq!(normalize_cbs_code("gm0160").as_deref(), Some("GM0160"));
        assert_eq!(normalize_cbs_code("160").as_deref(), Some("GM0160"));
        assert_eq!(normalize_cbs_code("GM01600"), None);
        assert_eq!(normalize_cbs_code("zwolle"), None);
        assert_eq!(normalize_cbs_code("GM"), None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_bundled_table_lists_every_municipality_once_with_its_province() {
        let table = MunicipalityTable::bundled().unwrap();
        assert!(table.municipalities.len() >= 340, "{}", table.municipalities.len());
        let by_code = |code: &str| {
            table
                .municipalities
                .iter()
                .find(|m| m.code == code)
                .unwrap_or_else(|| panic!("{code} is missing"))
        };
        assert_eq!(by_code("GM0193").name, "Zwolle");
        assert_eq!(by_code("GM0160").province, "Overijssel");
        assert_eq!(by_code("GM0518").province, "Zuid-Holland");
        assert!(table.sources.iter().all(|s| s.url.is_some()));
    }

    #[test]
    fn a_table_with_a_code_twice_or_places_of_no_municipality_is_refused() {
        let record = |code: &str| MunicipalityRecord {
            code: code.into(),
            name: "X".into(),
            province: "Y".into(),
            also_known_as: vec![],
            valid_from: None,
            valid_to: None,
        };
        let twice = MunicipalityTable {
            municipalities: vec![record("GM0001"), record("GM0001")],
            ..Default::default()
        };
        assert!(twice.check().unwrap_err().contains("GM0001 is listed twice"));
        let bad = MunicipalityTable {
            municipalities: vec![record("GM001")],
            ..Default::default()
        };
        assert!(bad.check().is_err());
        let mut places = MunicipalityTable {
            municipalities: vec![record("GM0001")],
            ..Default::default()
        };
        places.places.insert("GM0002".into(), vec!["Nergens".into()]);
        assert!(places.check().unwrap_err().contains("places.GM0002"));
    }
}
