//! Every Dutch municipality, whether or not toegang has its rule set: CBS code, name, province and
//! the places (woonplaatsen) in it, from `rules/municipalities.toml`. A resident finds their
//! municipality by name, place or code; a case system names it by id, name or CBS code.
//!
//! The table is data, not code: natively it is bundled from the TOML file; the wasm module gets
//! the same table as tab-separated text from the npm package (`pkg/municipalities.tsv`), so the
//! module stays under its size budget.

pub use crate::advice::Contact;
use crate::ruleset::Source;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The national municipality table, as written in `rules/municipalities.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityTable {
    /// One entry per municipality, in CBS code order.
    pub municipalities: Vec<MunicipalityRecord>,
    /// Where the table comes from (the CBS classification of the year, the woonplaatsen list).
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One municipality of the CBS classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityRecord {
    /// CBS code, `GM` and four digits.
    pub code: String,
    /// The name as CBS writes it (`'s-Gravenhage`).
    pub name: String,
    /// The province (`Zuid-Holland`).
    pub province: String,
    /// Other names residents use (`Den Haag`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_known_as: Vec<String>,
    /// The places (woonplaatsen) in it, as CBS writes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// The first day of a municipality formed by a merger; absent: before the table's first year.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::deserialize_option"
    )]
    pub valid_from: Option<NaiveDate>,
    /// The last day before a merger ends it; absent: still exists.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dates::deserialize_option"
    )]
    pub valid_to: Option<NaiveDate>,
    /// The municipality's general contact, where a source confirmed it (`rules/contacts.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Former municipalities that became (part of) this one (`rules/mergers.toml`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<Former>,
}

/// A former municipality, by its name, and the day it became (part of) another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Former {
    /// Its name (`Langedijk`).
    pub name: String,
    /// The first day it was part of the other municipality.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub since: NaiveDate,
}

/// Why a contact cannot be shown, for `rules/contacts.toml`'s author.
#[cfg(not(target_arch = "wasm32"))]
fn contact_problem(contact: &Contact) -> Option<String> {
    {
        let this = contact;
        if this.phone.is_none() && this.web.is_none() {
            return Some("neither `phone` nor `web`".into());
        }
        if let Some(phone) = &this.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = |c: char| c.is_ascii_digit() || c == ' ' || c == '-';
            if !phone.chars().all(allowed) || !(5..=11).contains(&digits) {
                return Some(format!(
                    "phone `{phone}`: expected 5 to 11 digits, spaces and hyphens"
                ));
            }
        }
        let https = |url: &str| url.starts_with("https://") || url.starts_with("http://");
        if let Some(web) = this.web.as_deref().filter(|w| !https(w)) {
            return Some(format!(
                "web `{web}`: expected an address starting with https://"
            ));
        }
        (!https(&this.source)).then(|| format!("source `{}`: expected a web address", this.source))
    }
}

/// One entry of `rules/contacts.toml`: a municipality's contact with the words the source used.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactEntry {
    code: String,
    name: String,
    #[serde(flatten)]
    contact: Contact,
    /// The source's words that state the number (or name the site): the proof, for reviewers.
    #[allow(dead_code)]
    quote: String,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactFile {
    #[serde(default)]
    contact: Vec<ContactEntry>,
}

/// `rules/mergers.toml`: which former municipalities became part of which current ones.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MergerFile {
    #[serde(default)]
    merger: Vec<MergerEntry>,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MergerEntry {
    #[serde(deserialize_with = "crate::dates::deserialize")]
    date: NaiveDate,
    former: Vec<String>,
    into: Vec<String>,
    /// Where the merger is reported: the proof, for reviewers.
    #[allow(dead_code)]
    source: String,
}

impl MunicipalityTable {
    /// The table bundled from `rules/municipalities.toml`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> crate::Result<MunicipalityTable> {
        const FILE: &str = "rules/municipalities.toml";
        let table: MunicipalityTable = toml::from_str(include_str!("../rules/municipalities.toml"))
            .map_err(|e| crate::Error::RuleSetFile {
                file: FILE.into(),
                message: crate::ruleset::toml_message(&e),
            })?;
        table.check().map_err(|message| crate::Error::RuleSetFile {
            file: FILE.into(),
            message,
        })?;
        table
            .with_contacts(include_str!("../rules/contacts.toml"))?
            .with_mergers(include_str!("../rules/mergers.toml"))
    }

    /// The table with the former municipalities of `rules/mergers.toml` joined into the current
    /// ones they became part of, found by name. A name that is not a current municipality, or a
    /// former one that still is, is refused: a resident must never be sent to the wrong one.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_mergers(mut self, toml_text: &str) -> crate::Result<MunicipalityTable> {
        const FILE: &str = "rules/mergers.toml";
        let error = |message: String| crate::Error::RuleSetFile {
            file: FILE.into(),
            message,
        };
        let file: MergerFile =
            toml::from_str(toml_text).map_err(|e| error(crate::ruleset::toml_message(&e)))?;
        let current = |m: &MunicipalityRecord, name: &str| {
            m.valid_to.is_none() && fold(&m.name) == fold(name)
        };
        for entry in file.merger {
            if let Some(still) = entry
                .former
                .iter()
                .find(|f| self.municipalities.iter().any(|m| current(m, f)))
            {
                return Err(error(format!(
                    "{still} ({}) is still a municipality in the national table",
                    entry.date
                )));
            }
            for into in &entry.into {
                let record = self
                    .municipalities
                    .iter_mut()
                    .find(|m| current(m, into))
                    .ok_or_else(|| {
                        error(format!(
                            "{into} ({}): not a current municipality of the national table",
                            entry.date
                        ))
                    })?;
                record
                    .formerly
                    .extend(entry.former.iter().map(|name| Former {
                        name: name.clone(),
                        since: entry.date,
                    }));
            }
        }
        Ok(self)
    }

    /// The table with the contacts of `rules/contacts.toml` joined in by CBS code. An entry whose
    /// code is not in the table, whose name differs from the table's, or that lists a code twice
    /// is refused: a phone number must never land on the wrong municipality.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_contacts(mut self, toml_text: &str) -> crate::Result<MunicipalityTable> {
        const FILE: &str = "rules/contacts.toml";
        let error = |message: String| crate::Error::RuleSetFile {
            file: FILE.into(),
            message,
        };
        let file: ContactFile =
            toml::from_str(toml_text).map_err(|e| error(crate::ruleset::toml_message(&e)))?;
        for entry in file.contact {
            let at = |message: String| error(format!("{} ({}): {message}", entry.code, entry.name));
            let record = self
                .municipalities
                .iter_mut()
                .find(|m| m.code == entry.code && m.valid_to.is_none())
                .ok_or_else(|| at("not a current municipality of the national table".into()))?;
            if fold(&record.name) != fold(&entry.name) {
                return Err(at(format!(
                    "the national table names {} `{}`",
                    record.code, record.name
                )));
            }
            if record.contact.is_some() {
                return Err(at("listed twice".into()));
            }
            if let Some(problem) = contact_problem(&entry.contact) {
                return Err(at(problem));
            }
            record.contact = Some(entry.contact);
        }
        Ok(self)
    }

    /// The table as tab-separated lines, as the npm package ships it (`municipalities.tsv`): a
    /// header, then per municipality its code, name, province, other names and places (each list
    /// joined by `;`), valid from and valid to, and its contact's phone, website, source and day
    /// seen (empty: none), and the former municipalities it took in (`Langedijk@2022-01-01;…`).
    /// The wasm module reads this rather than
    /// JSON: a reader of a few lines instead of a JSON one keeps it under its size budget.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(TSV_HEADER);
        for m in &self.municipalities {
            let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let contact = m.contact.as_ref();
            let field = |f: fn(&Contact) -> Option<&str>| contact.and_then(f).unwrap_or_default();
            out.push_str(&format!(
                "\n{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                m.code,
                m.name,
                m.province,
                m.also_known_as.join(";"),
                m.places.join(";"),
                date(m.valid_from),
                date(m.valid_to),
                field(|c| c.phone.as_deref()),
                field(|c| c.web.as_deref()),
                field(|c| Some(&c.source)),
                date(contact.map(|c| c.seen)),
                m.formerly
                    .iter()
                    .map(|f| format!("{}@{}", f.name, f.since))
                    .collect::<Vec<_>>()
                    .join(";"),
            ));
        }
        out.push('\n');
        out
    }

    /// Reads `to_tsv`'s form back (without the sources, which nothing needs at run time).
    pub fn from_tsv(text: &str) -> crate::Result<MunicipalityTable> {
        let error = |message: String| crate::Error::RuleSetFile {
            file: "municipalities.tsv".into(),
            message,
        };
        let mut lines = text.lines();
        if lines.next() != Some(TSV_HEADER) {
            return Err(error(format!("the first line is not `{TSV_HEADER}`")));
        }
        let mut municipalities = Vec::new();
        for (i, line) in lines.enumerate().filter(|(_, l)| !l.is_empty()) {
            let record = record_from_tsv(line).ok_or_else(|| {
                error(format!(
                    "line {}: expected 12 fields separated by tabs",
                    i + 2
                ))
            })?;
            municipalities.push(record);
        }
        let table = MunicipalityTable {
            municipalities,
            sources: vec![],
        };
        table.check().map_err(error)?;
        Ok(table)
    }

    /// Codes are well-formed and unique on every date. Each record is compared with the earlier
    /// ones by the code's number: comparing the codes as text took a slow phone tens of
    /// milliseconds for the national table (and a map for it weighed on the module's size).
    fn check(&self) -> Result<(), String> {
        let mut earlier: Vec<(u16, &MunicipalityRecord)> = Vec::new();
        for m in &self.municipalities {
            if !is_cbs_code(&m.code) {
                return Err(format!(
                    "`{}` ({}): expected GM and four digits",
                    m.code, m.name
                ));
            }
            let number = m.code[2..].parse::<u16>().unwrap_or_default();
            if earlier.iter().any(|(n, o)| *n == number && overlaps(o, m)) {
                return Err(format!("{} is listed twice for the same period", m.code));
            }
            earlier.push((number, m));
        }
        Ok(())
    }
}

const TSV_HEADER: &str = "code\tname\tprovince\talso_known_as\tplaces\tvalid_from\tvalid_to\tphone\tweb\tcontact_source\tcontact_seen\tformerly";

fn record_from_tsv(line: &str) -> Option<MunicipalityRecord> {
    let mut fields = line.split('\t');
    let mut next = || fields.next();
    let list = |field: &str| -> Vec<String> {
        if field.is_empty() {
            vec![]
        } else {
            field.split(';').map(str::to_string).collect()
        }
    };
    let date = |field: &str| -> Option<Option<NaiveDate>> {
        if field.is_empty() {
            Some(None)
        } else {
            crate::dates::parse(field).map(Some)
        }
    };
    let mut record = MunicipalityRecord {
        code: next()?.to_string(),
        name: next()?.to_string(),
        province: next()?.to_string(),
        also_known_as: list(next()?),
        places: list(next()?),
        valid_from: date(next()?)?,
        valid_to: date(next()?)?,
        contact: None,
        formerly: vec![],
    };
    let text = |field: &str| (!field.is_empty()).then(|| field.to_string());
    let (phone, web, source, seen) = (text(next()?), text(next()?), next()?, date(next()?)?);
    if let Some(seen) = seen {
        let source = source.to_string();
        record.contact = Some(Contact {
            phone,
            web,
            source,
            seen,
        });
    }
    for former in list(next()?) {
        let (name, since) = former.split_once('@')?;
        record.formerly.push(Former {
            name: name.to_string(),
            since: crate::dates::parse(since)?,
        });
    }
    next().is_none().then_some(record)
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
    // Letters outside ASCII go through `base_letter`, not `char::to_lowercase`, whose Unicode
    // tables would weigh on the wasm module's size budget; likewise one loop, no iterator chains.
    for c in name.chars() {
        let c = match c {
            '\'' | '’' | '‘' | '`' | '´' => continue,
            '-' | '_' | '.' | '/' | ',' | '(' | ')' => ' ',
            c if c.is_whitespace() => ' ',
            c => base_letter(c).to_ascii_lowercase(),
        };
        if c != ' ' || !(out.is_empty() || out.ends_with(' ')) {
            out.push(c);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The letter without its accent, for the letters of Dutch and Frisian place names.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
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
        assert_eq!(fold("ÉÉN Súdwest"), "een sudwest");
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
        assert!(
            table.municipalities.len() >= 340,
            "{}",
            table.municipalities.len()
        );
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
        assert!(by_code("GM0160").places.iter().any(|p| p == "Gramsbergen"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_tsv_form_reads_back_as_the_same_table_without_sources() {
        let table = MunicipalityTable::bundled().unwrap();
        let read = MunicipalityTable::from_tsv(&table.to_tsv()).unwrap();
        assert_eq!(read.municipalities, table.municipalities);
        let short = format!("{TSV_HEADER}\nGM0001\tX\tY\n");
        assert!(MunicipalityTable::from_tsv(&short)
            .unwrap_err()
            .to_string()
            .contains("line 2: expected 12 fields"));
        assert!(MunicipalityTable::from_tsv("code,name\n").is_err());
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_contact_lands_on_its_own_municipality_or_is_refused() {
        let table = || {
            let mut table = MunicipalityTable::bundled().unwrap();
            table
                .municipalities
                .iter_mut()
                .for_each(|m| m.contact = None);
            table
        };
        let entry = |code: &str, name: &str, phone: &str| {
            format!("[[contact]]\ncode = \"{code}\"\nname = \"{name}\"\nphone = \"{phone}\"\nsource = \"https://example.nl/contact\"\nseen = \"2026-12-06\"\nquote = \"Bel {phone}\"\n")
        };
        let error = |text: String| table().with_contacts(&text).unwrap_err().to_string();
        assert!(error(entry("GM0193", "Zwolle", "14 038").repeat(2))
            .contains("GM0193 (Zwolle): listed twice"));
        assert!(error(entry("GM0193", "Hardenberg", "14 038"))
            .contains("the national table names GM0193 `Zwolle`"));
        assert!(error(entry("GM9999", "Nergens", "14 038")).contains("not a current municipality"));
        assert!(error(entry("GM0193", "Zwolle", "bel ons")).contains("expected 5 to 11 digits"));
        let zwolle = table()
            .with_contacts(&entry("GM0193", "Zwolle", "14 038"))
            .unwrap();
        let record = zwolle
            .municipalities
            .iter()
            .find(|m| m.code == "GM0193")
            .unwrap();
        let contact = record.contact.as_ref().unwrap();
        assert_eq!(contact.phone.as_deref(), Some("14 038"));
        let read = MunicipalityTable::from_tsv(&zwolle.to_tsv()).unwrap();
        assert_eq!(
            read.municipalities, zwolle.municipalities,
            "the TSV carries the contact"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_merger_into_a_name_that_is_not_a_current_municipality_or_of_one_that_still_is_is_refused()
    {
        let table = || MunicipalityTable::bundled().unwrap();
        let merger = |former: &str, into: &str| {
            format!("[[merger]]\ndate = \"2022-01-01\"\nformer = [\"{former}\"]\ninto = [\"{into}\"]\nsource = \"https://example.nl\"\n")
        };
        let error = |text: String| table().with_mergers(&text).unwrap_err().to_string();
        assert!(error(merger("Nergenshuizen", "Atlantis"))
            .contains("Atlantis (2022-01-01): not a current municipality"));
        assert!(error(merger("Zwolle", "Kampen"))
            .contains("Zwolle (2022-01-01) is still a municipality"));
    }

    #[test]
    fn a_table_with_a_code_twice_or_a_malformed_code_is_refused() {
        let record = |code: &str| MunicipalityRecord {
            code: code.into(),
            name: "X".into(),
            province: "Y".into(),
            also_known_as: vec![],
            places: vec![],
            valid_from: None,
            valid_to: None,
            contact: None,
            formerly: vec![],
        };
        let twice = MunicipalityTable {
            municipalities: vec![record("GM0001"), record("GM0001")],
            ..Default::default()
        };
        assert!(twice
            .check()
            .unwrap_err()
            .contains("GM0001 is listed twice"));
        let bad = MunicipalityTable {
            municipalities: vec![record("GM001")],
            ..Default::default()
        };
        assert!(bad.check().is_err());
        let merged = MunicipalityTable {
            municipalities: vec![
                MunicipalityRecord {
                    valid_to: NaiveDate::from_ymd_opt(2026, 12, 31),
                    ..record("GM0001")
                },
                MunicipalityRecord {
                    valid_from: NaiveDate::from_ymd_opt(2027, 1, 1),
                    ..record("GM0001")
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            merged.check(),
            Ok(()),
            "a code may come back after a merger"
        );
    }
}
